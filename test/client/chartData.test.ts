import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scatterBounds, scatterSeries } from '../../client/src/results/chartData';
import { record } from '../helpers/scoreRecord';

test('one point per recipe with E_form and φ, split by applicability domain, with interval bars', () => {
  const records = [
    record('inside', -2, { phi: -0.1 }),
    record('no-phi', -2, { phi: null }),
    record('unscored', null),
    record('outside', -1, { phi: 0.2, prediction: { eForm: -1, lower: -1.5, upper: -0.2, coverage: 0.9, model: 'm', inDomain: false, terms: [] } }),
    record('no-descriptors', -3, { descriptors: null }),
  ];
  const series = scatterSeries(records);
  assert.deepEqual(series.inDomain, [{ x: -0.1, y: -2, yMin: -2.4, yMax: -1.7, index: 0 }]);
  assert.deepEqual(series.outOfDomain, [{ x: 0.2, y: -1, yMin: -1.5, yMax: -0.2, index: 3 }]);
  assert.equal(series.unplotted, 3);
  // a point's index leads back to its record (row click and point click reveal the same recipe)
  assert.equal(records[series.outOfDomain[0].index].recipe, 'outside');
});

test('axis bounds include every interval bar and the φ threshold line', () => {
  const series = scatterSeries([record('a', -2, { phi: -0.1 }), record('b', -4, { phi: 0.3 })]);
  const bounds = scatterBounds(series, -0.3)!;
  assert.ok(bounds.x[0] < -0.3 && bounds.x[1] > 0.3, `x ${bounds.x}`);
  assert.ok(bounds.y[0] < -4.4 && bounds.y[1] > -1.7, `y ${bounds.y}`);
  assert.equal(scatterBounds(scatterSeries([record('u', null)]), -0.3), undefined);
});

test('a single point still gets a non-empty range', () => {
  const one = { inDomain: [{ x: -0.3, y: -2, yMin: -2, yMax: -2, index: 0 }], outOfDomain: [], unplotted: 0 };
  const bounds = scatterBounds(one, -0.3)!;
  assert.ok(bounds.x[1] - bounds.x[0] > 0 && bounds.y[1] - bounds.y[0] > 0);
});

test('bounds of a 300,000-point workspace are computed (no argument-spreading limit)', () => {
  const points = Array.from({ length: 300_000 }, (_, i) => ({ x: i / 300_000, y: -i / 100_000, yMin: -i / 100_000 - 0.5, yMax: -i / 100_000 + 0.5, index: i }));
  const bounds = scatterBounds({ inDomain: points, outOfDomain: [], unplotted: 0 }, -0.3)!;
  assert.ok(bounds.y[0] < -3.5 && bounds.y[1] > 0.5);
});
