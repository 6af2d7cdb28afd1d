import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimate, parityTooltip, plotBounds, scatterSeries, scatterTooltip } from '../../client/src/results/chartData';
import { record } from '../helpers/scoreRecord';
import { allRows, bareCore, storeOf } from './rows';

test('one point per recipe with E_form and φ, split by applicability domain, with interval bars', () => {
  const records = [
    record('inside', -2, { phi: -0.1 }),
    record('no-phi', -2, { phi: null }),
    record('unscored', null),
    record('outside', -1, { phi: 0.2, prediction: { eForm: -1, lower: -1.5, upper: -0.2, coverage: 0.9, model: 'm', inDomain: false, terms: [] } }),
    record('no-descriptors', -3, { descriptors: null }),
  ];
  const store = storeOf(records);
  const { series, bounds } = scatterSeries(store, allRows(store), -0.3);
  assert.deepEqual(series.inDomain, [{ x: -0.1, y: -2, yMin: -2.4, yMax: -1.7, index: 0 }]);
  assert.deepEqual(series.outOfDomain, [{ x: 0.2, y: -1, yMin: -1.5, yMax: -0.2, index: 3 }]);
  assert.equal(series.unplotted, 3);
  // a point's index is the row: a point click and a row click reveal the same member
  assert.equal(store.recipe[series.outOfDomain[0].index], 'outside');
  assert.ok(bounds!.x[0] < -0.3 && bounds!.x[1] > 0.2, 'x includes the φ threshold line');
  assert.ok(bounds!.y[0] < -2.4 && bounds!.y[1] > -0.2, 'y includes every interval bar');
});

test('a bare core is left off the E_form–φ chart and counted as unplotted: its φ is undefined, not 0', () => {
  // The record keeps φ = 0 with the verdict undefined; the table shows n/a and the CSV leaves φ empty.
  const records = [record('ligated', -2, { phi: -0.1 }), bareCore(record('bare', -2.5)), bareCore(record('bare-outside', -1, { prediction: { eForm: -1, lower: -1.5, upper: -0.2, coverage: 0.9, model: 'm', inDomain: false, terms: [] } }))];
  const store = storeOf(records);
  const { series, bounds } = scatterSeries(store, allRows(store), -0.3);
  assert.deepEqual([...series.inDomain, ...series.outOfDomain].map((p) => store.recipe[p.index]), ['ligated']);
  assert.equal(series.plotted, 1);
  assert.equal(series.unplotted, 2, 'the chart note counts them as not plotted');
  assert.ok(bounds!.x[1] < 0, 'no point at φ = 0 widens the axis');
  const onlyBare = scatterSeries(store, Uint32Array.of(1, 2), -0.3);
  assert.equal(onlyBare.bounds, undefined, 'nothing to plot');
  assert.equal(onlyBare.series.unplotted, 2);
});

test('only the filtered rows are plotted; no plottable row, no bounds', () => {
  const store = storeOf([record('a', -2, { phi: -0.1 }), record('b', -4, { phi: 0.3 }), record('u', null)]);
  assert.deepEqual(scatterSeries(store, Uint32Array.of(1), -0.3).series.inDomain.map((p) => p.index), [1]);
  assert.equal(scatterSeries(store, Uint32Array.of(2), -0.3).bounds, undefined);
});

test('decimation keeps one point per occupied grid cell, the lowest E_form in it', () => {
  // Four points: three share the top-left cell of a 2 × 2 grid, one sits alone.
  const xs = Float64Array.of(0.1, 0.2, 0.15, 0.9);
  const ys = Float64Array.of(0.1, 0.05, 0.2, 0.9);
  const kept = decimate([0, 1, 2, 3], xs, ys, { x: [0, 1], y: [0, 1] }, { columns: 2, rows: 2 });
  assert.deepEqual(kept.sort(), [1, 3]);
});

test('a 20,000-member family is drawn as at most one point per cell, every occupied cell still drawn', () => {
  const n = 20_000;
  const records = Array.from({ length: n }, (_, i) => record(`m${i}`, -4 + 3 * (((i * 7919) % 1000) / 1000), { phi: -0.5 + ((i * 104729) % 1000) / 1000 }));
  const store = storeOf(records);
  const grid = { columns: 160, rows: 80 };
  const { series, bounds } = scatterSeries(store, allRows(store), -0.3, grid);
  const points = [...series.inDomain, ...series.outOfDomain];
  assert.equal(series.plotted, n);
  assert.ok(points.length <= grid.columns * grid.rows, `${points.length} points`);
  const cell = (x: number, y: number) => {
    const cx = Math.min(grid.columns - 1, Math.floor(((x - bounds!.x[0]) / (bounds!.x[1] - bounds!.x[0])) * grid.columns));
    const cy = Math.min(grid.rows - 1, Math.floor(((y - bounds!.y[0]) / (bounds!.y[1] - bounds!.y[0])) * grid.rows));
    return cy * grid.columns + cx;
  };
  const occupied = new Set(Array.from({ length: n }, (_, i) => cell(store.phi[i], store.eForm[i])));
  assert.equal(new Set(points.map((p) => cell(p.x, p.y))).size, occupied.size, 'every occupied cell keeps a point');
  assert.equal(points.length, occupied.size);
});

test('bounds are computed for 300,000 rows (no argument-spreading limit) and a single point gets a range', () => {
  const n = 300_000;
  const xs = Float64Array.from({ length: n }, (_, i) => i / n);
  const ys = Float64Array.from({ length: n }, (_, i) => -i / 100_000);
  const bounds = plotBounds(Array.from(xs.keys()), xs, ys, ys.map((y) => y - 0.5), ys.map((y) => y + 0.5))!;
  assert.ok(bounds.y[0] < -3.5 && bounds.y[1] > 0.5);
  const one = plotBounds([0], Float64Array.of(-0.3), Float64Array.of(-2), Float64Array.of(Number.NaN), Float64Array.of(Number.NaN))!;
  assert.ok(one.x[1] - one.x[0] > 0 && one.y[1] - one.y[0] > 0);
});

test('chart tooltips write an unbounded interval (BM405: NaN bounds on a point that exists) as ∞, not as missing numbers', () => {
  const open = { x: -0.1, y: -4.73, yMin: Number.NaN, yMax: Number.NaN, index: 0 };
  assert.equal(scatterTooltip('Shell', open), 'Shell: E_form −4.73 [−∞, +∞] eV/atom, φ −0.10');
  assert.equal(parityTooltip('Shell', { ...open, x: -4.1 }), 'Shell: reference −4.100, predicted −4.730 [−∞, +∞] eV/atom');
  assert.equal(scatterTooltip('Bare', { ...open, yMin: -4.8, yMax: -4.6 }), 'Bare: E_form −4.73 [−4.80, −4.60] eV/atom, φ −0.10');
});
