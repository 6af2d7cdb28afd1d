/**
 * What a calibrated interval comes from, in the words `--explain` and the hover share: the user's
 * residuals, by the calibration's method (jackknife+ below 20 labels, CV+ above), or, with fewer of
 * them than the coverage needs, no calibrated interval at all (TargetCalibrator then shows the hull
 * of the shipped interval, the same moved with the calibrated point and the widest interval those
 * residuals bound).
 */
import type { TargetCalibration } from '../../../engine/src/calibration/file';
import { minimumGroupSize } from '../../../engine/src/inference/conformal';
import { coveragePercent } from '../../../engine/src/numberText';
import { keepsShippedPoints } from './apply';

/** What a calibrated interval was made from. */
export interface CalibratedIntervalBasis {
  target: Pick<TargetCalibration, 'method' | 'chosen'>;
  /** How many of the user's residuals (RecordCalibrator.residualCount). */
  residuals: number;
  /** Whether they are the other folds' only: the recipe is a label, shown held out. */
  heldOut: boolean;
  coverage: number;
  /** Whether the calibration makes this interval at all (RecordCalibrator.boundsInterval): else the shipped one stands. */
  bounds: boolean;
}

/**
 * "not a calibrated 90 % interval: …; so this spans …" where the residuals are too few for the
 * coverage, else undefined: the interval is then the calibration's own.
 */
export function uncalibratedIntervalText({ target, residuals, heldOut, coverage, bounds }: CalibratedIntervalBasis): string | undefined {
  if (!bounds) return "the shipped model's CV+ interval, which no calibration bounds here (BM405 says why)";
  const level = coveragePercent(coverage);
  const needed = minimumGroupSize(coverage);
  if (residuals >= needed) return undefined;
  const counted = heldOut ? `the other folds' ${residuals} residuals` : `${residuals} residuals`;
  // Under no correction the calibrated point is the shipped one: the hull is the shipped interval itself.
  const shipped = keepsShippedPoints(target) ? 'the shipped interval' : 'the shipped interval and the same moved with the calibrated point';
  const hull = residuals > 0 ? `${shipped}, and the widest interval those residuals bound` : shipped;
  return `not a calibrated ${level} interval: the calibration has ${counted} for it, and ${level} needs at least ${needed}; so this spans ${hull}`;
}

/** The method a calibrated interval comes from, named as the shipped models' CV+ is: `jackknife+`, `CV+`, or why it is no calibrated interval. */
export function calibratedIntervalMethod(basis: CalibratedIntervalBasis): string {
  // The shipped interval stands, its BM405 quoted beside it: named as the shipped model's is.
  if (!basis.bounds) return 'CV+';
  return uncalibratedIntervalText(basis) ?? (basis.target.method === 'cv+' ? 'CV+' : basis.target.method);
}
