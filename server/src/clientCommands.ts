/**
 * Client commands the server's responses invoke (code lenses). VS Code's extension registers
 * them (client/src/commands.ts); other editors may ignore them, the lens title carries the numbers.
 */

export { SHOW_CALIBRATION, SHOW_RECIPE, type ShowRecipeArguments } from '../../report/src/protocol';
