import { isElementSymbol } from '../../engine/src/periodicTable';
import { tokenMatcher, type IToken, type TokenType } from './chevrotain';
import * as T from './lexer';
import { readAsName } from './names';
import { DISTANCE_UNITS, ENERGY_UNITS, SITE_NAMES, SUPPORT_KINDS, TOPOLOGY_NAMES } from './vocabulary';

/**
 * What follows a misspelt keyword on its line, as the keyword it was meant to be would read it.
 * A did-you-mean by spelling alone makes fixes that are errors again: `hots 4` into `host 4` (an
 * element is needed before the count), `hots Au 12` also into `note Au 12`, `ilgands Thiol x 6`
 * into `ligand Thiol x 6` (no `=`). One short string per misspelt word, not the value's nodes: the
 * tree keeps no more objects for it.
 *
 * The string is the kinds of the values on the rest of the line, in order, space-separated, so
 * that the whole sequence decides, not its first value: `lignads Cl, PET` is `element , word`
 * (ligand uses: `Cl` is a built-in ligand as well as an element), `hots [1, 2]` is `counts` (a
 * host's count without its element), `lignads PET 8` is `word number` (a use and a count without
 * its `x`). A word is `element`, or the vocabulary it belongs to (WORD_VALUES; `none` is a topology
 * and a support kind, so `word`), or `unit`, or `word` (a ligand's name, or a value misspelt,
 * which gets its own fix); a list is `elements`, `counts` (numbers and ranges) or `list`; `1..4`
 * is `range`; punctuation is itself (`,`, `x`, `=`, `..`, `]`), and tells nothing where it
 * comes first (followingValues). `ligandDeclaration` and
 * `recipeDeclaration` are the rest of a top-level line that reads as one (a name, then `=` or
 * `{`). The values end where the line or what a misspelt property swallows does (a keyword starts
 * the next property); undefined when none follows the word there.
 */
export type FollowingValue = string;

/**
 * The words of the language that are a value, with the keywords that take them as theirs: the one
 * table of it, for the values read after a misspelt keyword (RULES) and for a value glued to one
 * (`hostAu`, validate.ts). `longest`: characters in the longest such word.
 */
const WORD_VALUES: readonly { kind: string; holds: (word: string) => boolean; longest: number; keywords: readonly string[] }[] = [
  { kind: 'element', holds: isElementSymbol, longest: 3, keywords: ['host', 'dopant', 'binds'] },
  vocabulary('topologyName', TOPOLOGY_NAMES, ['topology']),
  vocabulary('siteName', SITE_NAMES, ['site']),
  vocabulary('supportKind', SUPPORT_KINDS, ['support']),
];

function vocabulary(kind: string, words: readonly string[], keywords: readonly string[]) {
  return { kind, holds: (word: string) => words.includes(word), longest: Math.max(...words.map((word) => word.length)), keywords };
}

/** Characters in the longest word WORD_VALUES holds: a glued value is no longer. */
export const LONGEST_VALUE_WORD = Math.max(...WORD_VALUES.map((entry) => entry.longest));

/** The keywords among `keywords` that take `word` as their value, in WORD_VALUES's order: `Au` host and dopant, `none` topology and support. */
export function keywordsTakingWord(word: string, keywords: readonly string[]): string[] {
  return WORD_VALUES.filter((entry) => entry.holds(word)).flatMap((entry) => entry.keywords.filter((keyword) => keywords.includes(keyword)));
}

const UNITS: readonly string[] = [...Object.keys(DISTANCE_UNITS), ...ENERGY_UNITS];

function wordKind(word: string): string {
  if (isElementSymbol(word)) return 'element';
  const holding = WORD_VALUES.filter((entry) => entry.holds(word));
  if (holding.length === 1) return holding[0].kind;
  return holding.length === 0 && UNITS.includes(word) ? 'unit' : 'word';
}

/** Values read after a word: past them, the rest of a pasted line tells nothing more, and is not walked. */
export const MAX_VALUE_TOKENS = 256;

const PUNCTUATION: readonly [TokenType, string][] = [
  [T.Times, 'x'],
  [T.Comma, ','],
  [T.Equals, '='],
  [T.DotDot, '..'],
  [T.RBracket, ']'],
];

/** The kind of one value that starts at `tokens[at]`, and where the next one starts. */
function valueAt(tokens: readonly IToken[], at: number): { kind: string; next: number } {
  const token = tokens[at];
  if (tokenMatcher(token, T.LBracket)) {
    const items: string[] = [];
    let i = at + 1;
    for (; i < tokens.length && !tokenMatcher(tokens[i], T.RBracket); ) {
      if (tokenMatcher(tokens[i], T.Comma)) {
        i++;
        continue;
      }
      const item = valueAt(tokens, i);
      items.push(item.kind);
      i = item.next;
    }
    const all = (kinds: readonly string[]) => items.length > 0 && items.every((kind) => kinds.includes(kind));
    return { kind: all(['element']) ? 'elements' : all(['number', 'range']) ? 'counts' : 'list', next: i + 1 };
  }
  if (tokenMatcher(token, T.NumberLiteral)) {
    const isRange = at + 2 < tokens.length && tokenMatcher(tokens[at + 1], T.DotDot) && tokenMatcher(tokens[at + 2], T.NumberLiteral);
    return isRange ? { kind: 'range', next: at + 3 } : { kind: 'number', next: at + 1 };
  }
  if (tokenMatcher(token, T.StringLiteral) || tokenMatcher(token, T.UnterminatedString)) return { kind: 'string', next: at + 1 };
  if (tokenMatcher(token, T.Angstrom)) return { kind: 'unit', next: at + 1 };
  if (tokenMatcher(token, T.Identifier)) return { kind: wordKind(token.image), next: at + 1 };
  const punctuation = PUNCTUATION.find(([type]) => tokenMatcher(token, type));
  return { kind: punctuation?.[1] ?? 'other', next: at + 1 };
}

/** What starts no value, and so tells nothing of the keyword meant where it comes first. */
const NO_VALUE: ReadonlySet<string> = new Set([...PUNCTUATION.map(([, kind]) => kind), 'other']);

/**
 * The kinds of `tokens`, the values after a word on its line (at most MAX_VALUE_TOKENS of them,
 * `more` when the line goes on), as FollowingValue; undefined for none, or where the first starts
 * no value (`hots , Au`: a slip between the two).
 */
export function followingValues(tokens: readonly IToken[], more: boolean): FollowingValue | undefined {
  if (tokens.length === 0 || NO_VALUE.has(valueAt(tokens, 0).kind)) return undefined;
  const kinds: string[] = [];
  for (let at = 0; at < tokens.length; ) {
    const value = valueAt(tokens, at);
    kinds.push(value.kind);
    at = value.next;
  }
  if (more) kinds.push('more');
  return kinds.join(' ');
}

const anyOf = (kinds: readonly string[]) => `(?:${kinds.join('|')})`;
/** The words a keyword takes (WORD_VALUES), and any other, as its value misspelt (which gets its own fix). */
const OWN = (keyword: string) => anyOf([...WORD_VALUES.filter((entry) => entry.keywords.includes(keyword)).map((entry) => entry.kind), 'word', 'unit']);
/** Any word, as a name: a ligand may be named `Cl`, a built-in one, or `B`, as boron's symbol. */
const NAME = anyOf([...WORD_VALUES.map((entry) => entry.kind), 'word', 'unit']);
const COUNT = anyOf(['number', 'range', 'counts']);
const METAL = (keyword: string) => anyOf([OWN(keyword), 'elements', 'list']);
const USE = `${anyOf([NAME, 'string'])}(?: x ${anyOf([COUNT, 'list'])})?`;
/** An atom, not a word misspelt: `binds` is offered only for one. */
const ATOM = anyOf(WORD_VALUES.filter((entry) => entry.keywords.includes('binds')).map((entry) => entry.kind));

/** `reads`: the values a keyword takes whole; `starts`: the first of them it reads, with a value missing or some left over. */
function rule(reads: string, starts: string): { reads: RegExp; starts: RegExp } {
  return { reads: new RegExp(`^${reads}$`), starts: new RegExp(`^${starts}(?: |$)`) };
}

/**
 * What each keyword reads after it, over FollowingValue's kinds. The keywords a did-you-mean
 * offers: properties, the sub-keywords offered after a property (`shell 2` after a topology,
 * `X 8` after ligands), and the words that start a declaration or a ligand's clause.
 */
const RULES: Readonly<Record<string, { reads: RegExp; starts: RegExp }>> = {
  host: rule(`${METAL('host')}(?: ${COUNT})?`, anyOf([METAL('host'), COUNT])),
  dopant: rule(`${METAL('dopant')}(?: ${COUNT})?`, anyOf([METAL('dopant'), COUNT])),
  topology: rule(OWN('topology'), OWN('topology')),
  site: rule(OWN('site'), OWN('site')),
  support: rule(`${OWN('support')}(?: ${NAME})?`, OWN('support')),
  ligands: rule(`${USE}(?: , ${USE})*`, anyOf([NAME, 'string'])),
  // A unit of another kind or misspelt (`meV`, `Angstrom`) gets its own fix.
  distance: rule('number(?: (?:unit|word))?', 'number'),
  charge: rule('number', 'number'),
  energy: rule('number(?: (?:unit|word))?', 'number'),
  siteEnergy: rule('number(?: (?:unit|word))?', 'number'),
  note: rule('string', 'string'),
  structure: rule('string', 'string'),
  shells: rule('number', 'number'),
  x: rule(anyOf([COUNT, 'list']), anyOf([COUNT, 'list'])),
  // A name: its `=` or `{` may be missing, or on the next line. Not one with a count after it (`Thiol x 6`): a recipe's ligand use.
  ligand: rule('ligandDeclaration', `${NAME}(?! x)`),
  recipe: rule('recipeDeclaration', `${NAME}(?! x)`),
  binds: rule(`${ATOM}(?: , ${ATOM})*`, ATOM),
  logP: rule('number', 'number'),
};

/**
 * The did-you-mean `candidates` (closest first) to offer for a word followed by `values`
 * (undefined: nothing follows on its line), and whether none of them is surely meant. Those that
 * read all the values come first and alone; without one, those that read a start of them, none
 * preferred (`unsure`: the fix leaves an error, a value missing or one left over); a keyword that
 * cannot read even the first value is never offered. With nothing after the word, each candidate
 * fits: a value missing is missing before the fix as after it.
 */
export function replacementsTaking(candidates: readonly string[], values: FollowingValue | undefined): { replacements: string[]; unsure: boolean } {
  const takes = (candidate: string, how: 'reads' | 'starts') => values === undefined || (RULES[candidate]?.[how].test(values) ?? how === 'reads');
  const fitting = candidates.filter((candidate) => takes(candidate, 'reads'));
  if (fitting.length > 0) return { replacements: fitting, unsure: false };
  return { replacements: candidates.filter((candidate) => takes(candidate, 'starts')), unsure: true };
}

/**
 * A top-level keyword with its first value glued on, written apart (`recipeA {` as `recipe A`,
 * `ligandL = …` as `ligand L`, `bindsS` as `binds S`); undefined for any other word. The keyword
 * alone, as its spelling suggests, would drop the name (BM106) or the atom (BM109). What is glued
 * on starts with a capital or `_`, as where the two words show apart: `recipee` and `recipes` are
 * the keyword misspelt, no recipe `e` or `s`. A declaration takes it as its name where `follows`,
 * the rest of the line, is its `=` or `{`, or nothing (the `{` may open the next line).
 */
export function keywordWithGluedValue(word: string, keywords: readonly string[], follows: FollowingValue | undefined): string | undefined {
  for (const keyword of keywords) {
    const value = word.slice(keyword.length);
    if (!word.startsWith(keyword) || !/^[A-Z_]/.test(value)) continue;
    const reads = RULES[keyword]?.reads;
    const fits =
      keyword === 'ligand' || keyword === 'recipe'
        ? readAsName(value) === 'name' && (follows === undefined || reads.test(follows))
        : reads?.test(wordKind(value)) === true;
    if (fits) return `${keyword} ${value}`;
  }
  return undefined;
}
