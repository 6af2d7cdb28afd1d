/**
 * BM412 (a reference outside the prediction's interval) and the record's referenceInInterval decide
 * on the same numbers, the record's six significant digits: decided on the raw interval, a reference
 * at its end drew the warning while the record said it lay inside.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceFinding } from '../../pipeline/src/findings';
import { referenceFields } from '../../pipeline/src/records';
import { tidy } from '../../engine/src/significant';
import type { RecipeSpec } from '../../engine/src/recipe';

const labelled = (energy: number) => ({ name: 'R', energy }) as RecipeSpec;

test('a reference at the interval end the record states is inside for both the record and BM412', () => {
  const raw = { point: -2.5, lower: -2.7000004, upper: -2.3000004, coverage: 0.9 };
  const record = { eForm: tidy(raw.point), lower: tidy(raw.lower), upper: tidy(raw.upper) };
  assert.equal(referenceFields(-2.3, record).referenceInInterval, true);
  assert.equal(referenceFinding(labelled(-2.3), raw), undefined);
  // Beyond the stated end it is outside for both, and the warning states the record's numbers.
  assert.equal(referenceFields(-2.29, record).referenceInInterval, false);
  assert.match(referenceFinding(labelled(-2.29), raw)?.message ?? '', /interval \[-2\.700, -2\.300\] of the prediction -2\.500 \(residual 0\.210 eV\/atom\)/);
});
