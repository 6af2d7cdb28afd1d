/**
 * The calibration part of the server's protocol, shared with the extension client (which must not
 * bundle the engine, so the types and names live in report/src/protocol.ts).
 *   `bimetal/calibration`            → CalibrationReport | null: the current calibration and its parity points
 *   `bimetal/suggest` {objective, n} → ScoreRecord[]: unlabelled recipes of the workspace, best first
 *   `bimetal/calibrationChanged`       notification with CalibrationStatus | null
 */
export { CALIBRATION_CHANGED, CALIBRATION_REPORT, SUGGEST } from '../../../report/src/protocol';
export type { CalibrationReport, CalibrationStatus, ParityPointMessage, SuggestParams, SuggestResult } from '../../../report/src/protocol';

