/**
 * Diagnostic codes of calibration (docs/diagnostics.md, "Calibration"): findings on labels, which
 * never keep a recipe from being scored.
 */
export const CALIBRATION_CODES = {
  /** The same expanded recipe carries two different values of one label. */
  conflictingLabels: 'BM420',
  /** A label whose recipe has no prediction of its kind to compare it with (e.g. `siteEnergy` where there is no core/surface choice). */
  unusableLabel: 'BM421',
} as const;
