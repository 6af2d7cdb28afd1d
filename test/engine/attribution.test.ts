import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attribute, coalitionRows, columnMedians, shapleyFromCoalitions, type BatchModel } from '../../engine/src/inference/attribution';

/** A linear model f(x) = b + Σ w_c x_c: its exact Shapley value for a player is Σ_{c ∈ player} w_c (x_c − baseline_c). */
function linear(weights: number[], bias: number): BatchModel {
  return (rows, count, cols) => Array.from({ length: count }, (_, r) => weights.reduce((s, w, c) => s + w * rows[r * cols + c], bias));
}

test('for a linear model the Shapley value of each player is its weights times (x − baseline)', async () => {
  const weights = [2, -1, 0.5, 3, 0];
  const x = [1, 4, -2, 0.5, 9];
  const base = [0, 1, 2, 0.5, 1];
  const players = [
    { name: 'a', columns: [0] },
    { name: 'b and c', columns: [1, 2] },
    { name: 'd', columns: [3] },
    { name: 'e', columns: [4] },
  ];
  const result = await attribute(linear(weights, 0.25), x, base, players);
  const expected = [2 * (1 - 0), -1 * (4 - 1) + 0.5 * (-2 - 2), 3 * 0, 0];
  result.values.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `${players[i].name}: ${v} vs ${expected[i]}`));
  assert.ok(Math.abs(result.baseline - (0.25 + weights.reduce((s, w, c) => s + w * base[c], 0))) < 1e-5);
  // Efficiency: the values add up to prediction − baseline.
  assert.ok(Math.abs(result.values.reduce((a, b) => a + b, 0) - (result.prediction - result.baseline)) < 1e-5);
});

test('an interaction is split evenly between the two players that make it (symmetry)', async () => {
  // f = x0 · x1: from baseline (0, 0) to (2, 3) each player gets half of 6.
  const product: BatchModel = (rows, count, cols) => Array.from({ length: count }, (_, r) => rows[r * cols] * rows[r * cols + 1]);
  const result = await attribute(product, [2, 3], [0, 0], [{ name: 'x0', columns: [0] }, { name: 'x1', columns: [1] }]);
  assert.deepEqual(result.values, [3, 3]);
});

test('coalition rows take a player\'s columns from the recipe when its bit is set, else from the baseline; other columns stay the recipe\'s', () => {
  const rows = coalitionRows([10, 20, 30], [1, 2, 3], [{ name: 'p0', columns: [0] }, { name: 'p1', columns: [2] }]);
  assert.deepEqual(Array.from(rows), [1, 20, 3, 10, 20, 3, 1, 20, 30, 10, 20, 30]);
});

test('players must be disjoint, within the row, and few enough to enumerate', () => {
  assert.throws(() => coalitionRows([1, 2], [0, 0], [{ name: 'a', columns: [0] }, { name: 'b', columns: [0] }]), /two players/);
  assert.throws(() => coalitionRows([1, 2], [0, 0], [{ name: 'a', columns: [5] }]), /outside/);
  assert.throws(() => coalitionRows([1, 2], [0], [{ name: 'a', columns: [0] }]), /columns/);
  assert.throws(() => shapleyFromCoalitions([0, 1, 2], 2), /expected 4/);
  assert.throws(() => shapleyFromCoalitions(new Array(2 ** 13).fill(0), 13), /1 to 12 players/);
});

test('column medians: middle value, or the mean of the two middle values', () => {
  const rows = Float32Array.from([1, 10, 3, 30, 2, 20, 100, 0]);
  assert.deepEqual(Array.from(columnMedians(rows, 4, 2)), [2.5, 15]);
  assert.deepEqual(Array.from(columnMedians(rows, 3, 2)), [2, 20]);
  assert.throws(() => columnMedians(rows, 0, 2), /at least one/);
});
