/**
 * Export CSV as the user runs it (client/src/exportCsv.ts), against a stand-in for VS Code whose
 * disk refuses file names over 255 bytes, as Linux and macOS do.
 */
import { saveDialog, workspaceState } from '../helpers/vscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportCsv } from '../../client/src/exportCsv';
import { record } from '../helpers/scoreRecord';

const state = { runId: 'r', scope: 'workspace', scoredAt: '2026-12-07T00:00:00Z', phiThreshold: 0.5, records: [record('A', -2.1)], sort: { column: 'recipe', descending: false } } as const;

test('a file name the disk takes is saved, however long: the temporary file beside it does not grow with it', async () => {
  workspaceState.folders = ['file:///ws'];
  workspaceState.files = new Map();
  // 251 bytes: a name the user may choose; before, its temporary file `.NAME.xxxxxxxx.tmp` took 265 and the save failed (ENAMETOOLONG).
  const name = `${'é'.repeat(123)}.csv`;
  assert.equal(Buffer.byteLength(name), 250);
  saveDialog.choice = { path: `/ws/${name}`, toString: () => `file:///ws/${name}` };
  await exportCsv({ ...state, records: [...state.records] });
  assert.deepEqual([...workspaceState.files.keys()], [`file:///ws/${name}`], 'the CSV, and no temporary file left');
  assert.match(workspaceState.files.get(`file:///ws/${name}`)!, /^\uFEFFfile,recipe,[^\n]*\n\/ws\/a\.bimetal,A,/);
});

test('the saved CSV starts with a byte order mark, so Excel reads its Å as Å, not as the Windows-1252 "Ã…"', async () => {
  workspaceState.folders = ['file:///ws'];
  workspaceState.files = new Map();
  saveDialog.choice = { path: '/ws/scores.csv', toString: () => 'file:///ws/scores.csv' };
  await exportCsv({ ...state, records: [...state.records] });
  const saved = workspaceState.files.get('file:///ws/scores.csv')!;
  assert.equal(saved.charCodeAt(0), 0xfeff);
  assert.match(saved.split('\n')[0], /,descriptors\.distance \(Å\),/);
});
