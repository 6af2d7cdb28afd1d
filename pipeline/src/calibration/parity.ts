/**
 * The parity view of a calibration: each labelled recipe's reference against the shipped
 * prediction and the calibrated one with its interval, for the report and the results panel.
 */
import type { CalibrationTarget } from '../../../engine/src/calibration/file';
import type { ScoredMember } from '../types';
import type { RecordCalibrator } from './apply';
import { hasLabel } from './labels';

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

export function parityPoints(members: ReadonlyArray<{ file: string; member: ScoredMember }>, calibrator: RecordCalibrator | undefined, coverage: number): ParityPoint[] {
  const points: ParityPoint[] = [];
  for (const { file, member } of members) {
    const { spec } = member;
    if (!hasLabel(spec)) continue;
    const record = member.record;
    const calibrated = calibrator ? calibrator.apply(member, record, coverage).record : record;
    const p = calibrated.prediction;
    if (spec.energy !== undefined && p && record.prediction) {
      points.push({ file, recipe: record.recipe, target: 'eForm', reference: spec.energy, shipped: record.prediction.eForm, predicted: p.eForm, lower: p.lower, upper: p.upper });
    }
    const s = calibrated.site;
    if (spec.siteEnergy !== undefined && s && record.site) {
      points.push({ file, recipe: record.recipe, target: 'siteEnergy', reference: spec.siteEnergy, shipped: record.site.deltaE, predicted: s.deltaE, lower: s.lower, upper: s.upper });
    }
  }
  return points;
}
