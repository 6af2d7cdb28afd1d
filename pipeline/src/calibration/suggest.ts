/**
 * What to compute next: the unlabelled recipes ranked by an acquisition function. `stable` ranks by
 * the lower confidence bound of E_form (the most stable the recipe may plausibly be, so promising
 * and uncertain candidates both rise); `uncertain` by the width of the interval (where a new DFT
 * result teaches the calibration most).
 */
import type { RecipeSpec } from '../../../engine/src/recipe';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { isBounded } from '../../../report/src/numbers';

export const OBJECTIVES = ['stable', 'uncertain'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export interface Candidate {
  spec: RecipeSpec;
  record: ScoreRecord;
}

/** The acquisition value; lower ranks first. */
export function acquisition(record: ScoreRecord, objective: Objective): number {
  const p = record.prediction as NonNullable<ScoreRecord['prediction']>;
  return objective === 'stable' ? p.lower : -(p.upper - p.lower);
}

/** An unlabelled recipe without errors that has a prediction, bounded or not. */
function rankable({ spec, record }: Candidate): boolean {
  return spec.energy === undefined && record.prediction !== null && !record.diagnostics.some((d) => d.severity === 'error');
}

function bounded(record: ScoreRecord): boolean {
  return record.prediction !== null && isBounded(record.prediction);
}

/**
 * How many candidates would rank but for an unbounded E_form interval (BM405: a calibration group
 * too small for the coverage, such as every recipe with ligands or a support at 90 %), so the
 * caller can say why they are missing.
 */
export function unboundedCandidates(candidates: readonly Candidate[]): number {
  return candidates.filter((c) => rankable(c) && !bounded(c.record)).length;
}

/** Unlabelled, error-free recipes with a bounded prediction, best first, at most `n`. */
export function suggestCandidates(candidates: readonly Candidate[], objective: Objective, n: number): ScoreRecord[] {
  const eligible = candidates.filter((c) => rankable(c) && bounded(c.record));
  return eligible
    .map((c) => ({ record: c.record, value: acquisition(c.record, objective) }))
    .sort((a, b) => a.value - b.value || (a.record.recipe < b.record.recipe ? -1 : a.record.recipe > b.record.recipe ? 1 : 0))
    .slice(0, n)
    .map((c) => c.record);
}
