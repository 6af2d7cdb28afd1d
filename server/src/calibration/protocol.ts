/**
 * The calibration part of the server's protocol, shared with the extension client (which must not
 * bundle the engine, so only types and names live here).
 *   `bimetal/calibration`            → CalibrationReport | null: the current calibration and its parity points
 *   `bimetal/suggest` {objective, n} → ScoreRecord[]: unlabelled recipes of the workspace, best first
 *   `bimetal/calibrationChanged`       notification with CalibrationStatus | null
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';

export const CALIBRATION_REPORT = 'bimetal/calibration';
export const SUGGEST = 'bimetal/suggest';
export const CALIBRATION_CHANGED = 'bimetal/calibrationChanged';

export interface CalibrationStatus {
  id: string;
  /** Labels of E_form (the hover's "N of your results"), and of ΔE. */
  labels: number;
  siteLabels: number;
  /** Cross-validated MAE of E_form after calibration, eV/atom (null without E_form labels). */
  cvMae: number | null;
  coverage: number | null;
}

export interface ParityPointMessage {
  file: string;
  recipe: string;
  target: 'eForm' | 'siteEnergy';
  reference: number;
  shipped: number;
  predicted: number;
  lower: number;
  upper: number;
}

export interface CalibrationReport {
  status: CalibrationStatus;
  /** The same lines `bimetal calibrate` prints. */
  lines: string[];
  points: ParityPointMessage[];
}

export interface SuggestParams {
  objective: 'stable' | 'uncertain';
  n: number;
}

export type SuggestResult = ScoreRecord[];
