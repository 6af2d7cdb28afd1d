/** The parity plot's data, the calibration status text, and the order suggestions open in. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parityNote, paritySeries } from '../../client/src/results/parityData';
import { parityTooltip } from '../../client/src/results/chartData';
import { calibrationLabelRecords, calibrationMaeText, calibrationScope, statusText, suggestionMessage, suggestionSort } from '../../client/src/results/calibrationView';
import { sortRecords } from '../../client/src/results/sorting';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { record } from '../helpers/scoreRecord';
import { allRows, storeOf } from './rows';

function scoreRecord(recipe: string, p: { eForm: number; lower: number; upper: number }): ScoreRecord {
  const r = record(recipe, p.eForm);
  return { ...r, prediction: { ...r.prediction!, ...p } };
}

test('the parity plot takes the labelled records: reference against prediction with its interval', () => {
  const labelled = { ...scoreRecord('a', { eForm: -2.5, lower: -2.7, upper: -2.3 }), reference: -2.4, residual: 0.1 };
  const missed = { ...scoreRecord('b', { eForm: -2.0, lower: -2.1, upper: -1.9 }), reference: -2.5, residual: -0.5 };
  const unlabelled = scoreRecord('c', { eForm: -3, lower: -3.1, upper: -2.9 });
  const store = storeOf([unlabelled, labelled, missed]);
  const series = paritySeries(store, allRows(store))!;
  assert.deepEqual(series.points.map((p) => [p.x, p.y, p.index]).sort((a, b) => a[2] - b[2]), [[-2.4, -2.5, 1], [-2.5, -2.0, 2]]);
  assert.equal(series.labelled, 2);
  assert.equal(series.covered, 0.5);
  assert.ok(Math.abs(series.meanAbsoluteError - 0.3) < 1e-12);
  assert.ok(series.range[0] < -2.7 && series.range[1] > -1.9, 'one range holds every point and bar');
  assert.equal(paritySeries(store, Uint32Array.of(0)), undefined, 'no labels, no plot');
  // An unbounded interval (BM405) holds its reference: counted as covered, not as missed.
  const open = { ...scoreRecord('d', { eForm: -4, lower: -Infinity, upper: Infinity }), reference: -1, residual: 3 };
  const withOpen = storeOf([labelled, missed, open]);
  const openSeries = paritySeries(withOpen, allRows(withOpen))!;
  assert.equal(openSeries.covered, 2 / 3);
  // The note says how much of that share an unbounded interval makes.
  assert.equal(openSeries.unbounded, 1);
  assert.match(parityNote(openSeries), /67 % of references inside their interval \(1 of them unbounded, which holds any reference\)\./);
  assert.doesNotMatch(parityNote(series), /unbounded/);
});

test("under a calibration the parity plot says its labels' predictions are held out, and which", () => {
  const calibration = { labels: 2, cvMae: 0.3, coverage: 0.5, weight: 1 };
  const held = (r: ScoreRecord): ScoreRecord => ({ ...r, prediction: { ...r.prediction!, calibration: { ...calibration, heldOut: true } } });
  const a = held({ ...scoreRecord('a', { eForm: -2.5, lower: -2.7, upper: -2.3 }), reference: -2.4, residual: 0.1 });
  const b = held({ ...scoreRecord('b', { eForm: -2.0, lower: -2.1, upper: -1.9 }), reference: -2.5, residual: -0.5 });
  const store = storeOf([a, b]);
  const series = paritySeries(store, allRows(store))!;
  assert.equal(series.heldOut, 2);
  assert.equal(
    parityNote(series),
    '2 labelled recipes (each predicted held out, by the calibration fitted without that label, so the MAE is a held-out error): MAE 0.300 eV/atom, 50 % of references inside their interval. Dashed line: prediction = reference. Click a point to reveal its recipe.',
  );
  assert.equal(parityTooltip('a', series.points.find((p) => p.index === 0)!, store.heldOut[0] === 1), 'a: reference −2.400, predicted (held out) −2.500 [−2.70, −2.30] eV/atom');
  // Shipped predictions (no calibration) say nothing of holding out.
  const shipped = storeOf([{ ...scoreRecord('c', { eForm: -2.5, lower: -2.7, upper: -2.3 }), reference: -2.4, residual: 0.1 }, b]);
  const mixed = paritySeries(shipped, allRows(shipped))!;
  assert.equal(mixed.heldOut, 1);
  assert.match(parityNote(mixed), /^2 labelled recipes \(1 of them predicted held out, by the calibration fitted without that label, so the MAE is a held-out error\): MAE/);
  const none = storeOf([{ ...scoreRecord('c', { eForm: -2.5, lower: -2.7, upper: -2.3 }), reference: -2.4, residual: 0.1 }]);
  assert.match(parityNote(paritySeries(none, allRows(none))!), /^1 labelled recipes: MAE 0\.100 eV\/atom/);
});

test("the status bar names the labels, the CV MAE and the shipped model's MAE on them, and hides without a calibration", () => {
  assert.equal(statusText(null), undefined);
  const shown = statusText({ id: 'abc123', labels: 12, siteLabels: 0, cvMae: 0.081, shippedMae: 0.31, coverage: 0.9, coverageLevel: 0.9, labelsNeeded: 9 })!;
  assert.equal(shown.text, '$(beaker) Bimetal: 12 labels · CV MAE 0.08 (shipped 0.31)');
  assert.equal(shown.tooltip, "Calibrated on 12 of your results (calibration abc123): CV MAE 0.08 against the shipped model's 0.31 eV/atom. Click for the report.");
});

test("the report panel's title counts the labels of each target the calibration has, as the status bar does", () => {
  const both = { id: 'abc123', labels: 12, siteLabels: 4, cvMae: 0.081, shippedMae: 0.31, coverage: 0.9, coverageLevel: 0.9, labelsNeeded: 9 };
  assert.equal(calibrationScope(both), "calibration abc123 (12 labels, 4 site labels, for E_form, CV MAE 0.08 against the shipped model's 0.31 eV/atom)");
  // Fitted on site energies alone: not "0 labels".
  assert.equal(calibrationScope({ ...both, labels: 0, cvMae: null, shippedMae: null, coverage: null, coverageLevel: null }), 'calibration abc123 (4 site labels)');
});

test('a calibration that keeps the shipped points says so in the status bar and the report title, and that its intervals stay the shipped ones where its labels are too few; one barely better gets the decimals that tell them apart', () => {
  // The four labels of examples/gold-nanoclusters.bimetal and nc-supported.bimetal: no correction beats the shipped model on them, and 4 bound no 90 % interval.
  const unchanged = { id: '58bf43', labels: 4, siteLabels: 0, cvMae: 0.514285, shippedMae: 0.514285, coverage: null, coverageLevel: 0.9, labelsNeeded: 9 };
  const shown = statusText(unchanged)!;
  assert.equal(shown.text, '$(beaker) Bimetal: 4 labels · shipped model kept (MAE 0.51)');
  const nothing =
    "no correction beat the shipped model's MAE of 0.51 eV/atom on these labels by cross-validation: its points are kept, and 4 labels are too few to bound intervals at 90 % coverage (that needs 9), so at 90 % the shipped intervals stand too";
  assert.equal(shown.tooltip, `Calibrated on 4 of your results (calibration 58bf43): ${nothing}. Click for the report.`);
  assert.equal(calibrationMaeText(unchanged), nothing);
  // 9 labels bound a 90 % interval, 4 an 80 % one (minimumGroupSize): the points are kept, the intervals are the labels'.
  const intervals = "no correction beat the shipped model's MAE of 0.51 eV/atom on these labels by cross-validation: its points are kept, the labels set only the intervals";
  for (const enough of [{ ...unchanged, labels: 9 }, { ...unchanged, coverageLevel: 0.8, labelsNeeded: 4 }]) {
    assert.equal(statusText(enough)!.text, `$(beaker) Bimetal: ${enough.labels} labels · shipped points kept (MAE 0.51)`);
    assert.equal(calibrationMaeText(enough), intervals);
  }
  assert.equal(statusText({ ...unchanged, labels: 8 })!.text, '$(beaker) Bimetal: 8 labels · shipped model kept (MAE 0.51)');
  // Better by less than the shown decimals: never "0.21 (shipped 0.21)".
  const barely = { ...unchanged, cvMae: 0.2101, shippedMae: 0.2104 };
  assert.equal(statusText(barely)!.text, '$(beaker) Bimetal: 4 labels · CV MAE 0.2101 (shipped 0.2104)');
  assert.equal(calibrationMaeText(barely), "CV MAE 0.2101 against the shipped model's 0.2104 eV/atom");
});

test('a calibration on site energies names them: never "0 labels"', () => {
  const siteOnly = statusText({ id: 'def456', labels: 0, siteLabels: 14, cvMae: null, shippedMae: null, coverage: null, coverageLevel: null, labelsNeeded: null })!;
  assert.equal(siteOnly.text, '$(beaker) Bimetal: 14 site labels');
  assert.equal(siteOnly.tooltip, 'Calibrated on 14 of your site energies (calibration def456). Click for the report.');
  const both = statusText({ id: 'abc123', labels: 12, siteLabels: 14, cvMae: 0.081, shippedMae: 0.31, coverage: 0.9, coverageLevel: 0.9, labelsNeeded: 9 })!;
  assert.equal(both.text, '$(beaker) Bimetal: 12 labels · CV MAE 0.08 (shipped 0.31) · 14 site labels');
  // The comparison is E_form's alone, and says so beside the site energies.
  assert.equal(both.tooltip, "Calibrated on 12 of your results and 14 site energies (calibration abc123): for E_form, CV MAE 0.08 against the shipped model's 0.31 eV/atom. Click for the report.");
  for (const shown of [siteOnly, both]) assert.doesNotMatch(shown.text + shown.tooltip, /\b0 (labels|of your)/);
});

test('suggestions open sorted by their acquisition', () => {
  const a = scoreRecord('a', { eForm: -2, lower: -3, upper: -1 });
  const b = scoreRecord('b', { eForm: -2.5, lower: -2.6, upper: -2.4 });
  assert.deepEqual(sortRecords([b, a], suggestionSort('stable')).map((r) => r.recipe), ['a', 'b']);
  assert.deepEqual(sortRecords([b, a], suggestionSort('uncertain')).map((r) => r.recipe), ['a', 'b']);
});

test('suggest says how many recipes an unbounded interval kept out of the ranking, and why nothing ranks', () => {
  const ranked = [record('a', -2.5)];
  assert.equal(suggestionMessage({ records: ranked, unbounded: 0, coverage: 0.9, known: null }), undefined);
  assert.equal(
    suggestionMessage({ records: ranked, unbounded: 174, coverage: 0.9, known: null }),
    'Bimetal: 174 unlabelled recipes have an unbounded E_form interval at 90 % coverage (BM405 says why: too few calibration points in its group, or none of its kind) and cannot be ranked; a lower bimetal.coverage setting may bound those that BM405 does not call unbounded at every coverage.',
  );
  assert.match(suggestionMessage({ records: [], unbounded: 1, coverage: 0.95, known: null })!, /^Bimetal: no unlabelled recipe .* to suggest\. 1 unlabelled recipe has an unbounded E_form interval at 95 % coverage/);
  assert.equal(suggestionMessage({ records: [], unbounded: 0, coverage: 0.9, known: null }), 'Bimetal: no unlabelled recipe without errors and with a bounded E_form interval to suggest.');
});

test('suggest says which recipes it left out as already labelled under another name', () => {
  const known = '2 unlabelled recipes are the same material as a recipe with an energy label in the inputs (e.g. fam[host=Pt,dopant=Os] is Pt12Os in dft.bimetal), so their DFT result is already known and they are not suggested';
  assert.equal(suggestionMessage({ records: [record('a', -2.5)], unbounded: 0, coverage: 0.9, known }), `Bimetal: 2${known.slice(1)}.`);
  assert.match(suggestionMessage({ records: [], unbounded: 3, coverage: 0.9, known })!, /to suggest\. 3 unlabelled recipes have an unbounded .* may bound those that BM405 does not call unbounded at every coverage\. 2 unlabelled recipes are the same material .* not suggested\.$/);
});

test("the calibration report's panel lists the records of the labels its report has points for, not every record with a label", () => {
  const point = (file: string, recipe: string) => ({ file, recipe, target: 'eForm' as const, reference: -2.3, shipped: -2.2, predicted: -2.25, lower: -2.5, upper: -2 });
  const at = (file: string, recipe: string) => ({ ...record(recipe, -2.2, { reference: -2.3 }), file });
  const fitted = [at('/ws/a.bimetal', 'AuPd'), at('/ws/b.bimetal', 'AgPd')];
  // A side of a conflict (BM420), a copy of AuPd's label in another file, and a label in a recipe with an error.
  const leftOut = [at('/ws/b.bimetal', 'AuPt2'), at('/ws/b.bimetal', 'AuPd'), at('/ws/c.bimetal', 'Unclosed')];
  const report = { points: [point('file:///ws/a.bimetal', 'AuPd'), point('file:///ws/b.bimetal', 'AgPd')] };
  assert.deepEqual(calibrationLabelRecords([...leftOut, ...fitted], report, (file) => `file://${file}`), fitted);
});
