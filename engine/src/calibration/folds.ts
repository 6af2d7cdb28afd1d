/**
 * How labels are split for cross-validation and for conformal intervals.
 *
 * With few labels (fewer than JACKKNIFE_BELOW) every label is its own fold: jackknife+, which
 * wastes none of them. With more, CV+ with FOLDS folds grouped by element pair, so a fold model
 * never saw the pair it is judged on (SCIENCE.md §5: split by chemistry, not at random); pairs are
 * dealt largest first to the emptiest fold, which keeps folds balanced and the split deterministic.
 */
export const JACKKNIFE_BELOW = 20;
export const FOLDS = 5;

export type IntervalMethod = 'jackknife+' | 'cv+';

export interface FoldPlan {
  method: IntervalMethod;
  folds: number;
  /** Fold index of each label. */
  fold: number[];
}

export function planFolds(groups: readonly string[]): FoldPlan {
  const n = groups.length;
  if (n < JACKKNIFE_BELOW) return { method: 'jackknife+', folds: n, fold: groups.map((_, i) => i) };
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  // With a single element pair there is nothing to group by: deal labels in turn.
  if (sizes.size < 2) return { method: 'cv+', folds: FOLDS, fold: groups.map((_, i) => i % FOLDS) };
  const folds = Math.min(FOLDS, sizes.size);
  const load = new Array<number>(folds).fill(0);
  const foldOf = new Map<string, number>();
  const ordered = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [g, size] of ordered) {
    let k = 0;
    for (let j = 1; j < folds; j++) if (load[j] < load[k]) k = j;
    foldOf.set(g, k);
    load[k] += size;
  }
  return { method: 'cv+', folds, fold: groups.map((g) => foldOf.get(g) as number) };
}
