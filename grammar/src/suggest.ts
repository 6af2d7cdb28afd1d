/**
 * "Did you mean" suggestions. Candidates equal to the word ignoring case come first (`AU` →
 * `Au`), then candidates within a small edit distance (insertions, deletions, substitutions and
 * swaps of neighbours, compared case-insensitively), closest first. At most three are returned.
 */
import { byCodeUnit } from '../../engine/src/byCodeUnit';

const MAX_SUGGESTIONS = 3;

export function suggestClosest(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const exactIgnoringCase = candidates.filter((c) => c !== word && c.toLowerCase() === lower);
  if (exactIgnoringCase.length > 0) return unique(exactIgnoringCase).slice(0, MAX_SUGGESTIONS);

  const budget = editBudget(word.length);
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === word) continue;
    // Cheap length filter first: the edit distance is at least the length difference.
    if (Math.abs(candidate.length - word.length) > budget) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), budget);
    if (distance <= budget) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || sharedPrefix(b.candidate, word) - sharedPrefix(a.candidate, word) || byCodeUnit(a.candidate, b.candidate));
  return unique(scored.map((s) => s.candidate)).slice(0, MAX_SUGGESTIONS);
}

/** How many edits still count as a typo: 1 for short words, up to 3 for long ones. */
function editBudget(length: number): number {
  if (length <= 2) return 1;
  if (length <= 5) return 2;
  return 3;
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
