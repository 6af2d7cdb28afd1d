import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { COLUMNS } from '../../client/src/results/columns';
import { dataMessages } from '../../client/src/results/columnar';
import { calibrationScope } from '../../client/src/results/calibrationView';
import { csvFileName, resultsCsv } from '../../client/src/results/csv';
import { sortRecords, type SortState } from '../../client/src/results/sorting';
import { NO_FILTERS, shownRecords, visibleRows, type Filters } from '../../client/src/results/tableModel';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { record } from '../helpers/scoreRecord';
import { bareCore, storeOf } from './rows';

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

test("one panel's exports have the same columns, in store order, however the table is sorted or filtered", () => {
  const withLigands = (recipe: string, eForm: number, logP: Record<string, number>) => {
    const r = record(recipe, eForm);
    return { ...r, descriptors: r.descriptors && { ...r.descriptors, logP } };
  };
  const records = [withLigands('thiolate', -1, { PET: 2.3 }), withLigands('phosphine', -3, { PPh3: 4.6 }), withLigands('chloride', -2, { Cl: 0.6 })];
  const header = (csv: string) => csv.split('\n')[0];
  const store = header(resultsCsv({ records, sort: { column: 'recipe', descending: false } }));
  assert.match(store, /logP\.PET.*logP\.PPh3.*logP\.Cl/);
  for (const sort of [{ column: 'eForm', descending: false }, { column: 'eForm', descending: true }] as SortState[]) {
    assert.equal(header(resultsCsv({ records, sort })), store);
  }
  // The Export button's shown rows: the chloride alone, after a filter.
  const shown = parse(resultsCsv({ records, sort: { column: 'eForm', descending: false } }, [records[2]]), { columns: true }) as Record<string, string>[];
  assert.deepEqual(shown.map((r) => r.recipe), ['chloride']);
  assert.equal(header(resultsCsv({ records, sort: { column: 'eForm', descending: false } }, [records[2]])), store);
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

test("the suggested name of a calibration report's export is one a file system takes, beside its temporary file", () => {
  // examples/gold-nanoclusters.bimetal and nc-supported.bimetal: 4 labels, no correction kept (calibrationView.test.ts).
  const status = { id: '58bf43', labels: 4, siteLabels: 0, cvMae: 0.514285, shippedMae: 0.514285, coverage: null, coverageLevel: 0.9, labelsNeeded: 9 };
  const name = csvFileName(calibrationScope(status));
  assert.equal(name, 'bimetal-scores-calibration-58bf43-4-labels-no-correction-beat.csv');
  // NAME_MAX is 255 bytes on Linux and macOS.
  assert.ok(Buffer.byteLength(name) <= 255);
  assert.ok(Buffer.byteLength(csvFileName('𝒜'.repeat(300))) <= 255);
  assert.equal(csvFileName(`AuM_${'x'.repeat(300)}`), `bimetal-scores-AuM_${'x'.repeat(44)}.csv`);
});

/**
 * Two families as a workspace run delivers them (store order: file z before file a, each family in
 * expansion order, host × dopant × count), with many ties in ratio, N_metal, φ, H_mix, domain and
 * problems, and bare cores among them (φ undefined).
 */
function familiesWithTies(): ScoreRecord[] {
  const out: ScoreRecord[] = [];
  const hMix: Record<string, number> = { Ni: 7, Co: 6, Fe: 7, Zn: -1 };
  for (const [file, block, hosts] of [['/ws/z.bimetal', 'fam', ['Au', 'Ag', 'Cu', 'Pt', 'Pd']], ['/ws/a.bimetal', 'alloys', ['Pt', 'Au']]] as const) {
    for (const host of hosts) {
      for (const dopant of ['Ni', 'Co', 'Fe', 'Zn']) {
        for (const count of [1, 2]) {
          const k = out.length;
          const r = record(`${block}[host=${host},dopant=${dopant},dopantCount=${count}]`, -2 - (k % 5) * 0.1, {
            file,
            host,
            dopant,
            nHost: 13 - count,
            nDopant: count,
            ratio: Number((count / 13).toFixed(4)),
            phi: [-0.1, 0.2][k % 2],
            diagnostics: count === 2 ? [{ line: 1, column: 1, severity: 'warning', code: 'BM411', message: 'immiscible' }] : [],
          });
          r.descriptors!.hMix = hMix[dopant];
          r.prediction!.inDomain = dopant !== 'Zn';
          out.push(k % 3 === 0 ? bareCore(r) : r);
        }
      }
    }
  }
  return out;
}

const rowsOf = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[]).map((r) => `${r.file}|${r.recipe}`);

test('the CSV lists rows in exactly the order the table shows them, ties included (store order, not file then name)', () => {
  const records = familiesWithTies();
  const store = storeOf(records);
  const shown = (rows: Uint32Array) => Array.from(rows, (i) => `${records[i].file}|${records[i].recipe}`);
  const sorts: SortState[][] = ['ratio', 'nMetal', 'phi', 'hMix', 'inDomain', 'diagnostics'].flatMap((column) => [
    [{ column, descending: false }],
    [{ column, descending: true }],
  ]);
  sorts.push([{ column: 'hMix', descending: true }, { column: 'inDomain', descending: false }], [{ column: 'diagnostics', descending: false }, { column: 'phi', descending: true }]);
  const filters: Filters[] = [NO_FILTERS, { ...NO_FILTERS, text: 'fam[' }, { ...NO_FILTERS, domain: 'in', element: 'Pt' }];
  for (const sort of sorts) {
    const label = sort.map((k) => `${k.column} ${k.descending ? 'descending' : 'ascending'}`).join(', then ');
    const all = visibleRows(store, NO_FILTERS, sort);
    const keys = new Set(Array.from(all, (i) => sort.map((k) => store.keyOf(k.column)![i]).join()));
    assert.ok(keys.size < all.length / 2, `${label}: the family has ties`);
    // "Export CSV" with no panel button (bimetal.exportCsv): the panel's records, in store order.
    assert.deepEqual(rowsOf(resultsCsv({ records, sort })), shown(all), `${label}: the export command`);
    // The panel's button: the extension gets the rows the table shows, in its order.
    for (const filter of filters) {
      const visible = visibleRows(store, filter, sort);
      assert.deepEqual(rowsOf(resultsCsv({ records: Array.from(visible, (i) => records[i]), sort })), shown(visible), `${label}: the panel's export, filter ${JSON.stringify(filter)}`);
    }
  }
});

test('ordering records agrees with the table for any keys, ties and filter, names the collator calls equal included (property)', () => {
  const names = ['Au1', 'Au01', 'Au10', 'au1', 'Au2', 'Ag1'];
  const recordArb = fc.record({
    name: fc.constantFrom(...names),
    formula: fc.constantFrom(...names),
    eForm: fc.option(fc.constantFrom(-3, -2, -2, -1), { nil: null }),
    phi: fc.option(fc.constantFrom(-0.5, -0.1, 0, 0.2), { nil: null }),
    bare: fc.boolean(),
    hMix: fc.constantFrom(-6, 7),
    host: fc.constantFrom('Au', 'Ag'),
  });
  const keyArb = fc.record({ column: fc.constantFrom(...COLUMNS.map((c) => c.id)), descending: fc.boolean() });
  fc.assert(
    fc.property(fc.array(recordArb, { maxLength: 40 }), fc.array(keyArb, { minLength: 1, maxLength: 2 }), fc.constantFrom<Filters>(NO_FILTERS, { ...NO_FILTERS, element: 'Au' }, { ...NO_FILTERS, phi: [-0.3, null] }), (specs, sort, filter) => {
      const records = specs.map((s) => {
        const r = record(s.name, s.eForm, { formula: s.formula, phi: s.phi, host: s.host });
        r.descriptors!.hMix = s.hMix;
        return s.bare ? bareCore(r) : r;
      });
      const store = storeOf(records);
      const row = new Map(records.map((r, i) => [r, i]));
      const rowsIn = (list: ScoreRecord[]) => list.map((r) => row.get(r));
      assert.deepEqual(rowsIn(sortRecords(records, sort)), Array.from(visibleRows(store, NO_FILTERS, sort)), 'store order in: the unfiltered table');
      const visible = Array.from(visibleRows(store, filter, sort), (i) => records[i]);
      assert.deepEqual(rowsIn(sortRecords(visible, sort)), rowsIn(visible), 'the table\'s rows in: left as they are');
    }),
  );
});

test('the export command saves what the panel shows: the rows that pass its filters, in its order', () => {
  const records = [record('weak', -1, { phi: 0.1 }), record('strong', -3, { phi: -0.2, dopant: 'Pd' }), record('stray', -2, { phi: 0.3, dopant: 'Pd' }), record('unscored', null)];
  const filters: Filters = { ...NO_FILTERS, element: 'Pd' };
  const sort: SortState[] = [{ column: 'phi', descending: true }];
  const data = dataMessages({ runId: 'r', scope: '', scoredAt: '', phiThreshold: -0.3 }, records);
  const shown = shownRecords(records, data, filters, sort);
  assert.deepEqual(shown.map((r) => r.recipe), ['stray', 'strong']);
  const written = parse(resultsCsv({ records: shown, sort }), { columns: true }) as Record<string, string>[];
  assert.deepEqual(written.map((r) => r.recipe), ['stray', 'strong']);
  assert.deepEqual(shownRecords(records, data, NO_FILTERS, [{ column: 'eForm', descending: false }]).map((r) => r.recipe), ['strong', 'stray', 'weak', 'unscored'], 'no filter: every row');
});
