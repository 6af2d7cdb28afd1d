import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstIndexWhere } from '../../engine/src/firstIndexWhere';

test('the first position where a sorted list reaches a value is the one a linear scan finds, or the length when none does', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }), fc.integer({ min: -1, max: 22 }), (values, target) => {
      const sorted = [...values].sort((a, b) => a - b);
      const linear = sorted.findIndex((v) => v >= target);
      assert.equal(firstIndexWhere(sorted.length, (i) => sorted[i] >= target), linear < 0 ? sorted.length : linear);
    }),
    { seed: 20261202, numRuns: 500 },
  );
});
