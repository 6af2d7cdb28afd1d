import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coveragePercent, fixedText, intervalEndText, roundedText } from '../../engine/src/numberText';

test('roundedText drops trailing zeros and never shows a negative zero', () => {
  assert.equal(roundedText(0.30000000000000004, 4), '0.3');
  assert.equal(roundedText(-2.904149, 4), '-2.9041');
  assert.equal(roundedText(12, 4), '12');
  assert.equal(roundedText(-0.00001, 3), '0');
});

test('fixedText keeps its decimals and prints a value that rounds to zero unsigned', () => {
  assert.equal(fixedText(-1.04, 2), '-1.04');
  assert.equal(fixedText(0.4, 2), '0.40');
  assert.equal(fixedText(-0.001, 2), '0.00');
});

test('intervalEndText writes unbounded ends as infinities on their own side', () => {
  assert.equal(intervalEndText(-3.4049, 2, 'lower'), '-3.40');
  assert.equal(intervalEndText(-Infinity, 2, 'lower'), '−∞');
  assert.equal(intervalEndText(Infinity, 3, 'upper'), '+∞');
  assert.equal(intervalEndText(null, 2, 'upper'), '+∞');
  assert.equal(intervalEndText(null, 2, 'lower'), '−∞');
});

test('coveragePercent keeps the level a coverage is at: 90 %, 99.5 %, 85.7 %, never 100 % for 0.995', () => {
  assert.equal(coveragePercent(0.9), '90 %');
  assert.equal(coveragePercent(0.995), '99.5 %');
  assert.equal(coveragePercent(6 / 7), '85.7 %');
  // Near the ends, the decimals that keep a coverage off 100 % or 0 %, which no coverage is.
  assert.equal(coveragePercent(0.9995), '99.95 %');
  assert.equal(coveragePercent(0.9999999), '99.99999 %');
  assert.equal(coveragePercent(0.0001), '0.01 %');
  assert.equal(coveragePercent(0.8), '80 %');
});
