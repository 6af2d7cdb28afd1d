import { test } from 'node:test';
import assert from 'node:assert/strict';
import { significantText, toSignificant } from '../../engine/src/significant';

const reference = (value: number, digits: number) => Number(value.toPrecision(digits));

/** A small seeded generator, so a failure names a value that reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('toSignificant equals Number(toPrecision) on random values of every magnitude, float64 and float32', () => {
  const next = random(11);
  for (let i = 0; i < 200_000; i++) {
    const value = (next() - 0.5) * 10 ** Math.floor(next() * 60 - 30);
    for (const v of [value, Math.fround(value)]) {
      for (const digits of [3, 4, 6, 9, 15]) assert.equal(toSignificant(v, digits), reference(v, digits), `${v} to ${digits} digits`);
    }
  }
});

test('toSignificant equals Number(toPrecision) at ties, powers of ten and the ends of the double range', () => {
  const values = [1.234565, 0.1234565, 1234565, 123456.5, 999999.5, 9999995, 99999.95, 0.05, 2.83, 0.1, 1e-7, 1e21, 1e22, 1e23, 5e-324, 1.7976931348623157e308, 0.000999999999];
  for (let k = 0; k < 100_000; k++) values.push((k + 0.5) / 1e5, k / 7, k * 1.1);
  for (const v of values) {
    for (const digits of [1, 3, 4, 6, 9, 15]) {
      assert.equal(toSignificant(v, digits), reference(v, digits), `${v} to ${digits} digits`);
      assert.equal(toSignificant(-v, digits), reference(-v, digits), `${-v} to ${digits} digits`);
    }
  }
});

test('toSignificant keeps non-finite values and turns negative zero into zero, as toPrecision does', () => {
  assert.equal(toSignificant(Infinity, 6), Infinity);
  assert.equal(toSignificant(-Infinity, 6), -Infinity);
  assert.ok(Number.isNaN(toSignificant(NaN, 6)));
  assert.ok(Object.is(toSignificant(-0, 6), reference(-0, 6)));
});

test('significantText writes what String writes: tidy values of every magnitude, and every other value', () => {
  const next = random(23);
  for (let i = 0; i < 200_000; i++) {
    const value = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
    for (const v of [value, Math.fround(value), toSignificant(value, 6), toSignificant(value, 3), toSignificant(value, 7), Math.round(value)]) {
      assert.equal(significantText(v), String(v), `${v}`);
    }
  }
  const edges = [0, -0, 1e-6, 1e-7, 9.99999e-7, 0.000001, 0.1, 0.3, 1, 1.5, 99999.5, 123456, 999999.5, 1e15, 1.5e15, 1e21, 5e-324, NaN, Infinity, -Infinity];
  for (let k = 1; k < 100_000; k++) edges.push(k / 1e5, k / 1e6, k / 10, toSignificant(k / 7, 6), 10 ** (k % 30 - 12));
  for (const v of edges) {
    assert.equal(significantText(v), String(v), `${v}`);
    assert.equal(significantText(-v), String(-v), `${-v}`);
  }
});

test('values within a few ulps of a power of ten, where an exponent found by comparison may round across it, give what toPrecision and String give', () => {
  const values: number[] = [0.09999999999999999, 999999.9999999999, 9.99999999999998e-9, 0.1, 1e-22, 1e22];
  for (let k = -30; k <= 30; k++) {
    const power = Number(`1e${k}`);
    for (let ulps = -4; ulps <= 4; ulps++) values.push(power * (1 + ulps * 2 ** -53), power * (1 + ulps * 2 ** -52));
  }
  for (const v of values) {
    for (const digits of [1, 3, 6, 9, 15]) {
      assert.equal(toSignificant(v, digits), reference(v, digits), `${v} to ${digits} digits`);
      assert.equal(toSignificant(-v, digits), reference(-v, digits), `${-v} to ${digits} digits`);
    }
    const tidy = toSignificant(v, 6);
    assert.equal(significantText(tidy), String(tidy), `${tidy}`);
    assert.equal(significantText(v), String(v), `${v}`);
  }
});
