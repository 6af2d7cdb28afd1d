/** Diagnostic codes of calibration (docs/diagnostics.md, "Calibration"). */
export const CALIBRATION_CODES = {
  /** The same expanded recipe carries two different values of one label. */
  conflictingLabels: 'BM420',
} as const;
