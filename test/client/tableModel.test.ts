import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COLUMNS } from '../../client/src/results/columns';
import { DEFAULT_SORT, orderRows, sortRecords, sortSpec, toggleSort } from '../../client/src/results/sorting';
import { coverageText, filterRows, headerCells, NO_FILTERS, rowCells, rowWindow, summaryText, visibleRows } from '../../client/src/results/tableModel';
import type { CalibrationSummary } from '../../engine/src/scoreRecord';
import { record } from '../helpers/scoreRecord';
import { bareCore, storeOf } from './rows';

const cellsOf = (r: ReturnType<typeof record>) => Object.fromEntries(COLUMNS.map((c, i) => [c.id, rowCells(r)[i]]));
const names = (store: ReturnType<typeof storeOf>, rows: Uint32Array) => Array.from(rows, (i) => store.recipe[i]);

test('default order is most stable E_form first, unscored recipes last in either direction', () => {
  const records = [record('weak', -1), record('unscored', null), record('strong', -3), record('middle', -2)];
  assert.deepEqual(sortRecords(records, DEFAULT_SORT).map((r) => r.recipe), ['strong', 'middle', 'weak', 'unscored']);
  assert.deepEqual(sortRecords(records, { column: 'eForm', descending: true }).map((r) => r.recipe), ['weak', 'middle', 'strong', 'unscored']);
  const store = storeOf(records);
  assert.deepEqual(names(store, visibleRows(store, NO_FILTERS, [DEFAULT_SORT])), ['strong', 'middle', 'weak', 'unscored']);
  assert.deepEqual(names(store, visibleRows(store, NO_FILTERS, [{ column: 'eForm', descending: true }])), ['weak', 'middle', 'strong', 'unscored']);
});

test('two-key sort: the second key orders ties of the first', () => {
  const records = [record('a', -2, { phi: 0.1 }), record('b', -1, { phi: 0.3 }), record('c', -3, { phi: 0.1 }), record('d', -1.5, { phi: 0.3 })];
  const sort = [{ column: 'phi', descending: true }, { column: 'eForm', descending: false }];
  assert.deepEqual(sortRecords(records, sort).map((r) => r.recipe), ['d', 'b', 'c', 'a']);
  const store = storeOf(records);
  assert.deepEqual(names(store, visibleRows(store, NO_FILTERS, sort)), ['d', 'b', 'c', 'a']);
});

test('text columns sort with numbers in names compared as numbers, in the webview as in the extension', () => {
  const records = [record('Au10', -2), record('Au2', -2), record('Au1', -2)];
  const byName = [{ column: 'recipe', descending: false }];
  assert.deepEqual(sortRecords(records, byName).map((r) => r.recipe), ['Au1', 'Au2', 'Au10']);
  const store = storeOf(records);
  assert.deepEqual(names(store, visibleRows(store, NO_FILTERS, byName)), ['Au1', 'Au2', 'Au10']);
});

test('the packed typed-array sort gives the comparator sort\'s order for any keys (property)', () => {
  const key = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: -5, max: 5 }).map((n) => n / 2));
  fc.assert(
    fc.property(fc.array(fc.tuple(key, key), { maxLength: 60 }), fc.boolean(), fc.boolean(), (pairs, d1, d2) => {
      const a = Float64Array.from(pairs, (p) => p[0]);
      const b = Float64Array.from(pairs, (p) => p[1]);
      const rows = Uint32Array.from(pairs.keys());
      const got = Array.from(orderRows(rows, [{ values: a, descending: d1 }, { values: b, descending: d2 }]));
      const cmp = (x: number, y: number, desc: boolean) => (Number.isNaN(x) || Number.isNaN(y) ? Number(Number.isNaN(x)) - Number(Number.isNaN(y)) : (desc ? y - x : x - y));
      const expected = [...rows].sort((i, j) => cmp(a[i], a[j], d1) || cmp(b[i], b[j], d2) || i - j);
      assert.deepEqual(got, expected);
    }),
  );
});

test('header clicks: a new column becomes primary with the old one as tie-break; shift-click sets the second key', () => {
  const byPhi = toggleSort([DEFAULT_SORT], 'phi');
  assert.deepEqual(byPhi, [{ column: 'phi', descending: false }, DEFAULT_SORT]);
  assert.deepEqual(toggleSort(byPhi, 'phi'), [{ column: 'phi', descending: true }, DEFAULT_SORT]);
  assert.deepEqual(toggleSort([DEFAULT_SORT], 'hMix', true), [DEFAULT_SORT, { column: 'hMix', descending: false }]);
  assert.deepEqual(toggleSort([DEFAULT_SORT, { column: 'hMix', descending: false }], 'hMix', true), [DEFAULT_SORT, { column: 'hMix', descending: true }]);
  assert.deepEqual(sortSpec([{ column: 'bogus', descending: false }]), [DEFAULT_SORT]);
  assert.equal(sortSpec([DEFAULT_SORT, { column: 'phi', descending: true }, { column: 'hMix', descending: true }]).length, 2);
  const header = Object.fromEntries(headerCells([{ column: 'phi', descending: true }, DEFAULT_SORT]).map((h) => [h.id, h]));
  assert.deepEqual([header.phi.sorted, header.phi.sortRank, header.eForm.sorted, header.eForm.sortRank, header.hMix.sortRank], ['descending', 1, 'ascending', 2, 0]);
});

test('filters by name or formula text, element, domain flag, φ range and E_form range', () => {
  const outside = { eForm: -2, lower: -3, upper: -1, coverage: 0.9, model: 'm', inDomain: false, terms: [] };
  const records = [
    record('AuPd_a', -2.5, { phi: -0.1, dopant: 'Pd' }),
    record('AuPt_b', -1.0, { phi: 0.2, dopant: 'Pt', prediction: outside }),
    record('AgCu_c', -3.0, { phi: -0.5, host: 'Ag', dopant: 'Cu' }),
    record('broken', null, { phi: null }),
  ];
  const store = storeOf(records);
  const only = (f: Partial<typeof NO_FILTERS>) => names(store, filterRows(store, { ...NO_FILTERS, ...f }));
  assert.deepEqual(only({}), ['AuPd_a', 'AuPt_b', 'AgCu_c', 'broken']);
  assert.deepEqual(only({ text: 'aupt' }), ['AuPt_b']);
  assert.deepEqual(only({ text: 'Au12AgCu' }), ['AgCu_c'], 'the formula matches too');
  assert.deepEqual(only({ element: 'Pd' }), ['AuPd_a']);
  assert.deepEqual(only({ element: 'Ag' }), ['AgCu_c', 'broken'], 'host or dopant');
  assert.deepEqual(only({ domain: 'out' }), ['AuPt_b']);
  assert.deepEqual(only({ domain: 'in' }), ['AuPd_a', 'AgCu_c'], 'an unscored recipe is in neither');
  assert.deepEqual(only({ phi: [-0.2, null] }), ['AuPd_a', 'AuPt_b']);
  assert.deepEqual(only({ eForm: [-2.8, -2.1] }), ['AuPd_a']);
  assert.deepEqual(only({ element: 'Xx' }), []);
});

test('a φ range leaves out a bare core, whose φ is undefined (shown n/a), as it does a missing φ', () => {
  const records = [record('ligated', -2, { phi: -0.1 }), bareCore(record('bare', -2.5)), record('low', -3, { phi: -0.5 })];
  const store = storeOf(records);
  const only = (f: Partial<typeof NO_FILTERS>) => names(store, filterRows(store, { ...NO_FILTERS, ...f }));
  assert.equal(cellsOf(records[1]).phi.text, 'n/a');
  assert.deepEqual(only({}), ['ligated', 'bare', 'low']);
  assert.deepEqual(only({ phi: [-0.3, null] }), ['ligated'], 'not kept as accessible at φ = 0');
  assert.deepEqual(only({ phi: [null, 0.5] }), ['ligated', 'low']);
  assert.deepEqual(only({ eForm: [-2.6, -2.4] }), ['bare'], 'other filters still see it');
  // Sorting by φ puts it with the missing values, last either way, as the table column does.
  assert.deepEqual(names(store, visibleRows(store, NO_FILTERS, [{ column: 'phi', descending: true }])), ['ligated', 'low', 'bare']);
  assert.deepEqual(names(store, visibleRows(store, NO_FILTERS, [{ column: 'phi', descending: false }])), ['low', 'ligated', 'bare']);
});

test('the virtual window covers the viewport plus overscan, clamped to the list', () => {
  assert.deepEqual(rowWindow(100_000, 0, 480, 24, 8), { first: 0, last: 28 });
  assert.deepEqual(rowWindow(100_000, 24 * 50_000, 480, 24, 8), { first: 49_992, last: 50_028 });
  assert.deepEqual(rowWindow(30, 24 * 25, 480, 24, 8), { first: 17, last: 30 });
  assert.deepEqual(rowWindow(0, 0, 480, 24), { first: 0, last: 0 });
});

test('every column header states its unit where it has one and carries a definition tooltip', () => {
  const headers = Object.fromEntries(headerCells([DEFAULT_SORT]).map((h) => [h.id, h]));
  assert.equal(headers.eForm.text, 'E_form (eV/atom)');
  assert.equal(headers.hMix.text, 'H_mix (kJ/mol)');
  assert.equal(headers.distance.text, 'D (Å)');
  for (const h of Object.values(headers)) assert.ok(h.title.length > 20, `${h.id} has a definition`);
  assert.match(headers.phi.title, /D̃ × χ_env/);
  // E_form lies outside its domain where an out-of-domain site call prices a stated site (Au73Pt74 `site surface`), which elements, sizes and ligand classes alone do not explain.
  assert.match(headers.inDomain.title, /site model's call that prices the stated site/);
});

test('cells show numbers with a real minus sign, the interval bounds and the model in tooltips', () => {
  const cells = cellsOf(record('r', -2, { site: { preferred: 'core', deltaE: -0.5, lower: -0.9, upper: -0.1, inDomain: true } }));
  assert.equal(cells.eForm.text, '−2.00');
  assert.equal(cells.eForm.title, 'model eform-v2');
  assert.equal(cells.interval.text, '[−2.40, −1.70]');
  assert.match(cells.interval.title, /90 % coverage, width 0\.70/);
  assert.equal(cells.site.text, 'core');
  assert.equal(cells.phi.text, '−0.10');
  assert.equal(cells.inDomain.text, 'yes');
});

test("the site cell's tooltip names the site's three largest terms, with their signs; none without terms", () => {
  const term = (key: string, symbol: string, value: number) => ({ key, symbol, input: { name: key, value: 1, unit: '–' }, weight: value, value });
  const terms = [term('bcm_site', 'ΔE_BCM', 0), term('h_mix', 'H_mix', -1.14), term('radius_mismatch', 'ΔR/R', 0.17), term('surface_energy_diff<0', 'Δγ', 0.23), term('cohesive_energy_diff<0', 'ΔE_coh', 0.001)];
  const site = { preferred: 'undetermined' as const, deltaE: -0.74, lower: -1.8, upper: 0.5, inDomain: true };
  const cells = cellsOf(record('r', -2, { site: { ...site, terms } }));
  assert.match(cells.site.title, /; largest terms: H_mix −1\.14 eV, Δγ \+0\.23 eV, ΔR\/R \+0\.17 eV \(negative: to the core, positive: to the surface\)$/);
  assert.doesNotMatch(cellsOf(record('r', -2, { site })).site.title, /terms/);
  // Under a calibration that moves ΔE (−0.74 shipped, −0.32 calibrated), the terms are the shipped model's and sum to its ΔE.
  const calibration: CalibrationSummary = { labels: 12, cvMae: 0.3, coverage: 0.92, weight: 1 };
  const moved = cellsOf(record('r', -2, { site: { ...site, deltaE: -0.32, calibration, terms } }));
  assert.match(moved.site.title, /^ΔE_site −0\.32 eV, .*; largest terms of the shipped model's ΔE_site, −0\.74 eV, which the calibration moves: H_mix −1\.14 eV/);
  // One that keeps the shipped point: the terms sum to the ΔE shown.
  assert.match(cellsOf(record('r', -2, { site: { ...site, calibration, terms } })).site.title, /; largest terms: H_mix/);
});

test('flags mark out-of-domain predictions, φ below the threshold and recipes with errors', () => {
  const outside = cellsOf(record('outside', -2, { phi: -0.5, prediction: { eForm: -2, lower: -3, upper: -1, coverage: 0.9, model: 'm', inDomain: false, terms: [] } }));
  const broken = cellsOf(record('broken', null, { diagnostics: [{ line: 3, column: 9, severity: 'error', code: 'BM201', message: 'unknown element Xx' }] }));
  assert.deepEqual(outside.eForm.flags, ['outOfDomain']);
  assert.deepEqual(outside.phi.flags, ['belowThreshold']);
  assert.deepEqual(broken.diagnostics.flags, ['error']);
  assert.equal(broken.diagnostics.title, '3:9 error BM201 unknown element Xx');
  assert.equal(broken.eForm.text, '—');
  // The record's verdict decides, never a threshold the panel re-reads.
  const lenient = record('o', -2, { phi: -0.5 });
  assert.deepEqual(cellsOf({ ...lenient, descriptors: { ...lenient.descriptors!, phiVerdict: 'accessible', phiThreshold: -1 } }).phi.flags, []);
});

test('the summary counts recipes, errors and out-of-domain predictions; the coverage line says which interval is shown', () => {
  const records = [
    record('a', -2),
    record('b', -2, { prediction: { eForm: -2, lower: -3, upper: -1, coverage: 0.9, model: 'm', inDomain: false, terms: [] } }),
    record('c', null, { diagnostics: [{ line: 1, column: 1, severity: 'error', code: 'BM101', message: 'x' }] }),
  ];
  assert.equal(summaryText({ records, scope: 'workspace', scoredAt: '2026-01-02T03:04:05.000Z' }), "3 recipes scored in workspace, 1 with errors, 1 out of the model's domain (2026-01-02 03:04 UTC).");
  assert.equal(coverageText([0.9]), 'E_form intervals: 90 % coverage (setting bimetal.coverage).');
  assert.equal(coverageText([0.8, 0.95]), 'E_form intervals: 80 %, 95 % coverage (setting bimetal.coverage).');
  assert.match(coverageText([]), /No E_form intervals/);
  assert.deepEqual(storeOf([record('a', -2, { prediction: { eForm: -2, lower: -3, upper: -1, coverage: 0.8, model: 'm', inDomain: true, terms: [] } })]).begin.run.coverages, [0.8]);
});

test('an unbounded interval (BM405, null ends after JSON) shows ∞, sorts as the widest and its lower end as the lowest, never as a zero width', () => {
  const unbounded = (name: string, eForm: number) => {
    const r = record(name, eForm);
    // What the packed protocol hands the client for ±Infinity.
    return { ...r, prediction: { ...r.prediction!, lower: null as unknown as number, upper: null as unknown as number } };
  };
  const records = [record('narrow', -2), unbounded('shell', -4), record('other', -1)];
  const shell = cellsOf(records[1]);
  assert.equal(shell.interval.text, '[−∞, +∞]');
  assert.match(shell.interval.title, /unbounded.*BM405/);
  assert.equal(shell.lowerBound.text, '−∞');
  assert.equal(cellsOf(records[0]).interval.text, '[−2.40, −1.70]');
  for (const [column, descending, first] of [['interval', true, 'shell'], ['interval', false, 'narrow'], ['lowerBound', false, 'shell']] as const) {
    const sort = [{ column, descending }];
    assert.equal(sortRecords(records, sort)[0].recipe, first, `${column} ${descending ? 'descending' : 'ascending'}`);
    const store = storeOf(records);
    assert.equal(names(store, visibleRows(store, NO_FILTERS, sort))[0], first, `${column} in the webview`);
  }
});

test('a flagged cell writes its verdict mark after the value, as the command line does: the colour is never all that says it', () => {
  const outside = cellsOf(record('outside', -2, { phi: -0.5, reference: -3.5, residual: -1.5, prediction: { eForm: -2, lower: -3, upper: -1, coverage: 0.9, model: 'm', inDomain: false, terms: [] } }));
  assert.equal(outside.eForm.text, '−2.00 !');
  assert.equal(outside.interval.text, '[−3.00, −1.00] !');
  assert.equal(outside.phi.text, '−0.50 low');
  assert.equal(outside.residual.text, '−1.50 outside');
  assert.deepEqual(outside.residual.flags, ['warning']);
  // Unflagged values stay bare.
  const fine = cellsOf(record('fine', -2, { phi: 0.2 }));
  assert.equal(fine.eForm.text, '−2.00');
  assert.equal(fine.phi.text, '0.20');
});

test('header tooltips say how to sort from the keyboard too', () => {
  for (const h of headerCells([DEFAULT_SORT])) assert.match(h.title, /Click \(or Enter\) to sort; Shift\+click \(or Shift\+Enter\)/);
});

// Au22Pt22 `site surface` shows [−3.42, +∞]: no ΔE prices its stated site, a cause the tooltip's list left out.
test("an interval open above names every cause BM405 may give, a stated site no ΔE prices among them", () => {
  const open = record('r', -3.27);
  open.prediction = { ...open.prediction!, lower: -3.42, upper: Infinity };
  const { interval } = cellsOf(open);
  assert.match(interval.title, /unbounded, no calibrated interval at this coverage \(BM405 says why: too few calibration points in its group, none of its kind, or, for the upper end alone, a stated site that no ΔE prices\)/);
});
