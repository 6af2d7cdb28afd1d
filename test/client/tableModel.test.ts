import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMNS } from '../../client/src/results/columns';
import { DEFAULT_SORT, sortRecords, toggleSort } from '../../client/src/results/sorting';
import { PAGE_SIZE } from '../../client/src/results/state';
import { summaryText, tablePage } from '../../client/src/results/tableModel';
import { record } from '../helpers/scoreRecord';

const view = { sort: DEFAULT_SORT, page: 0, phiThreshold: -0.3 };

test('default order is most stable E_form first, unscored recipes last in either direction', () => {
  const records = [record('weak', -1), record('unscored', null), record('strong', -3), record('middle', -2)];
  assert.deepEqual(sortRecords(records, DEFAULT_SORT).map((r) => r.recipe), ['strong', 'middle', 'weak', 'unscored']);
  assert.deepEqual(sortRecords(records, { column: 'eForm', descending: true }).map((r) => r.recipe), ['weak', 'middle', 'strong', 'unscored']);
});

test('text columns sort with numbers in names compared as numbers; ties keep file then recipe order', () => {
  const records = [record('Au10', -2), record('Au2', -2), record('Au1', -2)];
  assert.deepEqual(sortRecords(records, { column: 'recipe', descending: false }).map((r) => r.recipe), ['Au1', 'Au2', 'Au10']);
  // equal E_form: the tie-break orders by recipe
  assert.deepEqual(sortRecords(records, DEFAULT_SORT).map((r) => r.recipe), ['Au1', 'Au2', 'Au10']);
});

test('interval column sorts by interval width; site by ΔE; an unknown column falls back to E_form', () => {
  const wide = record('wide', -2, { prediction: { eForm: -2, lower: -3, upper: -1, coverage: 0.9, model: 'm', inDomain: true, terms: [] } });
  const narrow = record('narrow', -1, { prediction: { eForm: -1, lower: -1.1, upper: -0.9, coverage: 0.9, model: 'm', inDomain: true, terms: [] } });
  assert.deepEqual(sortRecords([wide, narrow], { column: 'interval', descending: false }).map((r) => r.recipe), ['narrow', 'wide']);
  const core = record('core', -1, { site: { preferred: 'core', deltaE: -0.5, lower: -0.9, upper: -0.1 } });
  const surface = record('surface', -2, { site: { preferred: 'surface', deltaE: 0.4, lower: 0.1, upper: 0.7 } });
  assert.deepEqual(sortRecords([surface, core], { column: 'site', descending: false }).map((r) => r.recipe), ['core', 'surface']);
  assert.deepEqual(sortRecords([narrow, wide], { column: 'no-such-column', descending: false }).map((r) => r.recipe), ['wide', 'narrow']);
});

test('clicking a header sorts ascending, clicking it again flips the direction', () => {
  const byPhi = toggleSort(DEFAULT_SORT, 'phi');
  assert.deepEqual(byPhi, { column: 'phi', descending: false });
  assert.deepEqual(toggleSort(byPhi, 'phi'), { column: 'phi', descending: true });
});

test('every column header states its unit where it has one and carries a definition tooltip', () => {
  const page = tablePage({ ...view, records: [record('r', -2)] });
  const headers = Object.fromEntries(page.header.map((h) => [h.id, h]));
  assert.equal(headers.eForm.text, 'E_form (eV/atom)');
  assert.equal(headers.hMix.text, 'H_mix (kJ/mol)');
  assert.equal(headers.distance.text, 'D (Å)');
  assert.equal(headers.eForm.sorted, 'ascending');
  assert.equal(headers.phi.sorted, 'none');
  for (const h of page.header) assert.ok(h.title.length > 20, `${h.id} has a definition`);
  assert.match(headers.phi.title, /D̃ × χ_env/);
  assert.equal(page.header.length, COLUMNS.length);
});

test('cells show numbers with a real minus sign, the interval bounds and the model in tooltips', () => {
  const page = tablePage({ ...view, records: [record('r', -2, { site: { preferred: 'core', deltaE: -0.5, lower: -0.9, upper: -0.1 } })] });
  const cells = Object.fromEntries(page.header.map((h, i) => [h.id, page.rows[0].cells[i]]));
  assert.equal(cells.eForm.text, '−2.00');
  assert.equal(cells.eForm.title, 'model eform-v2');
  assert.equal(cells.interval.text, '[−2.40, −1.70]');
  assert.match(cells.interval.title, /90 % coverage, width 0\.70/);
  assert.equal(cells.site.text, 'core');
  assert.match(cells.site.title, /ΔE_site −0\.50 eV, interval \[−0\.90, −0\.10\]/);
  const open = tablePage({ ...view, records: [record('u', -2, { site: { preferred: 'undetermined', deltaE: 0.1, lower: -0.3, upper: 0.5 } })] });
  const siteCell = open.rows[0].cells[open.header.findIndex((h) => h.id === 'site')];
  assert.equal(siteCell.text, 'undetermined');
  assert.match(siteCell.title, /interval \[−0\.30, 0\.50\] eV: undetermined: the interval of ΔE contains zero or is unbounded/);
  assert.equal(cells.phi.text, '−0.10');
  assert.equal(cells.inDomain.text, 'yes');
  assert.deepEqual({ file: page.rows[0].file, recipe: page.rows[0].recipe }, { file: '/ws/a.bimetal', recipe: 'r' });
});

test('flags mark out-of-domain predictions, φ below the threshold and recipes with errors', () => {
  const outside = record('outside', -2, { phi: -0.5, prediction: { eForm: -2, lower: -3, upper: -1, coverage: 0.9, model: 'm', inDomain: false, terms: [] } });
  const broken = record('broken', null, { diagnostics: [{ line: 3, column: 9, severity: 'error', code: 'BM201', message: 'unknown element Xx' }] });
  const page = tablePage({ ...view, records: [outside, broken] });
  const column = (id: string) => page.header.findIndex((h) => h.id === id);
  const [outsideRow, brokenRow] = page.rows;
  assert.deepEqual(outsideRow.cells[column('eForm')].flags, ['outOfDomain']);
  assert.deepEqual(outsideRow.cells[column('inDomain')].flags, ['outOfDomain']);
  assert.deepEqual(outsideRow.cells[column('phi')].flags, ['belowThreshold']);
  assert.deepEqual(outsideRow.cells[column('diagnostics')].flags, []);
  assert.deepEqual(brokenRow.cells[column('diagnostics')].flags, ['error']);
  assert.equal(brokenRow.cells[column('diagnostics')].text, '1');
  assert.equal(brokenRow.cells[column('diagnostics')].title, '3:9 error BM201 unknown element Xx');
  assert.equal(brokenRow.cells[column('eForm')].text, '—');
  // The record's verdict decides, never a threshold the panel re-reads: a record scored under a lower
  // threshold (φ −0.5 accessible) is not flagged, and a bare core's φ is not applicable, never flagged.
  const lenient = { ...outside, descriptors: { ...outside.descriptors!, phiVerdict: 'accessible' as const, phiThreshold: -1 } };
  assert.deepEqual(tablePage({ ...view, records: [lenient] }).rows[0].cells[column('phi')].flags, []);
  const bare = record('bare', -2, { phi: 0, descriptors: { ...outside.descriptors!, phi: 0, phiVerdict: 'undefined' } });
  const bareCell = tablePage({ ...view, records: [bare] }).rows[0].cells[column('phi')];
  assert.deepEqual([bareCell.text, bareCell.flags], ['n/a', []]);
  assert.match(bareCell.title, /undefined without an environment/);
});

test('a reference outside the interval flags its residual, with the verdict in the tooltip', () => {
  const outside = record('ref', -2, { reference: -3.5, residual: -1.5, referenceInInterval: false });
  const page = tablePage({ ...view, records: [outside] });
  const cell = page.rows[0].cells[page.header.findIndex((h) => h.id === 'residual')];
  assert.deepEqual([cell.text, cell.flags], ['−1.50', ['warning']]);
  assert.match(cell.title, /outside the 90 % interval/);
});

test('the table pages through large result sets and clamps a page beyond the end', () => {
  const records = Array.from({ length: PAGE_SIZE * 2 + 50 }, (_, i) => record(`r${i}`, -i / 100));
  const last = tablePage({ ...view, records, page: 2 });
  assert.equal(last.pageCount, 3);
  assert.equal(last.rows.length, 50);
  assert.deepEqual([last.first, last.last, last.total], [PAGE_SIZE * 2 + 1, PAGE_SIZE * 2 + 50, PAGE_SIZE * 2 + 50]);
  // most stable first: r449 (−4.49) opens page 0, r0 closes the last page
  assert.equal(tablePage({ ...view, records }).rows[0].recipe, `r${records.length - 1}`);
  assert.equal(last.rows.at(-1)!.recipe, 'r0');
  const beyond = tablePage({ ...view, records, page: 99 });
  assert.equal(beyond.page, 2);
  const empty = tablePage({ ...view, records: [] });
  assert.deepEqual([empty.rows.length, empty.first, empty.last, empty.total, empty.pageCount], [0, 0, 0, 0, 1]);
});

test('the summary counts recipes, errors and out-of-domain predictions', () => {
  const records = [
    record('a', -2),
    record('b', -2, { prediction: { eForm: -2, lower: -3, upper: -1, coverage: 0.9, model: 'm', inDomain: false, terms: [] } }),
    record('c', null, { diagnostics: [{ line: 1, column: 1, severity: 'error', code: 'BM101', message: 'x' }] }),
  ];
  assert.equal(
    summaryText({ records, scope: 'workspace', scoredAt: '2026-01-02T03:04:05.000Z' }),
    "3 recipes scored in workspace, 1 with errors, 1 out of the model's domain (2026-01-02 03:04 UTC).",
  );
  assert.equal(summaryText({ records: [record('a', -1)], scope: 'gold.bimetal', scoredAt: '2026-01-02T03:04:05.000Z' }), '1 recipe scored in gold.bimetal (2026-01-02 03:04 UTC).');
});
