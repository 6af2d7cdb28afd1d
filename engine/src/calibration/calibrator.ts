/**
 * Applying a fitted target calibration to one recipe: the calibrated point, and its CV+ (or
 * jackknife+) interval from the user's own residuals, both faded back to the shipped model's
 * point and interval as the recipe moves away from the labels (fade.ts). A recipe that is itself
 * one of the labels gets its held-out estimate instead (predictHeldOut): a point from a model
 * fitted on that label would make its residual look better than the calibration is.
 */
import { CalibrationGroup, type Interval } from '../inference/conformal';
import { fadeWeight, labelWeight } from './fade';
import { scaleRow } from './features';
import type { CalibrationQuality, TargetCalibration } from './file';
import { PointTree } from '../spatial/pointTree';
import { predictResidual, type ResidualModel } from './residualModel';

export interface Estimate {
  point: number;
  lower: number;
  upper: number;
}

export interface CalibratedEstimate extends Estimate {
  /** How much of the calibration applies here: 1 among the labels it was fitted on, towards 0 far from them. */
  weight: number;
}

/** A fold model's prediction: the base plus its residual, faded by the distance to that fold's own labels. */
export function foldPrediction(model: ResidualModel, z: readonly number[], base: number, distance: number): number {
  return base + fadeWeight(distance) * predictResidual(model, z);
}

/**
 * The held-out residuals of the labels outside fold k: the residuals a label of fold k is judged
 * by (its own fold never informs its interval). One fold, so `interval([point], c)` is the split
 * conformal interval point ± the residual at the coverage's rank.
 */
export function residualsOutsideFold(target: Pick<TargetCalibration, 'residuals' | 'fold'>, k: number): CalibrationGroup {
  const others = target.residuals.filter((_, i) => target.fold[i] !== k);
  return CalibrationGroup.fromResiduals(1, others, new Array<number>(others.length).fill(0));
}

/**
 * Coverage and width of the interval of each label's held-out point built only from the other
 * folds' residuals (the label's own fold never informs its interval), at `coverage`: the interval
 * a labelled recipe is shown with (TargetCalibrator.predictHeldOut, among the labels). That
 * interval is the point ± a residual of the other folds (one fold prediction makes CV+ symmetric),
 * so the label's own held-out residual says whether it is inside: any coverage can be measured
 * from the calibration file alone, not only the one it was fitted at.
 */
export function heldOutCoverage(
  held: Pick<TargetCalibration, 'residuals' | 'fold'>,
  coverage: number,
  outsideFold: (k: number) => CalibrationGroup = foldsOnce(held),
): Pick<CalibrationQuality, 'coverage' | 'meanWidth'> {
  let covered = 0;
  let counted = 0;
  let width = 0;
  held.residuals.forEach((residual, i) => {
    const { lower, upper } = outsideFold(held.fold[i]).interval([0], coverage);
    if (!(Number.isFinite(lower) && Number.isFinite(upper))) return;
    counted++;
    width += upper - lower;
    if (-residual >= lower && residual <= upper) covered++;
  });
  return { coverage: counted > 0 ? covered / counted : NaN, meanWidth: counted > 0 ? width / counted : Infinity };
}

/** residualsOutsideFold, made once per fold. */
function foldsOnce(held: Pick<TargetCalibration, 'residuals' | 'fold'>): (k: number) => CalibrationGroup {
  const made: CalibrationGroup[] = [];
  return (k) => (made[k] ??= residualsOutsideFold(held, k));
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
  /** Label index by label key (TargetCalibration.labelKeys). */
  private readonly labelIndex: ReadonlyMap<string, number>;
  /** residualsOutsideFold per fold, made when a label of that fold is first shown or a coverage measured. */
  private readonly outsideFold: (k: number) => CalibrationGroup;
  /** coverageAt by coverage. */
  private readonly coverages = new Map<number, number>();
  /** The label points' search tree, built when the first recipe is placed among them. */
  private tree: PointTree | undefined;

  constructor(private readonly target: TargetCalibration) {
    this.residuals = CalibrationGroup.fromResiduals(target.foldModels.length, target.residuals, target.fold);
    this.labelIndex = new Map(target.labelKeys.map((key, i) => [key, i]));
    this.outsideFold = foldsOnce(target);
  }

  get labels(): number {
    return this.target.points.length;
  }

  /** The labels' held-out coverage at `coverage`, which may be another than the one the file was fitted at (its quality's). */
  coverageAt(coverage: number): number {
    let measured = this.coverages.get(coverage);
    if (measured === undefined) this.coverages.set(coverage, (measured = heldOutCoverage(this.target, coverage, this.outsideFold).coverage));
    return measured;
  }

  /** The index of the label with this key, or undefined for a recipe that is none of the labels. */
  labelOf(key: string): number | undefined {
    return this.labelIndex.get(key);
  }

  predict(features: readonly number[], base: Estimate, coverage: number): CalibratedEstimate {
    const t = this.target;
    const z = scaleRow(t.scaler, features);
    const nearest = this.search().nearest(z);
    const { point, weight } = this.fullPoint(z, fadeWeight(nearest.overall), base.point);
    const perFold = t.foldModels.map((m, k) => foldPrediction(m, z, base.point, nearest.without(k)));
    const residuals = this.residualsFor();
    return faded(point, weight, (c) => residuals.interval(perFold, c), residuals.n, coverage, base);
  }

  /**
   * Label `label`'s estimate held out, as the fit judged it: the point of the fold model that never
   * saw its fold (jackknife+: the label alone; CV+: its element pair, or a fifth of the labels of
   * one pair), faded by the distance to the labels outside that fold, and the interval from the
   * other folds' residuals. Over the labels, these points' MAE is the calibration's CV MAE; where
   * the calibration reaches a label in full (weight 1), its interval is the one its coverage counts.
   */
  predictHeldOut(label: number, features: readonly number[], base: Estimate, coverage: number): CalibratedEstimate {
    const t = this.target;
    const z = scaleRow(t.scaler, features);
    const { point, weight } = this.heldOutPoint(label, z, base.point);
    const residuals = this.residualsFor(label);
    return faded(point, weight, (c) => residuals.interval([point], c), residuals.n, coverage, base);
  }

  /**
   * The user's residuals an interval is made from: every label's (predict), or for label `label`
   * shown held out only the other folds' (predictHeldOut). Fewer than the coverage needs, and the
   * interval is no calibrated one (faded).
   */
  residualsFor(label?: number): CalibrationGroup {
    if (label === undefined) return this.residuals;
    return this.outsideFold(this.target.fold[label]);
  }

  /**
   * The calibrated point alone, as predict gives it (predictHeldOut's for label `label`), without
   * its interval: what ranking a family needs, for up to 100,000 members at a time.
   */
  point(features: readonly number[], base: number, label?: number): number {
    const t = this.target;
    const z = scaleRow(t.scaler, features);
    if (label !== undefined) return this.heldOutPoint(label, z, base).point;
    return this.fullPoint(z, labelWeight(this.search(), z), base).point;
  }

  /** The labels' search tree (spatial/pointTree.ts): built once per calibration, not per recipe. */
  private search(): PointTree {
    return (this.tree ??= new PointTree(this.target.points, this.target.fold));
  }

  private fullPoint(z: readonly number[], weight: number, base: number): { point: number; weight: number } {
    return { point: base + weight * predictResidual(this.target.full, z), weight };
  }

  private heldOutPoint(label: number, z: readonly number[], base: number): { point: number; weight: number; fold: number } {
    const fold = this.target.fold[label];
    const distance = this.search().without(z, fold);
    return { point: foldPrediction(this.target.foldModels[fold], z, base, distance), weight: fadeWeight(distance), fold };
  }
}

/**
 * A calibrated point with its interval from the user's residuals, faded by `weight` to the shipped
 * interval. What fades is each side's margin around the point, not the interval's ends: the point
 * and the fold predictions the interval is made from have faded towards the shipped point already,
 * and blending the ends with the shipped ones as well moved the interval off the point by a part of
 * the calibration's shift (an Au54Ti at weight 0.93 had its point on its lower end).
 */
function faded(point: number, weight: number, intervalAt: (coverage: number) => Interval, residuals: number, coverage: number, base: Estimate): CalibratedEstimate {
  const withMargins = (calibrated: Interval): Interval => ({
    lower: Math.min(point, point - blend(weight, point - calibrated.lower, base.point - base.lower)),
    upper: Math.max(point, point + blend(weight, calibrated.upper - point, base.upper - base.point)),
  });
  const calibrated = intervalAt(coverage);
  if (Number.isFinite(calibrated.lower) && Number.isFinite(calibrated.upper)) return { point, ...withMargins(calibrated), weight };
  // Too few labels for this coverage: the user's residuals say nothing about the spread. The
  // interval covers the shipped one and the same interval moved with the calibrated point, so
  // neither point is trusted alone. (The shipped interval stretched just to the point left the
  // point on its edge, and the labels it was fitted to just outside.)
  const shift = point - base.point;
  const lower = Math.min(base.lower, base.lower + shift);
  const upper = Math.max(base.upper, base.upper + shift);
  if (residuals === 0) return { point, lower, upper, weight };
  // It also holds the widest interval the residuals bound (their extreme ranks, coverage n/(n + 1)),
  // and with it the interval at every lower coverage: without it, raising the coverage past what
  // the labels bound could raise the lower end (10 labels: an Au5Co at 90 % [-3.186, -2.593], at 95 % [-3.082, -1.536]).
  const widest = withMargins(intervalAt(residuals / (residuals + 1)));
  return { point, lower: Math.min(lower, widest.lower), upper: Math.max(upper, widest.upper), weight };
}
