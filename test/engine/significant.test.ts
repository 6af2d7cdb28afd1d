import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSignificant } from '../../engine/src/significant';

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
