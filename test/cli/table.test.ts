import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordWriter } from '../../cli/src/formats/recordStream';
import { recordsToTable, TABLE_BLOCK_ROWS } from '../../cli/src/formats/table';
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
  assert.match(table, /\n−∞, \+∞: an unbounded interval end, no calibrated interval at this coverage \(BM405 says why: too few calibration points in its group, none of its kind, or, for the upper end alone, a stated site that no ΔE prices\); a lower --coverage may bound it unless BM405 says it is unbounded at every coverage/);
  assert.doesNotMatch(recordsToTable([bounded], { showFile: false, coverage: 0.9 }), /BM405/);
});

test('the interval columns name the coverage they are at, to the tenth of a percent where it has one', () => {
  const table = recordsToTable([record('Bare', -2.2)], { showFile: false, coverage: 0.995 });
  assert.match(table, /E_form \(eV\/atom\) \[99\.5 %\]/);
});

test('a long run prints a table per block of records as they come, each under its header, and the legend once after the last', () => {
  const writer = recordWriter({ format: 'table', explain: false, ligands: [], coverage: 0.9, showFile: false });
  const records = Array.from({ length: 2 * TABLE_BLOCK_ROWS + 7 }, (_, i) => record(`R${i}`, -2 - i / 10_000));
  records[3].prediction = { ...records[3].prediction!, lower: -Infinity, upper: Infinity };
  const pieces: string[] = [];
  // Chunks of 256, as the scorer gives them: the first block is out before the last record comes.
  for (let start = 0; start < records.length; start += 256) {
    pieces.push(...writer.chunk({ records: records.slice(start, start + 256) }));
    if (start + 256 > TABLE_BLOCK_ROWS + 256) assert.ok(pieces.length > 0, 'a block is printed once it is full');
  }
  pieces.push(...writer.end());
  const text = pieces.join('');
  assert.equal(text.match(/│ recipe /g)?.length, 3, 'three headers');
  const rows = [...text.matchAll(/│ (R\d+) /g)].map((m) => m[1]);
  assert.deepEqual(rows, records.map((r) => r.recipe));
  assert.equal(text.match(/−∞, \+∞: an unbounded interval end/g)?.length, 1, 'the legend once');
  assert.ok(text.trimEnd().endsWith('unless BM405 says it is unbounded at every coverage'), 'after the last table');
  // A run that fits one block prints exactly what recordsToTable makes of it.
  const short = recordWriter({ format: 'table', explain: false, ligands: [], coverage: 0.9, showFile: false });
  assert.equal([...short.chunk({ records: records.slice(0, 10) }), ...short.end()].join(''), recordsToTable(records.slice(0, 10), { showFile: false, coverage: 0.9 }));
});
