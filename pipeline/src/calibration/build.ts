/**
 * A calibration file from collected labels: one fitted target per label kind that has enough
 * labels, named by a content hash.
 */
import { CALIBRATION_SCHEMA, CALIBRATION_VERSION, contentId, type CalibrationFile, type CalibrationTarget, type TargetCalibration } from '../../../engine/src/calibration/file';
import { fitTarget } from '../../../engine/src/calibration/fit';
import { BASE_MODEL_NAME } from './baseModel';
import type { CollectedLabel } from './labels';

/** Fewer labels leave no residual to judge another by: jackknife+ needs at least one per side. */
export const MIN_LABELS = 3;

/** Rounds stored numbers to 9 significant digits: far below any residual, and a third of the bytes. */
function compact(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(9)) : value;
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

export function buildCalibration(labels: readonly CollectedLabel[], baseHash: string, coverage: number): CalibrationFile | null {
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
  return { schema: CALIBRATION_SCHEMA, version: CALIBRATION_VERSION, id: contentId(JSON.stringify(body)), ...body };
}
