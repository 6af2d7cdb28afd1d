/**
 * The parity view of a calibration: each of its labels' reference against the shipped prediction
 * and the calibrated one with its interval, for the report and the results panel.
 */
import { CALIBRATION_TARGETS, type CalibrationFile, type CalibrationTarget } from '../../../engine/src/calibration/file';
import type { ScoredMember } from '../types';
import type { RecordCalibrator } from './apply';
import { basePoint, labelValue } from './labels';

export interface ParityPoint {
  file: string;
  recipe: string;
  target: CalibrationTarget;
  reference: number;
  /** The shipped model's value. */
  shipped: number;
  /** The calibrated value and its interval (the shipped ones without a calibration for this target). */
  predicted: number;
  lower: number;
  upper: number;
}

/** One label as the calibration file lists it. */
function labelId(label: CalibrationFile['labels'][number]): string {
  return JSON.stringify([label.file, label.recipe, label.target, label.reference]);
}

/**
 * The points of the calibration's own labels among `members` (`file` named as the calibration names
 * it). A label the fit left out (a conflict, BM420; a recipe with an error) or a second copy of one
 * was never seen by it: its prediction would be the full calibration's, not a held-out one, and the
 * points would neither average to the CV MAE nor count the labels the calibration says it has.
 */
export function parityPoints(members: ReadonlyArray<{ file: string; member: ScoredMember }>, calibrator: RecordCalibrator, coverage: number): ParityPoint[] {
  const fitted = new Set(calibrator.file.labels.map(labelId));
  const points: ParityPoint[] = [];
  for (const { file, member } of members) {
    const { spec } = member;
    const labels = CALIBRATION_TARGETS.flatMap((target) => {
      const reference = labelValue(spec, target);
      // The file lists every label collected, also of a target with too few to fit (which has no calibration to show).
      const used = reference !== undefined && calibrator.file.targets[target] !== undefined && fitted.has(labelId({ file, recipe: spec.name, target, reference }));
      return used ? [{ target, reference: reference as number }] : [];
    });
    // Before the record: a member's record is built when first read and then kept, and most members carry no label.
    if (labels.length === 0) continue;
    const record = member.record;
    const calibrated = calibrator.apply(member, record, coverage).record;
    for (const { target, reference } of labels) {
      const shipped = basePoint(record, target);
      const predicted = basePoint(calibrated, target);
      const interval = target === 'eForm' ? calibrated.prediction : calibrated.site;
      // A label the fit read had a shipped value to compare with, so none is skipped here.
      if (shipped === undefined || predicted === undefined || !interval) continue;
      points.push({ file, recipe: record.recipe, target, reference, shipped, predicted, lower: interval.lower, upper: interval.upper });
    }
  }
  return points;
}
