import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SORT } from '../../client/src/results/sorting';
import { chooseState, isWebviewMessage, newResultsState, parseResultsState } from '../../client/src/results/state';
import { record } from '../helpers/scoreRecord';

const state = newResultsState('workspace', [record('a', -2)], -0.3, new Date('2026-01-02T03:04:05Z'));

test('a new run starts with the default sort on the first page and a unique id', () => {
  assert.deepEqual(state.sort, DEFAULT_SORT);
  assert.equal(state.page, 0);
  assert.equal(state.scoredAt, '2026-01-02T03:04:05.000Z');
  assert.notEqual(newResultsState('workspace', [], -0.3).runId, newResultsState('workspace', [], -0.3).runId);
});

test('state from a reload is accepted when complete, and JSON round-trips', () => {
  assert.deepEqual(parseResultsState(JSON.parse(JSON.stringify(state))), state);
});

test('unusable saved state is refused; a bad sort or page falls back to the defaults', () => {
  for (const bad of [null, 42, 'x', {}, { ...state, records: 'no' }, { ...state, records: [{ recipe: 'a' }] }, { ...state, phiThreshold: '-0.3' }]) {
    assert.equal(parseResultsState(bad), undefined, JSON.stringify(bad));
  }
  const repaired = parseResultsState({ ...state, sort: { column: 'nonsense', descending: false }, page: -2 });
  assert.deepEqual([repaired?.sort, repaired?.page], [DEFAULT_SORT, 0]);
});

test('the webview keeps its own saved sort and page for the same run, but not across runs', () => {
  const saved = { ...state, sort: { column: 'phi', descending: true }, page: 3 };
  assert.deepEqual(chooseState(saved, state), saved);
  const nextRun = newResultsState('workspace', [record('b', -1)], -0.3);
  assert.equal(chooseState(saved, nextRun), nextRun);
  assert.equal(chooseState(undefined, nextRun), nextRun);
  assert.equal(chooseState({ garbage: true }, nextRun), nextRun);
});

test('messages from the webview are checked before the extension acts on them', () => {
  assert.ok(isWebviewMessage({ type: 'reveal', file: '/a.bimetal', recipe: 'r' }));
  assert.ok(isWebviewMessage({ type: 'exportCsv' }));
  assert.ok(isWebviewMessage({ type: 'viewChanged', sort: { column: 'phi', descending: false }, page: 1 }));
  assert.ok(!isWebviewMessage({ type: 'reveal', file: 3, recipe: 'r' }));
  assert.ok(!isWebviewMessage({ type: 'viewChanged', sort: { column: 'bogus', descending: false }, page: 1 }));
  assert.ok(!isWebviewMessage({ type: 'runCommand', command: 'rm -rf' }));
  assert.ok(!isWebviewMessage(null));
});

test('webview messages follow the schema exactly: no extra keys, bounded strings, integer pages', () => {
  const sort = { column: 'phi', descending: false };
  assert.ok(!isWebviewMessage({ type: 'reveal', file: '/a.bimetal', recipe: 'r', command: 'workbench.action.terminal.new' }), 'extra key');
  assert.ok(!isWebviewMessage({ type: 'reveal', file: '/a.bimetal' }), 'missing key');
  assert.ok(!isWebviewMessage({ type: 'reveal', file: '', recipe: 'r' }), 'empty file');
  assert.ok(!isWebviewMessage({ type: 'reveal', file: 'x'.repeat(5000), recipe: 'r' }), 'huge string');
  assert.ok(!isWebviewMessage({ type: 'exportCsv', path: '/etc/cron.d/x' }), 'an export names no path');
  assert.ok(!isWebviewMessage({ type: 'viewChanged', sort, page: -1 }));
  assert.ok(!isWebviewMessage({ type: 'viewChanged', sort, page: 1.5 }));
  assert.ok(!isWebviewMessage({ type: 'viewChanged', sort, page: Number.NaN }));
  assert.ok(!isWebviewMessage({ type: 'viewChanged', sort: { ...sort, extra: 1 }, page: 0 }));
  assert.ok(!isWebviewMessage(JSON.parse('{"type":"exportCsv","__proto__":{"polluted":true}}')), 'prototype keys');
  assert.ok(!isWebviewMessage(Object.assign(Object.create({ inherited: 1 }), { type: 'exportCsv' })), 'not a plain object');
  assert.ok(!isWebviewMessage(['reveal']));
});
