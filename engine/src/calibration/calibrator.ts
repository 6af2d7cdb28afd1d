/**
 * Applying a fitted target calibration to one recipe: the calibrated point, and its CV+ (or
 * jackknife+) interval from the user's own residuals, both faded back to the shipped model's
 * point and interval as the recipe moves away from the labels (fade.ts).
 */
import { lowerRank, upperRank } from '../inference/conformal';
import { fadeWeight, NearestLabels } from './fade';
import { scaleRow } from './features';
import type { TargetCalibration } from './file';
import { predictResidual, type ResidualModel } from './residualModel';

export interface Estimate {
  point: number;
  lower: number;
  upper: number;
}

export interface CalibratedEstimate extends Estimate {
  /** How much of the calibration applies here: 1 among the labels, towards 0 far from them. */
  weight: number;
}

/** A fold model's prediction: the base plus its residual, faded by the distance to that fold's own labels. */
export function foldPrediction(model: ResidualModel, z: readonly number[], base: number, distance: number): number {
  return base + fadeWeight(distance) * predictResidual(model, z);
}

/**
 * The r-th smallest (1-based) of { centre[k] + sign·R : R in runs[k] } over all folds k, or
 * ±Infinity outside 1…n. Each fold's values form a sorted run, so a K-way merge from the nearer end
 * costs O(K · min(r, n − r)) per recipe instead of sorting n values (RUNTIME.md: CV+ at speed).
 */
function rankOfRuns(runs: readonly number[][], centre: readonly number[], sign: 1 | -1, rank: number, n: number): number {
  if (rank < 1) return -Infinity;
  if (rank > n) return Infinity;
  // Ascending order of centre + sign·R walks R ascending (sign +1) or descending (sign −1).
  const fromTop = rank > n / 2;
  const steps = fromTop ? n - rank + 1 : rank;
  const taken = runs.map(() => 0);
  let value = NaN;
  for (let s = 0; s < steps; s++) {
    let best = -1;
    let bestValue = fromTop ? -Infinity : Infinity;
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k];
      if (taken[k] >= run.length) continue;
      // Smallest first: for sign +1 the smallest R; for sign −1 the largest R. Largest first: the reverse.
      const ascendingR = (sign === 1) !== fromTop;
      const r = ascendingR ? run[taken[k]] : run[run.length - 1 - taken[k]];
      const v = centre[k] + sign * r;
      if (fromTop ? v > bestValue : v < bestValue) {
        bestValue = v;
        best = k;
      }
    }
    taken[best]++;
    value = bestValue;
  }
  return value;
}

/** w·a + (1 − w)·b without 0·∞ turning into NaN. */
function blend(w: number, a: number, b: number): number {
  if (w >= 1) return a;
  if (w <= 0) return b;
  return w * a + (1 - w) * b;
}

export class TargetCalibrator {
  /** Each fold's held-out residuals, ascending. */
  private readonly runs: number[][];

  constructor(private readonly target: TargetCalibration) {
    this.runs = target.foldModels.map(() => []);
    target.residuals.forEach((r, i) => this.runs[target.fold[i]].push(r));
    for (const run of this.runs) run.sort((a, b) => a - b);
  }

  get labels(): number {
    return this.target.points.length;
  }

  predict(features: readonly number[], base: Estimate, coverage: number): CalibratedEstimate {
    const t = this.target;
    const z = scaleRow(t.scaler, features);
    const nearest = new NearestLabels(z, t.points, t.fold);
    const weight = fadeWeight(nearest.overall);
    const point = base.point + weight * predictResidual(t.full, z);

    const perFold = t.foldModels.map((m, k) => foldPrediction(m, z, base.point, nearest.without(k)));
    const n = t.residuals.length;
    const calLower = rankOfRuns(this.runs, perFold, -1, lowerRank(coverage, n), n);
    const calUpper = rankOfRuns(this.runs, perFold, 1, upperRank(coverage, n), n);
    // Too few labels for this coverage: the user's residuals say nothing, the shipped interval stands.
    const intervalWeight = Number.isFinite(calLower) && Number.isFinite(calUpper) ? weight : 0;
    const lower = Math.min(point, blend(intervalWeight, calLower, base.lower));
    const upper = Math.max(point, blend(intervalWeight, calUpper, base.upper));
    return { point, lower, upper, weight };
  }
}
