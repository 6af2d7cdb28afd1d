import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordsToTable } from '../../cli/src/formats/table';
import type { ScoreRecord } from '../../engine/src/scoreRecord';

function record(phi: number, chiEnv: number): ScoreRecord {
  return {
    file: 'a.bimetal',
    recipe: 'R',
    formula: 'Au12Ag',
    host: 'Au',
    dopant: 'Ag',
    nHost: 12,
    nDopant: 1,
    nMetal: 13,
    ratio: 0.0769,
    descriptors: { hMix: -6, chiEnv, deltaChi: 0.61, deltaM: 89.1, deltaR: 0, distance: 2.88, reducedDistance: 1, phi, logP: {} },
    prediction: null,
    site: null,
    diagnostics: [],
  };
}

test('the table never prints a negative zero for a value that rounds to zero', () => {
  const table = recordsToTable([record(-0.0004, -0.001)], { showFile: false, coverage: 0.9 });
  assert.doesNotMatch(table, /-0\.00\b/);
  assert.match(table, /│ 0\.00 /);
});

test('negative values keep their sign', () => {
  const table = recordsToTable([record(-0.12, -0.5)], { showFile: false, coverage: 0.9 });
  assert.match(table, /-0\.12/);
  assert.match(table, /-0\.50/);
});
