/**
 * A calibration file from collected labels: one fitted target per label kind that has enough
 * labels, named by a hash of what was fitted (calibrationId).
 */
import { CALIBRATION_SCHEMA, CALIBRATION_VERSION, contentId, type CalibrationFile, type CalibrationTarget, type TargetCalibration } from '../../../engine/src/calibration/file';
import { fitTarget } from '../../../engine/src/calibration/fit';
import { BASE_MODEL_NAME } from './baseModel';
import { canonicalOrder, sitePricedBase, type CollectedLabel } from './labels';
import { TargetCalibrator } from '../../../engine/src/calibration/calibrator';
import { tidy } from '../../../engine/src/significant';
import { orderingCost } from '../orderingTerm';

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
  // ΔE first: where it is calibrated, an E_form label's stated site is priced by the calibrated ΔE, as apply.ts prices its record.
  for (const target of ['siteEnergy', 'eForm'] as const) {
    const own = labels.filter((l) => l.target === target);
    const site = target === 'eForm' && targets.siteEnergy ? new TargetCalibrator(targets.siteEnergy) : undefined;
    if (own.length >= MIN_LABELS) targets[target] = compact(fitTarget(site ? own.map((l) => sitePriced(l, site)) : own, coverage)) as TargetCalibration;
  }
  if (Object.keys(targets).length === 0) return null;
  const body = {
    baseModel: { name: BASE_MODEL_NAME, hash: baseHash },
    targets,
    labels: labels.map((l) => ({ file: l.file, recipe: l.recipe, target: l.target, reference: l.reference })),
  };
  return { schema: CALIBRATION_SCHEMA, version: CALIBRATION_VERSION, id: calibrationId(body), ...body };
}

/** An E_form label with its base's ordering term priced by the calibrated ΔE `site` (RecordCalibrator.apply, sitePricedBase). */
function sitePriced(label: CollectedLabel, site: TargetCalibrator): CollectedLabel {
  const o = label.siteOrdering;
  if (!o) return label;
  const deltaE = tidy(site.point(o.siteFeatures, o.siteBase, o.siteLabelled ? site.labelOf(label.key) : undefined));
  const base = sitePricedBase(label.base, o.value, orderingCost(o.share, o.site, deltaE));
  return { ...label, base, features: [...label.features.slice(0, -1), base] };
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
