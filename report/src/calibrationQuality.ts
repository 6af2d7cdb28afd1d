/**
 * How a calibration compares with the shipped model on the calibration's own labels: its
 * cross-validated MAE (each label predicted by fits that never saw it) against the shipped model's
 * MAE on the same labels. No correction is one of the candidates a calibration chooses from
 * (engine/src/calibration/fit.ts), so its CV MAE is never the larger: either a correction beat the
 * shipped model, or the shipped model's points are kept and the labels set only the intervals. The
 * comparison still leans towards a correction: its CV MAE is that of the candidate chosen for the
 * lowest CV MAE, which flatters it most with few labels, so a CV MAE only a little below the
 * shipped model's is no evidence that the correction helps (docs/calibration.md). Shared by
 * `bimetal calibrate`'s summary, `--explain`, the editor's hover and its status bar.
 */
import { coveragePercent, num } from './numbers';

/** The two errors, and how many labels at which coverage, named as a calibration file's quality names them (CalibrationQuality), with how many labels an interval needs. */
export interface MaeAgainstShipped {
  /** The calibration's cross-validated MAE on its labels. */
  cvMae: number;
  /** The shipped model's MAE on the same labels. */
  maeBefore: number;
  labels: number;
  /** The coverage the intervals are read at. */
  coverageLevel: number;
  /** How many labels an interval needs at `coverageLevel` (minimumGroupSize, engine/src/inference/conformal.ts, which the editor's bundle does not carry). */
  labelsNeeded: number;
}

/**
 * Whether the calibration corrects the shipped model's points. Where no correction beat it, the
 * chosen residual model is `none`, whose held-out predictions are the shipped points themselves:
 * its CV MAE is the shipped model's MAE, to the last bit.
 */
export function correctsShipped({ cvMae, maeBefore }: MaeAgainstShipped): boolean {
  return cvMae < maeBefore;
}

/** Both errors with `decimals` decimals, or more where they would print alike. */
export function maeTexts({ cvMae, maeBefore }: MaeAgainstShipped, decimals: number): { cv: string; shipped: string } {
  let shown = decimals;
  while (shown < decimals + 3 && num(cvMae, shown) === num(maeBefore, shown)) shown++;
  return { cv: num(cvMae, shown), shipped: num(maeBefore, shown) };
}

/**
 * Whether the labels' residuals bound a recipe's interval at `coverageLevel`: a recipe that is no
 * label is given all of them (a label's own interval only the other folds', so one fewer and more).
 */
export function boundsIntervals(mae: MaeAgainstShipped): boolean {
  return mae.labels >= mae.labelsNeeded;
}

/**
 * "CV MAE 0.08 against the shipped model's 0.31 eV/atom", or where no correction beat the shipped
 * model: "no correction beat the shipped model's MAE of 0.51 eV/atom on these labels by
 * cross-validation: its points are kept, the labels set only the intervals"; where the labels are
 * also too few to bound an interval at the coverage, the calibration changes nothing there, and
 * says so.
 */
export function maeAgainstShippedText(mae: MaeAgainstShipped, unit: string, decimals: number): string {
  if (!correctsShipped(mae)) {
    const noCorrection = `no correction beat the shipped model's MAE of ${num(mae.maeBefore, decimals)} ${unit} on these labels by cross-validation: its points are kept`;
    if (boundsIntervals(mae)) return `${noCorrection}, the labels set only the intervals`;
    const level = coveragePercent(mae.coverageLevel);
    return `${noCorrection}, and ${mae.labels} labels are too few to bound intervals at ${level} coverage (that needs ${mae.labelsNeeded}), so at ${level} the shipped intervals stand too`;
  }
  const { cv, shipped } = maeTexts(mae, decimals);
  return `CV MAE ${cv} against the shipped model's ${shipped} ${unit}`;
}
