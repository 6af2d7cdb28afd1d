/**
 * "Did you mean" suggestions. Candidates equal to the word ignoring case come first (`AU` →
 * `Au`), then candidates within a small edit distance (insertions, deletions, substitutions and
 * swaps of neighbours, compared case-insensitively) and at least half the word's length, closest
 * first. At most three are returned.
 */
import { byCodeUnit } from '../../engine/src/byCodeUnit';

/** At most this many names in one did-you-mean. */
export const MAX_SUGGESTIONS = 3;

export function suggestClosest(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const exactIgnoringCase = candidates.filter((c) => c !== word && c.toLowerCase() === lower);
  if (exactIgnoringCase.length > 0) return unique(exactIgnoringCase).slice(0, MAX_SUGGESTIONS);

  const budget = editBudget(word.length);
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === word) continue;
    // A word is no typo of a name less than half its length, which its edits would have to mostly drop (`FOO` of `F`).
    if (candidate.length * 2 < word.length) continue;
    // Cheap length filter first: the edit distance is at least the length difference.
    if (Math.abs(candidate.length - word.length) > budget) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), budget);
    if (distance <= budget) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || sharedPrefix(b.candidate, word) - sharedPrefix(a.candidate, word) || byCodeUnit(a.candidate, b.candidate));
  return unique(scored.map((s) => s.candidate)).slice(0, MAX_SUGGESTIONS);
}

/**
 * Whether `candidate` is surely what `word` was meant to be, as a fix applied unasked must be: the
 * same but for case (`pph3`), for one swap of neighbouring letters (`PTE`), or for the order of its
 * formula groups (`Ph3P`). A close spelling alone is no such proof: `Ph3P` is one letter from
 * `FPh3P`, another molecule. Digits swapped are no slip of this kind: `Lig21` is another row than
 * `Lig12`, `C6H31` no `C6H13`.
 */
export function isSureCorrection(word: string, candidate: string): boolean {
  const lower = word.toLowerCase();
  const other = candidate.toLowerCase();
  return lower === other || isLetterSwap(lower, other) || sameFormulaGroups(word, candidate);
}

/** Whether `a` and `b` differ only by two neighbouring letters swapped. */
function isLetterSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const swapped = i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && /^[a-z]{2}$/.test(a.slice(i, i + 2));
  return swapped && a.slice(i + 2) === b.slice(i + 2);
}

/** A group of a condensed formula: a capital, the lower-case letters of its symbol, and its count (`Ph3`, `C6`, `S`). */
const FORMULA_GROUP = /[A-Z][a-z]*\d*/g;

/**
 * Whether `a` and `b` are condensed formulas of the same groups in another order (`Ph3P` and
 * `PPh3`, `C6H13S` and `SC6H13`). Words of one-letter groups alone are acronyms more often than
 * formulas (`TPP` is no `PPT`, `NHC` no `HCN`), so a group of more than one letter or a count is
 * needed.
 */
function sameFormulaGroups(a: string, b: string): boolean {
  const groups = formulaGroups(a);
  const others = formulaGroups(b);
  if (!groups || !others || !groups.some((group) => group.length > 1)) return false;
  return groups.sort().join() === others.sort().join();
}

/** `word`'s formula groups, or undefined for a word that is not made of them alone. */
function formulaGroups(word: string): string[] | undefined {
  const groups = word.match(FORMULA_GROUP) ?? [];
  return groups.join('') === word ? groups : undefined;
}

/** The most edits that count as a typo, in a word of any length. */
export const MAX_EDITS = 3;

/** How many edits still count as a typo: 1 for short words, up to MAX_EDITS for long ones. */
function editBudget(length: number): number {
  if (length <= 2) return 1;
  if (length <= 5) return 2;
  return MAX_EDITS;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i].toLowerCase() === b[i].toLowerCase()) i++;
  return i;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of one substring), cut off above `limit`. Keeps three rows only. */
function editDistance(a: string, b: string, limit: number): number {
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2] + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}
