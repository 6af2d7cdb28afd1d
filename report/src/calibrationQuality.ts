/**
 * How a calibration compares with the shipped model on the calibration's own labels: its
 * cross-validated MAE (each label predicted by fits that never saw it) against the shipped model's
 * MAE on the same labels (which it never saw either), so the two are measured alike. Shared by
 * `bimetal calibrate`'s summary, the editor's hover and its status bar: each states both, and says
 * the same where the calibration predicts the labels worse.
 */
import { num } from './numbers';

export interface MaeAgainstShipped {
  /** The calibration's cross-validated MAE on its labels. */
  cvMae: number;
  /** The shipped model's MAE on the same labels. */
  shippedMae: number;
}

export function worseThanShipped({ cvMae, shippedMae }: MaeAgainstShipped): boolean {
  return cvMae > shippedMae;
}

/** "CV MAE 0.08 against the shipped model's 0.31 eV/atom" */
export function maeAgainstShippedText({ cvMae, shippedMae }: MaeAgainstShipped, unit: string, decimals: number): string {
  return `CV MAE ${num(cvMae, decimals)} against the shipped model's ${num(shippedMae, decimals)} ${unit}`;
}

/** "this calibration predicts your labels worse than the shipped model (CV MAE 0.58 against 0.51 eV/atom)" */
export function worseThanShippedText({ cvMae, shippedMae }: MaeAgainstShipped, unit: string, decimals: number): string {
  return `this calibration predicts your labels worse than the shipped model (CV MAE ${num(cvMae, decimals)} against ${num(shippedMae, decimals)} ${unit})`;
}
