import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MODEL_SOURCE, TABLE_SOURCE, miedemaLiquidMixingEnthalpy, mixingEnthalpy } from '../../engine/src/hmix';
import { runTypeScript } from '../helpers/runTypeScript';

test('the committed H_mix module matches the shared data (generator --check)', () => {
  const run = runTypeScript('scripts/gen-hmix-table.ts', ['--check']);
  assert.equal(run.status, 0, run.output);
});

test('docs/hmix-validation.md is what its generator measures now (--check)', () => {
  const run = runTypeScript('scripts/gen-hmix-validation.ts', ['--check']);
  assert.equal(run.status, 0, run.output);
});

test('Takeuchi–Inoue values for the gold pairs of the seed paper', () => {
  const expected: [string, string, number][] = [['Au', 'Ru', 15], ['Au', 'Ir', 13], ['Au', 'Rh', 7], ['Au', 'Ag', -6]];
  for (const [a, b, value] of expected) {
    assert.deepEqual(mixingEnthalpy(a, b), { value, unit: 'kJ/mol', source: TABLE_SOURCE, computed: false });
  }
});

test('H_mix is symmetric', () => {
  for (const [a, b] of [['Au', 'Ru'], ['Cu', 'Ni'], ['Pu', 'Au'], ['Th', 'U']]) {
    assert.deepEqual(mixingEnthalpy(a, b), mixingEnthalpy(b, a));
  }
  assert.ok(Math.abs(miedemaLiquidMixingEnthalpy('Au', 'Pt')! - miedemaLiquidMixingEnthalpy('Pt', 'Au')!) < 1e-9);
});

test('a pair missing from the table is computed with the Miedema model and flagged', () => {
  const result = mixingEnthalpy('Au', 'Pu');
  assert.ok(result);
  assert.equal(result.computed, true);
  assert.equal(result.source, MODEL_SOURCE);
  assert.equal(result.value, miedemaLiquidMixingEnthalpy('Au', 'Pu'));
  // Gold with an electropositive actinide mixes strongly exothermically.
  assert.ok(result.value < -20);
});

test('the Miedema model reproduces tabulated transition-metal pairs within a few kJ/mol', () => {
  for (const [a, b] of [['Au', 'Ru'], ['Au', 'Ag'], ['Cu', 'Fe'], ['Ni', 'Zr'], ['Pd', 'Pt']]) {
    const table = mixingEnthalpy(a, b)!.value;
    assert.ok(Math.abs(miedemaLiquidMixingEnthalpy(a, b)! - table) < 3, `${a}-${b}`);
  }
});

test('no value for the same element, an unknown element, or an element without parameters', () => {
  assert.equal(mixingEnthalpy('Au', 'Au'), undefined);
  assert.equal(mixingEnthalpy('Au', 'Xx'), undefined);
  assert.equal(mixingEnthalpy('Au', 'S'), undefined);
});
