/** The human summary of a calibration: what `bimetal calibrate` prints and the editor's report shows. */
import { CALIBRATION_TARGETS, type CalibrationFile, type CalibrationQuality } from '../../../engine/src/calibration/file';
import { EFORM_MODEL, SITE_MODEL } from '../../../engine/src/inference/runtime';
import { minimumGroupSize } from '../../../engine/src/inference/conformal';
import { coveragePercent } from '../../../engine/src/numberText';
import { maeAgainstShippedText, type MaeAgainstShipped } from '../../../report/src/calibrationQuality';
import type { BasisSpec } from '../../../engine/src/calibration/residualModel';

const TARGET_NAMES = { eForm: 'E_form (energy)', siteEnergy: 'ΔE site (siteEnergy)' } as const;

/** The shipped model each target calibrates (the file's baseModel names the set of model files by the E_form model's name alone). */
const TARGET_MODELS = { eForm: EFORM_MODEL, siteEnergy: SITE_MODEL } as const;

export function calibrationReport(file: CalibrationFile): string[] {
  const models = CALIBRATION_TARGETS.filter((name) => file.targets[name]).map((name) => TARGET_MODELS[name]);
  const lines = [`calibration ${file.id} on ${models.join(' and ')} (model files ${file.baseModel.hash.slice(0, 19)}…)`];
  for (const [name, t] of Object.entries(file.targets)) {
    if (!t) continue;
    const q = t.quality;
    const unit = name === 'eForm' ? 'eV/atom' : 'eV';
    lines.push(
      `  ${TARGET_NAMES[name as keyof typeof TARGET_NAMES]}: ${q.labels} labels, residual model ${modelText(t.chosen)}, intervals ${t.method}`,
      `    ${maeAgainstShippedText(maeAgainstShipped(q), unit, 3)}`,
      `    ${intervalQuality(q, unit)}`,
    );
  }
  return lines;
}

/** A target's errors as the views compare them with the shipped model, its intervals read at `coverage` (by default the one it was fitted at). */
export function maeAgainstShipped(q: CalibrationQuality, coverage = q.coverageLevel): MaeAgainstShipped {
  return { cvMae: q.cvMae, maeBefore: q.maeBefore, labels: q.labels, coverageLevel: coverage, labelsNeeded: minimumGroupSize(coverage) };
}

function modelText(chosen: BasisSpec): string {
  switch (chosen.kind) {
    case 'none':
      return 'none (the shipped model\'s points)';
    case 'offset':
      return 'offset';
    case 'linear':
      return `ridge (λ = ${chosen.lambda})`;
    case 'rbf':
      return `kernel ridge (ℓ = ${chosen.lengthScale}, λ = ${chosen.lambda})`;
  }
}

/** The intervals' measured coverage and width; with too few labels none is bounded (NaN and ∞, null once in a file). */
function intervalQuality(q: CalibrationQuality, unit: string): string {
  const level = coveragePercent(q.coverageLevel);
  if (!Number.isFinite(q.meanWidth)) {
    return `${level} intervals unbounded: each label's is made from the other folds' residuals, and ${level} needs at least ${minimumGroupSize(q.coverageLevel)} of them; add labels`;
  }
  return `${level} coverage ${q.coverage.toFixed(2)}, mean width ${q.meanWidth.toFixed(2)} ${unit}`;
}
