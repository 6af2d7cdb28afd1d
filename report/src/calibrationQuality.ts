/**
 * How a calibration compares with the shipped model on the calibration's own labels: its
 * cross-validated MAE (each label predicted by fits that never saw it) against the shipped model's
 * MAE on the same labels. The comparison leans towards the calibration: its CV MAE is that of the
 * candidate chosen for the lowest CV MAE (engine/src/calibration/fit.ts), which flatters it most
 * with few labels, so a CV MAE only a little below the shipped model's is no evidence that the
 * calibration helps (docs/calibration.md). Shared by `bimetal calibrate`'s summary, the editor's
 * hover and its status bar: each states both, and says the same where the calibration predicts the
 * labels worse.
 */
import { num } from './numbers';

/** The two errors, named as a calibration file's quality names them (CalibrationQuality). */
export interface MaeAgainstShipped {
  /** The calibration's cross-validated MAE on its labels. */
  cvMae: number;
  /** The shipped model's MAE on the same labels. */
  maeBefore: number;
}

export function worseThanShipped({ cvMae, maeBefore }: MaeAgainstShipped): boolean {
  return cvMae > maeBefore;
}

/** Both errors with `decimals` decimals, or more where they would print alike: a warning never shows two equal numbers. */
export function maeTexts({ cvMae, maeBefore }: MaeAgainstShipped, decimals: number): { cv: string; shipped: string } {
  let shown = decimals;
  while (shown < decimals + 3 && num(cvMae, shown) === num(maeBefore, shown)) shown++;
  return { cv: num(cvMae, shown), shipped: num(maeBefore, shown) };
}

/** "CV MAE 0.08 against the shipped model's 0.31 eV/atom" */
export function maeAgainstShippedText(mae: MaeAgainstShipped, unit: string, decimals: number): string {
  const { cv, shipped } = maeTexts(mae, decimals);
  return `CV MAE ${cv} against the shipped model's ${shipped} ${unit}`;
}

/** "this calibration predicts your labels worse than the shipped model (CV MAE 0.58 against 0.51 eV/atom)" */
export function worseThanShippedText(mae: MaeAgainstShipped, unit: string, decimals: number): string {
  const { cv, shipped } = maeTexts(mae, decimals);
  return `this calibration predicts your labels worse than the shipped model (CV MAE ${cv} against ${shipped} ${unit})`;
}
