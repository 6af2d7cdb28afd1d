import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordsToTable } from '../../cli/src/formats/table';
import { record } from '../helpers/scoreRecord';

function tableOf(phi: number, chiEnv: number): string {
  const r = record('R', null, { phi });
  r.descriptors!.chiEnv = chiEnv;
  return recordsToTable([r], { showFile: false, coverage: 0.9 });
}

test('the table never prints a negative zero for a value that rounds to zero', () => {
  const table = tableOf(-0.0004, -0.001);
  assert.doesNotMatch(table, /-0\.00\b/);
  assert.match(table, /│ 0\.00 /);
});

test('negative values keep their sign', () => {
  const table = tableOf(-0.12, -0.5);
  assert.match(table, /-0\.12/);
  assert.match(table, /-0\.50/);
});

test('an unbounded interval prints as [−∞, +∞] and the legend says why, only when one is shown', () => {
  const bounded = record('Bare', -2.2);
  const shell = record('Shell', -3.6);
  shell.prediction = { ...shell.prediction!, lower: -Infinity, upper: Infinity };
  const table = recordsToTable([bounded, shell], { showFile: false, coverage: 0.9 });
  assert.match(table, /-3\.60 \[−∞, \+∞\]/);
  assert.match(table, /\n−∞, \+∞: an unbounded interval end, too few calibration points for this coverage \(BM405, which says how many its group holds\); a lower --coverage may bound it unless that is none/);
  assert.doesNotMatch(recordsToTable([bounded], { showFile: false, coverage: 0.9 }), /BM405/);
});

test('the interval columns name the coverage they are at, to the tenth of a percent where it has one', () => {
  const table = recordsToTable([record('Bare', -2.2)], { showFile: false, coverage: 0.995 });
  assert.match(table, /E_form \(eV\/atom\) \[99\.5 %\]/);
});
