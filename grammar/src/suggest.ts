/**
 * "Did you mean" suggestions. Candidates equal to the word ignoring case come first (`AU` →
 * `Au`), then candidates within a small edit distance (insertions, deletions, substitutions and
 * swaps of neighbours, compared case-insensitively), closest first. At most three are returned.
 */
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
  scored.sort((a, b) => a.distance - b.distance || sharedPrefix(b.candidate, word) - sharedPrefix(a.candidate, word) || a.candidate.localeCompare(b.candidate));
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

/** Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of one substring), cut off above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2][j - 2] + 1);
      d[i][j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
  }
  return d[rows - 1][cols - 1];
}
