/** The human summary of a calibration: what `bimetal calibrate` prints and the editor's report shows. */
import type { CalibrationFile, CalibrationQuality } from '../../../engine/src/calibration/file';
import { minimumGroupSize } from '../../../engine/src/inference/conformal';
import { coveragePercent } from '../../../engine/src/numberText';
import { maeAgainstShippedText, worseThanShipped, worseThanShippedText } from '../../../report/src/calibrationQuality';

const TARGET_NAMES = { eForm: 'E_form (energy)', siteEnergy: 'ΔE site (siteEnergy)' } as const;

export function calibrationReport(file: CalibrationFile): string[] {
  const lines = [`calibration ${file.id} on ${file.baseModel.name} (${file.baseModel.hash.slice(0, 19)}…)`];
  for (const [name, t] of Object.entries(file.targets)) {
    if (!t) continue;
    const q = t.quality;
    const unit = name === 'eForm' ? 'eV/atom' : 'eV';
    const model = t.chosen.kind === 'rbf' ? `kernel ridge (ℓ = ${t.chosen.lengthScale}, λ = ${t.chosen.lambda})` : t.chosen.kind === 'linear' ? `ridge (λ = ${t.chosen.lambda})` : 'offset';
    lines.push(
      `  ${TARGET_NAMES[name as keyof typeof TARGET_NAMES]}: ${q.labels} labels, residual model ${model}, intervals ${t.method}`,
      `    ${maeAgainstShippedText(q, unit, 3)}`,
      // Applied all the same (docs/calibration.md): said here, where it is made, and wherever it is shown.
      ...(worseThanShipped(q) ? [`    warning: ${worseThanShippedText(q, unit, 3)}`] : []),
      `    ${intervalQuality(q, unit)}`,
    );
  }
  return lines;
}

/** The intervals' measured coverage and width; with too few labels none is bounded (NaN and ∞, null once in a file). */
function intervalQuality(q: CalibrationQuality, unit: string): string {
  const level = coveragePercent(q.coverageLevel);
  if (!Number.isFinite(q.meanWidth)) {
    return `${level} intervals unbounded: each label's is made from the other folds' residuals, and ${level} needs at least ${minimumGroupSize(q.coverageLevel)} of them; add labels`;
  }
  return `${level} coverage ${q.coverage.toFixed(2)}, mean width ${q.meanWidth.toFixed(2)} ${unit}`;
}
