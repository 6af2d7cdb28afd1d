/**
 * A calibrated record's CSV row still adds up: the `calibration` term has its column, so the terms
 * of every row sum to its E_form as the record's terms do, calibrated or not; and the row says how
 * much of the calibration applies (`prediction.calibration.weight`, `site.calibration.weight`) and
 * whether a label's row is held out (`…calibration.heldOut`); and
 * a calibrated prediction's model name gives back its calibration's id (the results panel reads it).
 * Through the real scorer and shipped models, with the audit's 14 DFT labels.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { labelledRecords, RecordCalibrator } from '../../pipeline/src/calibration/apply';
import { buildCalibration } from '../../pipeline/src/calibration/build';
import { collectLabels } from '../../pipeline/src/calibration/labels';
import { createScorer } from '../../pipeline/src/index';
import { calibrationIdOf } from '../../report/src/calibratedModel';
import { recordsToCsv } from '../../report/src/csv';

/** host, dopant, energy (eV/atom), siteEnergy (eV) of 13-atom icosahedra (/tmp/audit-cal/dft.csv). */
const DFT: Array<[string, string, number, number]> = [
  ['Au', 'Ni', -1.841, -0.781], ['Au', 'Rh', -1.8772, -1.072], ['Au', 'Os', -1.9354, -1.593], ['Ag', 'Co', -1.4155, -1.041],
  ['Ag', 'Ir', -1.5332, -1.586], ['Ag', 'Zn', -1.2746, -0.413], ['Cu', 'Fe', -2.052, -0.687], ['Cu', 'Ru', -2.1501, -1.095],
  ['Pt', 'Ni', -3.2355, -0.247], ['Pt', 'Rh', -3.2695, -0.523], ['Pt', 'Os', -3.3487, -1.024], ['Pd', 'Co', -2.1789, -0.644],
  ['Pd', 'Ir', -2.2627, -1.234], ['Pd', 'Zn', -2.074, -0.016],
];
const LABELLED = DFT.map(([h, d, e, s]) => `recipe ${h}12${d} {\n  host ${h} 12\n  dopant ${d} 1\n  topology icosahedron\n  energy ${e} eV\n  siteEnergy ${s} eV\n}\n`).join('');
const FAMILY = 'recipe fam {\n  host [Au, Ag, Cu, Pt, Pd] 12\n  dopant [Ni, Co, Fe, Rh, Ir, Ru, Os, Zn] 1\n  topology icosahedron\n}\nrecipe Far {\n  host W 560\n  dopant Sc 1\n  topology icosahedron\n}\n';

const scorer = createScorer({});
after(() => scorer.dispose());

const TERMS = ['size', 'mixing', 'environment', 'ordering', 'calibration'].map((key) => `prediction.terms.${key} (eV/atom)`);

function rowsOf(csv: string): Array<Record<string, string>> {
  return parse(csv, { columns: true }) as Array<Record<string, string>>;
}

function termSum(row: Record<string, string>): number {
  return TERMS.reduce((s, column) => s + (row[column] === '' ? 0 : Number(row[column])), 0);
}

test('the CSV terms of calibrated and uncalibrated records sum to their E_form, and the weights have columns', async () => {
  const labelled = await scorer.scoreText(LABELLED, { file: 'dft.bimetal' });
  const family = await scorer.scoreText(FAMILY, { file: 'base.bimetal' });
  const { labels } = collectLabels([{ file: 'dft.bimetal', document: labelled }]);
  const file = buildCalibration(labels, 'sha256:test', 0.9)!;
  assert.ok(file.targets.eForm && file.targets.siteEnergy, 'both targets are calibrated');
  const calibrator = new RecordCalibrator(file);

  const plain = labelledRecords(family.members, undefined, 0.9);
  const calibrated = labelledRecords(family.members, calibrator, 0.9);
  for (const [records, isCalibrated] of [[plain, false], [calibrated, true]] as const) {
    const rows = rowsOf(recordsToCsv(records));
    assert.equal(rows.length, 41);
    for (const column of [...TERMS, 'prediction.calibration.weight', 'prediction.calibration.heldOut', 'site.calibration.weight', 'site.calibration.heldOut']) assert.ok(column in rows[0], `CSV lacks ${column}`);
    rows.forEach((row, i) => {
      const eForm = Number(row['prediction.eForm (eV/atom)']);
      assert.ok(Math.abs(termSum(row) - eForm) < 1e-4, `${row.recipe}: terms sum to ${termSum(row)}, E_form ${eForm}`);
      const record = records[i];
      assert.equal(calibrationIdOf(record.prediction!.model), isCalibrated ? file.id : null, record.prediction!.model);
      const term = record.prediction!.terms.find((t) => t.key === 'calibration');
      assert.equal(row['prediction.terms.calibration (eV/atom)'], term ? String(term.value) : '', row.recipe);
      assert.equal(row['prediction.calibration.weight'], record.prediction!.calibration ? String(record.prediction!.calibration.weight) : '', row.recipe);
      assert.equal(row['site.calibration.weight'], record.site?.calibration ? String(record.site.calibration.weight) : '', row.recipe);
    });
    const withTerm = rows.filter((row) => row['prediction.terms.calibration (eV/atom)'] !== '');
    if (!isCalibrated) assert.equal(withTerm.length, 0, 'an uncalibrated record has no calibration term');
    else {
      // The audit's row: Au12Ni's calibration term is 0.3 eV/atom, which the four other terms left out.
      assert.equal(withTerm.length, 41);
      const au12ni = rows.find((row) => row.recipe === 'fam[host=Au,dopant=Ni]')!;
      assert.ok(Number(au12ni['prediction.terms.calibration (eV/atom)']) > 0.1, au12ni['prediction.terms.calibration (eV/atom)']);
      assert.equal(au12ni['prediction.calibration.weight'], '1');
      assert.equal(au12ni['site.calibration.weight'], '1');
      const far = rows.find((row) => row.recipe === 'Far')!;
      assert.ok(Number(far['prediction.calibration.weight']) < 0.5, `far from the labels: weight ${far['prediction.calibration.weight']}`);
    }
    // Unlabelled, the family's members (Au12Ni among them) get the whole calibration.
    assert.ok(rows.every((row) => row['prediction.calibration.heldOut'] === '' && row['site.calibration.heldOut'] === ''), 'no unlabelled row is held out');
  }
  // The labels' own rows are their held-out predictions, and say so beside their residuals.
  const labelRows = rowsOf(recordsToCsv(labelledRecords(labelled.members, calibrator, 0.9)));
  assert.equal(labelRows.length, DFT.length);
  for (const row of labelRows) assert.deepEqual([row['prediction.calibration.heldOut'], row['site.calibration.heldOut']], ['true', 'true'], row.recipe);
});
