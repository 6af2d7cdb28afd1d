import { isElementSymbol } from '../../engine/src/periodicTable';
import { tokenMatcher, type IToken } from './chevrotain';
import * as T from './lexer';
import { readAsName } from './names';
import { SITE_NAMES, SUPPORT_KINDS, TOPOLOGY_NAMES } from './vocabulary';

/**
 * What follows a misspelt keyword on its line, as the keyword it was meant to be would read it.
 * A did-you-mean by spelling alone makes fixes that are errors again: `hots 4` into `host 4` (an
 * element is needed before the count), `hots Au 12` also into `note Au 12`, `ilgands Thiol x 6`
 * into `ligand Thiol x 6` (no `=`). One short string per misspelt word, not the value's node: the tree
 * keeps no more objects for it.
 *
 * A word is `element`, or the vocabulary it belongs to (`none` is a topology and a support kind,
 * so `word`), or `word` (a ligand's name, or a value misspelt, which gets its own fix);
 * `ligandUse` is a name or SMILES before `x`; `ligandDeclaration` and `recipeDeclaration` are the
 * rest of a top-level line that reads as one (a name, then `=` or `{`). Anything else tells
 * nothing of the keyword meant (`,`, `..`, a keyword that starts the next property), as nothing
 * on the line does: undefined.
 */
export type FollowingValue =
  | 'number'
  | 'string'
  | 'list'
  | 'ligandUse'
  | 'element'
  | 'topologyName'
  | 'siteName'
  | 'supportKind'
  | 'word'
  | 'ligandDeclaration'
  | 'recipeDeclaration';

const VOCABULARIES: readonly [FollowingValue, readonly string[]][] = [
  ['topologyName', TOPOLOGY_NAMES],
  ['siteName', SITE_NAMES],
  ['supportKind', SUPPORT_KINDS],
];

function wordKind(word: string): FollowingValue {
  if (isElementSymbol(word)) return 'element';
  const holding = VOCABULARIES.filter(([, words]) => words.includes(word));
  return holding.length === 1 ? holding[0][0] : 'word';
}

/** The kind of the value that starts with `next`; `then` is the token after it on the line, if any. */
export function followingValue(next: IToken, then: IToken | undefined): FollowingValue | undefined {
  if (tokenMatcher(next, T.NumberLiteral)) return 'number';
  if (tokenMatcher(next, T.LBracket)) return 'list';
  const isString = tokenMatcher(next, T.StringLiteral) || tokenMatcher(next, T.UnterminatedString);
  if (!isString && !tokenMatcher(next, T.Identifier)) return undefined;
  if (then !== undefined && tokenMatcher(then, T.Times)) return 'ligandUse';
  return isString ? 'string' : wordKind(next.image);
}

/** A name alone after `ligand` or `recipe`: any word may name one (`B`, boron's symbol), and its `=` or `{` may be missing, or on the next line. */
const NAMES: readonly FollowingValue[] = ['word', 'element', 'topologyName', 'siteName', 'supportKind'];

/**
 * What each keyword reads as its first value: `fits`, values it takes whole; `incomplete`, values
 * it reads while a value before them is still missing (`host 4`: the count, without its element).
 * Any other value would be left over as stray text or is of the wrong kind. The keywords a
 * did-you-mean offers: properties, the sub-keywords offered after a property (`shell 2` after a
 * topology, `X 8` after ligands), and the words that start a declaration or a ligand's clause.
 */
const TAKES: Readonly<Record<string, { fits: readonly FollowingValue[]; incomplete?: readonly FollowingValue[] }>> = {
  host: { fits: ['element', 'word', 'list'], incomplete: ['number'] },
  dopant: { fits: ['element', 'word', 'list'], incomplete: ['number'] },
  topology: { fits: ['topologyName', 'word'] },
  site: { fits: ['siteName', 'word'] },
  support: { fits: ['supportKind', 'word'] },
  ligands: { fits: ['word', 'string', 'ligandUse'] },
  distance: { fits: ['number'] },
  charge: { fits: ['number'] },
  energy: { fits: ['number'] },
  siteEnergy: { fits: ['number'] },
  note: { fits: ['string'] },
  structure: { fits: ['string'] },
  shells: { fits: ['number'] },
  x: { fits: ['number', 'list'] },
  ligand: { fits: ['ligandDeclaration'], incomplete: NAMES },
  recipe: { fits: ['recipeDeclaration'], incomplete: NAMES },
  binds: { fits: ['element'] },
  logP: { fits: ['number'] },
};

/**
 * The did-you-mean `candidates` (closest first) to offer for a word followed by `value`
 * (undefined: nothing follows on its line), and whether none of them is surely meant. Those that
 * take the value come first and alone; without one, those that read it with a value missing, none
 * preferred (`unsure`: the fix leaves an error); a keyword that cannot read it is never offered.
 * With nothing after the word that tells the value's kind, each candidate fits: a value missing
 * is missing before the fix as after it.
 */
export function replacementsTaking(candidates: readonly string[], value: FollowingValue | undefined): { replacements: string[]; unsure: boolean } {
  const takes = (candidate: string, how: 'fits' | 'incomplete') => {
    if (value === undefined) return how === 'fits';
    const rule = TAKES[candidate];
    return rule === undefined ? how === 'fits' : (rule[how] ?? []).includes(value);
  };
  const fitting = candidates.filter((candidate) => takes(candidate, 'fits'));
  if (fitting.length > 0) return { replacements: fitting, unsure: false };
  return { replacements: candidates.filter((candidate) => takes(candidate, 'incomplete')), unsure: true };
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
    const takes = TAKES[keyword]?.fits ?? [];
    const fits =
      keyword === 'ligand' || keyword === 'recipe'
        ? readAsName(value) === 'name' && (follows === undefined || takes.includes(follows))
        : takes.includes(wordKind(value));
    if (fits) return `${keyword} ${value}`;
  }
  return undefined;
}
