import { createToken, Lexer, type TokenType } from './chevrotain';

/**
 * Tokens of the `.bimetal` language (LANGUAGE.md §2).
 *
 * Design choices:
 * - The keywords of §3 are reserved. Topology names, site values, support kinds and units are
 *   plain identifiers checked by the validator, so a typo there gets a "did you mean" instead of
 *   a parse error.
 * - Strings may not span lines: an unterminated string ends at the end of its line, so one
 *   missing quote cannot swallow the rest of the file.
 * - `x` is the count operator unless a letter, `_` or `-` follows it (`PET x 8`, `PET x8`);
 *   `×` is accepted as well.
 * - Token categories (BodyStray, Loose, Word) let the parser consume "anything stray" in one
 *   step while keeping the structural tokens that end a block (`recipe`, `ligand`, `}`) out.
 */

/** Any token the parser may skip as stray input inside a recipe body (not `}` / `recipe` / `ligand` / identifiers). */
export const BodyStray = createToken({ name: 'BodyStray', pattern: Lexer.NA });
/** Any token that may follow an unknown property name on the same line. */
export const Loose = createToken({ name: 'Loose', pattern: Lexer.NA });
/** Any word-like token: identifiers and keywords (for misspelled declaration keywords). */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA });

/** A character that continues an identifier. */
const IDENTIFIER_PART = '[A-Za-z0-9_-]';

export const Identifier = createToken({ name: 'Identifier', pattern: new RegExp(`[A-Za-z_]${IDENTIFIER_PART}*`), categories: [Word] });

const keywordTexts: string[] = [];
/** The reserved words, as written: a word that is one of these never lexes as an Identifier. */
export const KEYWORD_TEXTS: readonly string[] = keywordTexts;

/**
 * A keyword matches only where no identifier character follows it: `hostname` is one identifier,
 * not `host` + `name`. The lookahead does what chevrotain's `longer_alt: Identifier` would, without
 * matching every keyword a second time as an identifier (about a fifth of all tokens are keywords).
 */
function keyword(name: string, text: string, categories: TokenType[] = []): TokenType {
  keywordTexts.push(text);
  const type = createToken({
    name,
    pattern: new RegExp(`${text}(?!${IDENTIFIER_PART})`),
    categories: [Word, ...categories],
  });
  keywordTextByType[type.tokenTypeIdx as number] = text;
  return type;
}

/** By chevrotain's index of a token type: a keyword's one text (it matches nothing else). */
const keywordTextByType: string[] = [];

/**
 * The text of a keyword token, without reading its image: the tree keeps one string per word
 * (astBuilder.ts vocabularyText), and finding a keyword's by its image hashed that fresh string,
 * 5 % of a parse's CPU time for all vocabulary words (`npm run bench -- parse`). Undefined for other tokens.
 */
export function keywordText(type: TokenType): string | undefined {
  return keywordTextByType[type.tokenTypeIdx as number];
}

export const Recipe = keyword('Recipe', 'recipe');
export const Ligand = keyword('Ligand', 'ligand');
export const Binds = keyword('Binds', 'binds', [BodyStray]);
export const LogP = keyword('LogP', 'logP', [BodyStray]);
export const Host = keyword('Host', 'host');
export const Dopant = keyword('Dopant', 'dopant');
export const Topology = keyword('Topology', 'topology');
export const Shells = keyword('Shells', 'shells', [BodyStray]);
export const Site = keyword('Site', 'site');
export const Ligands = keyword('Ligands', 'ligands');
export const Support = keyword('Support', 'support');
export const Distance = keyword('Distance', 'distance');
export const Charge = keyword('Charge', 'charge');
export const Energy = keyword('Energy', 'energy');
export const SiteEnergy = keyword('SiteEnergy', 'siteEnergy');
export const Note = keyword('Note', 'note');
export const Structure = keyword('Structure', 'structure');

export const Times = createToken({ name: 'Times', pattern: /x(?![A-Za-z_-])|×/, categories: [BodyStray, Loose] });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [BodyStray, Loose],
});
/** A string whose closing quote is missing: runs to the end of the line; reported by the AST builder. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [BodyStray, Loose],
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/,
  categories: [BodyStray, Loose],
});
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./, categories: [BodyStray, Loose] });
/** The ångström sign, as Latin Å (U+00C5) or the dedicated ANGSTROM SIGN (U+212B). */
export const Angstrom = createToken({ name: 'Angstrom', pattern: /[\u00C5\u212B]/, categories: [BodyStray, Loose] });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, categories: [BodyStray] });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, categories: [BodyStray, Loose] });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, categories: [BodyStray, Loose] });
export const Comma = createToken({ name: 'Comma', pattern: /,/, categories: [BodyStray, Loose] });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/, categories: [BodyStray, Loose] });

export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00A0\uFEFF\u2028\u2029]+/, group: Lexer.SKIPPED, line_breaks: true });

/** Property keywords, in the order of LANGUAGE.md §3.2. */
export const PROPERTY_TOKENS = [Host, Dopant, Topology, Site, Ligands, Support, Distance, Charge, Energy, SiteEnergy, Note, Structure] as const;

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  DotDot,
  Angstrom,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  Comma,
  Semicolon,
  Equals,
  Recipe,
  Ligands,
  Ligand,
  Binds,
  LogP,
  Host,
  Dopant,
  Topology,
  Shells,
  SiteEnergy,
  Site,
  Support,
  Distance,
  Charge,
  Energy,
  Note,
  Structure,
  Times,
  Identifier,
  BodyStray,
  Loose,
  Word,
];

/**
 * Chevrotain's checks of the token patterns (unreachable, empty or anchored patterns, …) run in the
 * grammar's tests, not at every start of the command line and the server: loading this module
 * (chevrotain, the tokens and the parser's lexer) took 27.8–30.5 ms without them against
 * 31.0–32.9 ms with them (six fresh processes each, alternating).
 */
const LEXER_CHECKS = { skipValidations: true } as const;

/**
 * The parser's lexer: offsets only. Line and column tracking costs more than the rest of lexing
 * together (tokens twice the size, every line break counted), and the parser asks about lines in
 * a few places only, where it reads the text between two tokens instead (see `sameLine`).
 */
export const offsetLexer = new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: true, ...LEXER_CHECKS });

let lineLexer: typeof offsetLexer | undefined;

/**
 * The lexer for tools that lay text out by lines (the formatter): tokens carry lines and columns.
 * `ensureOptimizations` makes a token pattern that defeats chevrotain's first-character dispatch
 * fail when the lexer is built instead of silently making every document slower to lex. Built on
 * first use: only formatting asks for it, and building a lexer is part of every start of the
 * command line and the server.
 */
export function bimetalLexer(): typeof offsetLexer {
  lineLexer ??= new Lexer(ALL_TOKENS, { positionTracking: 'full', ensureOptimizations: true, ...LEXER_CHECKS });
  return lineLexer;
}

/** Characters pasted from typeset text for the ASCII hyphen-minus `-`, which the language alone reads. */
export const DASHES: Readonly<Record<string, string>> = {
  '\u2212': 'a minus sign',
  '\u2010': 'a hyphen',
  '\u2011': 'a non-breaking hyphen',
  '\u2012': 'a figure dash',
  '\u2013': 'an en dash',
  '\u2014': 'an em dash',
  '\u2015': 'a horizontal bar',
  '\uFE63': 'a small hyphen-minus',
  '\uFF0D': 'a full-width hyphen-minus',
};
