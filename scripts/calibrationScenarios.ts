/**
 * The calibration scenarios behind the figures in docs/models.md ("Calibrating on your own
 * results") and the tests that hold them: each scores real recipes with the shipped models, writes
 * labelled recipes as a user would, calibrates, and measures on recipes the calibration never saw.
 */
import { RecordCalibrator } from '../pipeline/src/calibration/apply';
import { baseModelHash } from '../pipeline/src/calibration/baseModel';
import { buildCalibration } from '../pipeline/src/calibration/build';
import { collectLabels } from '../pipeline/src/calibration/labels';
import type { Scorer } from '../pipeline/src/types';
import type { ScoreRecord } from '../engine/src/scoreRecord';
import type { CalibrationFile } from '../engine/src/calibration/file';

export interface Measured {
  n: number;
  /** MAE of the shipped model. */
  maeBase: number;
  /** MAE of the shipped model shifted by the labels' mean residual. */
  maeOffset: number;
  maeCalibrated: number;
  coverage: number;
  meanWidth: number;
  /** Coverage and width of the shipped model's own interval against the same references. */
  baseCoverage: number;
  baseMeanWidth: number;
}

export interface ScenarioResult {
  calibration: CalibrationFile;
  heldOut: Measured;
}

const COVERAGE = 0.9;

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** `recipe` blocks with an `energy` label each, as `bimetal import` would write them. */
export function labelledText(rows: ReadonlyArray<{ name: string; body: string; energy: number }>): string {
  return rows.map((r) => `recipe ${r.name} {\n${r.body}\n  energy ${r.energy.toFixed(4)} eV\n}`).join('\n\n') + '\n';
}

export function measure(records: readonly ScoreRecord[], calibrated: readonly ScoreRecord[], reference: readonly number[], offset: number): Measured {
  const base = records.map((r) => r.prediction as NonNullable<ScoreRecord['prediction']>);
  const cal = calibrated.map((r) => r.prediction as NonNullable<ScoreRecord['prediction']>);
  return {
    n: records.length,
    maeBase: mean(base.map((p, i) => Math.abs(reference[i] - p.eForm))),
    maeOffset: mean(base.map((p, i) => Math.abs(reference[i] - p.eForm - offset))),
    maeCalibrated: mean(cal.map((p, i) => Math.abs(reference[i] - p.eForm))),
    coverage: mean(cal.map((p, i) => (reference[i] >= p.lower && reference[i] <= p.upper ? 1 : 0))),
    meanWidth: mean(cal.map((p) => p.upper - p.lower)),
    baseCoverage: mean(base.map((p, i) => (reference[i] >= p.lower && reference[i] <= p.upper ? 1 : 0))),
    baseMeanWidth: mean(base.map((p) => p.upper - p.lower)),
  };
}

/** Calibrates on labelled recipe text and applies the calibration to other records. */
export async function calibrateOn(scorer: Scorer, labelled: string): Promise<{ calibration: CalibrationFile; calibrator: RecordCalibrator; offset: number }> {
  const document = await scorer.scoreText(labelled, { file: 'labels.bimetal' });
  const { labels } = collectLabels([{ file: 'labels.bimetal', document }]);
  const calibration = buildCalibration(labels, await baseModelHash(), COVERAGE);
  if (!calibration) throw new Error(`no calibration from ${labels.length} labels`);
  const offset = mean(labels.map((l) => l.reference - l.base));
  return { calibration, calibrator: new RecordCalibrator(calibration), offset };
}

export const SYNTHETIC_FAMILY = {
  hosts: ['Au', 'Ag', 'Cu', 'Pd', 'Pt'],
  dopants: ['Mn', 'Fe', 'Co', 'Ni', 'Ru', 'Rh', 'Ir', 'Zn'],
};
/** The synthetic level: a constant offset plus a term in the mixing enthalpy and the electronegativity difference. */
export const SYNTHETIC_SHIFT = { offset: 0.45, perHmix: 0.025, perDeltaChi: -0.6 };

function syntheticReference(record: ScoreRecord): number {
  const d = record.descriptors as NonNullable<ScoreRecord['descriptors']>;
  const p = record.prediction as NonNullable<ScoreRecord['prediction']>;
  return p.eForm + SYNTHETIC_SHIFT.offset + SYNTHETIC_SHIFT.perHmix * (d.hMix as number) + SYNTHETIC_SHIFT.perDeltaChi * (d.deltaChi as number);
}

/**
 * Synthetic shift: the 40 members of a host × dopant family of 13-atom icosahedra; 12 of them
 * (every third, so every host and most dopants appear) get a reference that differs from the
 * shipped model by an offset plus a composition-dependent term; the other 28 are scored.
 */
export async function syntheticShift(scorer: Scorer): Promise<ScenarioResult> {
  const body = (h: string, d: string) => `  host ${h} 12\n  dopant ${d} 1\n  topology icosahedron`;
  const family = `recipe Scan {\n  host [${SYNTHETIC_FAMILY.hosts.join(', ')}] 12\n  dopant [${SYNTHETIC_FAMILY.dopants.join(', ')}] 1\n  topology icosahedron\n}\n`;
  const scored = await scorer.scoreText(family, { file: 'family.bimetal' });
  const members = scored.members.filter((m) => m.record.prediction !== null);
  const labelled = members.filter((_, i) => i % 3 === 0).slice(0, 12);
  const others = members.filter((m) => !labelled.includes(m));
  const text = labelledText(labelled.map((m, i) => ({ name: `L${i}`, body: body(m.spec.host.element, m.spec.dopant.element), energy: syntheticReference(m.record) })));
  const { calibration, calibrator, offset } = await calibrateOn(scorer, text);
  const calibrated = others.map((m) => calibrator.apply(m.record, {}, COVERAGE));
  return { calibration, heldOut: measure(others.map((m) => m.record), calibrated, others.map((m) => syntheticReference(m.record)), offset) };
}

/** How much of a calibration reaches recipes unlike its labels: weight and shift, per recipe. */
export async function fadeProfile(scorer: Scorer, calibrator: RecordCalibrator, text: string): Promise<Array<{ recipe: string; weight: number; shift: number; widthChange: number }>> {
  const scored = await scorer.scoreText(text, { file: 'far.bimetal' });
  return scored.members
    .filter((m) => m.record.prediction)
    .map((m) => {
      const base = m.record.prediction as NonNullable<ScoreRecord['prediction']>;
      const cal = calibrator.apply(m.record, {}, COVERAGE).prediction as NonNullable<ScoreRecord['prediction']>;
      return {
        recipe: m.record.recipe,
        weight: cal.calibration?.weight ?? 0,
        shift: cal.eForm - base.eForm,
        widthChange: cal.upper - cal.lower - (base.upper - base.lower),
      };
    });
}
