/**
 * A calibration file from collected labels: one fitted target per label kind that has enough
 * labels, named by a hash of what was fitted (calibrationId).
 */
import { CALIBRATION_SCHEMA, CALIBRATION_VERSION, contentId, type CalibrationFile, type CalibrationTarget, type TargetCalibration } from '../../../engine/src/calibration/file';
import { fitTarget } from '../../../engine/src/calibration/fit';
import { BASE_MODEL_NAME } from './baseModel';
import { canonicalOrder, type CollectedLabel } from './labels';

/** Fewer labels leave no residual to judge another by: jackknife+ needs at least one per side. */
export const MIN_LABELS = 3;

/** Rounds stored numbers to 9 significant digits: far below any residual, and a third of the bytes. */
function compact(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(9)) : value;
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

export function buildCalibration(unordered: readonly CollectedLabel[], baseHash: string, coverage: number): CalibrationFile | null {
  const labels = canonicalOrder(unordered);
  const targets: Partial<Record<CalibrationTarget, TargetCalibration>> = {};
  for (const target of ['eForm', 'siteEnergy'] as const) {
    const own = labels.filter((l) => l.target === target);
    if (own.length >= MIN_LABELS) targets[target] = compact(fitTarget(own, coverage)) as TargetCalibration;
  }
  if (Object.keys(targets).length === 0) return null;
  const body = {
    baseModel: { name: BASE_MODEL_NAME, hash: baseHash },
    targets,
    labels: labels.map((l) => ({ file: l.file, recipe: l.recipe, target: l.target, reference: l.reference })),
  };
  return { schema: CALIBRATION_SCHEMA, version: CALIBRATION_VERSION, id: calibrationId(body), ...body };
}

/**
 * The calibration's id: a hash of the base model, the fits and each label's recipe, kind and value
 * (in canonical order, as fitted), but not the label's file. The file is named as the caller was given it: relative to the working
 * folder by `bimetal calibrate`, as a URI by the editor. One calibration must have one id in both,
 * so a CSV's `+cal:ID` can be traced to the calibration file it came from.
 */
function calibrationId(body: Pick<CalibrationFile, 'baseModel' | 'targets' | 'labels'>): string {
  const labels = body.labels.map(({ recipe, target, reference }) => ({ recipe, target, reference }));
  return contentId(JSON.stringify({ baseModel: body.baseModel, targets: body.targets, labels }));
}
