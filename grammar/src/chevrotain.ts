/**
 * The chevrotain runtime, loaded from its self-contained ESM bundle.
 *
 * Why not `import … from 'chevrotain'`: the package entry imports `@chevrotain/*` packages whose
 * `exports` map has only an `import` condition. The repository is CommonJS, and tsx (tests,
 * bench) turns ESM files into CommonJS `require` calls, which those packages refuse
 * (ERR_PACKAGE_PATH_NOT_EXPORTED). The bundle has no imports at all, so it loads the same way
 * under tsx, Node and esbuild. Types still come from the package's own declarations.
 */
import type * as ChevrotainApi from 'chevrotain';
// @ts-expect-error The bundle file ships without its own declaration file; typed just below.
import * as bundle from '../../node_modules/chevrotain/lib/chevrotain.mjs';

const chevrotain = bundle as typeof ChevrotainApi;

export const { createToken, Lexer, EmbeddedActionsParser, EOF, tokenMatcher } = chevrotain;
export type { ILexingError, ILexingResult, IOrAlt, IRecognitionException, IToken, TokenType } from 'chevrotain';
