/**
 * Applying a fitted target calibration to one recipe: the calibrated point, and its CV+ (or
 * jackknife+) interval from the user's own residuals, both faded back to the shipped model's
 * point and interval as the recipe moves away from the labels (fade.ts).
 */
import { CalibrationGroup } from '../inference/conformal';
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

/** w·a + (1 − w)·b without 0·∞ turning into NaN. */
function blend(w: number, a: number, b: number): number {
  if (w >= 1) return a;
  if (w <= 0) return b;
  return w * a + (1 - w) * b;
}

export class TargetCalibrator {
  /** The user's held-out residuals by fold: the shipped models' CV+ machinery computes the interval. */
  private readonly residuals: CalibrationGroup;

  constructor(private readonly target: TargetCalibration) {
    this.residuals = CalibrationGroup.fromResiduals(target.foldModels.length, target.residuals, target.fold);
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
    const { lower: calLower, upper: calUpper } = this.residuals.interval(perFold, coverage);
    if (!(Number.isFinite(calLower) && Number.isFinite(calUpper))) {
      // Too few labels for this coverage: the user's residuals say nothing about the spread. The
      // interval covers the shipped one and the same interval moved with the calibrated point, so
      // neither point is trusted alone. (The shipped interval stretched just to the point left the
      // point on its edge, and the labels it was fitted to just outside.)
      const shift = point - base.point;
      return { point, lower: Math.min(base.lower, base.lower + shift), upper: Math.max(base.upper, base.upper + shift), weight };
    }
    const lower = Math.min(point, blend(weight, calLower, base.lower));
    const upper = Math.max(point, blend(weight, calUpper, base.upper));
    return { point, lower, upper, weight };
  }
}
