/**
 * Client commands the server's responses invoke (code lenses). VS Code's extension registers
 * them (client/src/commands.ts); other editors may ignore them, the lens title carries the numbers.
 */

/** Shows one recipe's score records (a family: all its members) in the results panel. */
export const SHOW_RECIPE = 'bimetal.showRecipe';

/** The arguments of SHOW_RECIPE: the document's URI and the recipe block's name. */
export type ShowRecipeArguments = [uri: string, recipe: string];

/** Opens the calibration report (parity plot of the labelled recipes) in the results panel. */
export const SHOW_CALIBRATION = 'bimetal.showCalibration';
