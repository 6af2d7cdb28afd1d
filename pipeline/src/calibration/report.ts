/** The human summary of a calibration: what `bimetal calibrate` prints and the editor's report shows. */
import type { CalibrationFile } from '../../../engine/src/calibration/file';

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
      `    CV MAE before ${q.maeBefore.toFixed(3)} ${unit}, after ${q.cvMae.toFixed(3)} ${unit}`,
      `    ${Math.round(q.coverageLevel * 100)} % coverage ${q.coverage.toFixed(2)}, mean width ${q.meanWidth.toFixed(2)} ${unit}`,
    );
  }
  return lines;
}
