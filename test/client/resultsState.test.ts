import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SORT } from '../../client/src/results/sorting';
import { initialView, isWebviewMessage, newResultsState, parseViewState } from '../../client/src/results/state';
import { NO_FILTERS } from '../../client/src/results/tableModel';
import { record } from '../helpers/scoreRecord';

const state = newResultsState('workspace', [record('a', -2)], -0.3, new Date('2026-01-02T03:04:05Z'));
const view = initialView(state, { kind: 'workspace' });

test('a new run starts with the default sort and a unique id; its view has no filters', () => {
  assert.deepEqual(state.sort, [DEFAULT_SORT]);
  assert.equal(state.scoredAt, '2026-01-02T03:04:05.000Z');
  assert.notEqual(newResultsState('workspace', [], -0.3).runId, newResultsState('workspace', [], -0.3).runId);
  assert.deepEqual(view.filters, NO_FILTERS);
  assert.equal(view.tab, 'table');
});

test('the persisted view is small whatever the number of records: no records in it', () => {
  const big = newResultsState('workspace', Array.from({ length: 20_000 }, (_, i) => record(`r${i}`, -2)), -0.3);
  const persisted = JSON.stringify(initialView(big, { kind: 'workspace' }));
  assert.ok(persisted.length < 1000, `${persisted.length} bytes`);
  assert.ok(!persisted.includes('r19999'));
});

test('a saved view round-trips; unusable parts fall back to defaults; unusable views are refused', () => {
  const custom = { ...view, sort: [{ column: 'phi', descending: true }, DEFAULT_SORT], filters: { ...NO_FILTERS, text: 'Au', phi: [-0.3, null] as [number, null] }, tab: 'heatmap' as const };
  assert.deepEqual(parseViewState(JSON.parse(JSON.stringify(custom))), custom);
  const repaired = parseViewState({ ...view, sort: [{ column: 'nonsense', descending: false }], filters: { text: 3 }, tab: 'bogus' });
  assert.deepEqual([repaired?.sort, repaired?.filters, repaired?.tab], [[DEFAULT_SORT], NO_FILTERS, 'table']);
  for (const bad of [null, 42, 'x', {}, { ...view, runId: '' }, { ...view, source: { kind: 'shell', command: 'rm' } }]) assert.equal(parseViewState(bad), undefined, JSON.stringify(bad));
  // Where the table was scrolled and the detail on show: absent from a view saved by an older version, or unusable, they are the top and none.
  const { scrollTop: _scrollTop, detailRow: _detailRow, ...older } = view;
  assert.deepEqual(parseViewState(older), view);
  assert.deepEqual(parseViewState({ ...view, scrollTop: 480, detailRow: 12 }), { ...view, scrollTop: 480, detailRow: 12 });
  const unusable = parseViewState({ ...view, scrollTop: -3, detailRow: 1.5 });
  assert.deepEqual([unusable?.scrollTop, unusable?.detailRow], [0, null]);
});

test('a calibration report and a suggestion keep what they show, so a reload makes them again', () => {
  for (const source of [{ kind: 'calibration' }, { kind: 'suggestions', objective: 'stable' }, { kind: 'suggestions', objective: 'uncertain' }] as const) {
    assert.deepEqual(parseViewState(JSON.parse(JSON.stringify({ ...view, source })))?.source, source);
  }
  assert.equal(parseViewState({ ...view, source: { kind: 'suggestions', objective: 'cheapest' } }), undefined);
});

test('messages from the webview are checked before the extension acts on them', () => {
  assert.ok(isWebviewMessage({ type: 'ready' }));
  assert.ok(isWebviewMessage({ type: 'showProblems' }));
  assert.ok(!isWebviewMessage({ type: 'showProblems', command: 'workbench.action.terminal.new' }));
  assert.ok(isWebviewMessage({ type: 'reveal', runId: 'r', row: 3 }));
  assert.ok(isWebviewMessage({ type: 'detail', runId: 'r', row: 0 }));
  assert.ok(isWebviewMessage({ type: 'cellsWanted', runId: 'r', rows: [1, 2, 3] }));
  assert.ok(isWebviewMessage({ type: 'exportCsv', runId: 'r', rows: [2, 0] }));
  assert.ok(isWebviewMessage({ type: 'viewChanged', view }));
  assert.ok(!isWebviewMessage({ type: 'reveal', runId: 'r', row: -1 }));
  assert.ok(!isWebviewMessage({ type: 'reveal', runId: 'r', row: 1.5 }));
  assert.ok(!isWebviewMessage({ type: 'reveal', runId: 'r', row: 1, file: '/etc/passwd' }), 'extra key');
  assert.ok(!isWebviewMessage({ type: 'cellsWanted', runId: 'r', rows: Array.from({ length: 501 }, (_, i) => i) }), 'too many rows at once');
  assert.ok(!isWebviewMessage({ type: 'viewChanged', view: { ...view, runId: 3 } }));
  assert.ok(!isWebviewMessage({ type: 'runCommand', command: 'rm -rf' }));
  assert.ok(!isWebviewMessage(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')), 'prototype keys');
  assert.ok(!isWebviewMessage(Object.assign(Object.create({ inherited: 1 }), { type: 'ready' })), 'not a plain object');
  assert.ok(!isWebviewMessage(null));
  assert.ok(!isWebviewMessage(['ready']));
});
