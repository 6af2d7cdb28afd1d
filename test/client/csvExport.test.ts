import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { csvFileName, resultsCsv } from '../../client/src/results/csv';
import { record } from '../helpers/scoreRecord';

test('exported CSV has the command line\'s columns, one row per record, in the table\'s order', () => {
  const records = [record('weak', -1, { phi: 0.1 }), record('strong', -3, { phi: -0.2 }), record('unscored', null)];
  const byEForm = parse(resultsCsv({ records, sort: { column: 'eForm', descending: false } }), { columns: true }) as Record<string, string>[];
  assert.deepEqual(byEForm.map((r) => r.recipe), ['strong', 'weak', 'unscored']);
  assert.equal(byEForm[0]['prediction.eForm (eV/atom)'], '-3');
  assert.equal(byEForm[0]['prediction.lower (eV/atom)'], '-3.4');
  assert.equal(byEForm[0]['descriptors.phi'], '-0.2');
  assert.equal(byEForm[2]['prediction.eForm (eV/atom)'], '');
  const byPhiDescending = parse(resultsCsv({ records, sort: { column: 'phi', descending: true } }), { columns: true }) as Record<string, string>[];
  assert.deepEqual(byPhiDescending.map((r) => r.recipe), ['weak', 'unscored', 'strong']);
});

test('recipe names with commas, quotes and newlines survive the CSV round trip', () => {
  const name = 'Au12Ag, "quoted"\nsecond line';
  const [row] = parse(resultsCsv({ records: [record(name, -2)], sort: { column: 'eForm', descending: false } }), { columns: true }) as Record<string, string>[];
  assert.equal(row.recipe, name);
});

test('the save dialog suggests a file name from what was scored', () => {
  assert.equal(csvFileName('workspace'), 'bimetal-scores-workspace.csv');
  assert.equal(csvFileName('gold nanoclusters.bimetal'), 'bimetal-scores-gold-nanoclusters.csv');
  assert.equal(csvFileName('///'), 'bimetal-scores-results.csv');
});
