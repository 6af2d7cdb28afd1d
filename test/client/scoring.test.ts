/**
 * Asking the server for records (client/src/scoring.ts) against a stand-in for VS Code and a
 * stand-in client: an answer scored under settings the user has changed since is asked again.
 */
import { configuration } from '../helpers/vscodeStub';
import '../helpers/languageClientStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { scoreWithProgress } from '../../client/src/scoring';
import type { WithProgress } from '../../client/src/testProbe';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { packRecords } from '../../report/src/packedRecords';
import { SCORE_WORKSPACE } from '../../report/src/protocol';
import { record } from '../helpers/scoreRecord';

/** A notification that is never cancelled; `said`: what it was told. */
function progress(said: string[]): WithProgress {
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
  return ((_options: unknown, task: (p: unknown, t: unknown) => unknown) => task({ report: (v: { message?: string }) => v.message && said.push(v.message) }, token)) as WithProgress;
}

/** A client whose server answers the workspace's request with `answers` in turn (the last one again after them). */
function clientAnswering(answers: ScoreRecord[][]): { client: BaseLanguageClient; asked: () => number } {
  let asked = 0;
  const client = {
    onProgress: () => ({ dispose: () => undefined }),
    sendRequest: async (method: string) => {
      assert.equal(method, SCORE_WORKSPACE);
      return packRecords(answers[Math.min(asked++, answers.length - 1)]);
    },
  };
  return { client: client as unknown as BaseLanguageClient, asked: () => asked };
}

const at = (coverage: number) => [record('A', -2), record('B', -2.5)].map((r) => ({ ...r, prediction: { ...r.prediction!, coverage } }));
const REQUEST = { method: SCORE_WORKSPACE, params: {}, title: 'Bimetal: scoring workspace recipes' } as const;

test('Score Workspace run while the coverage setting changes shows records at the new coverage, not the old or a mix', async () => {
  // The user set 0.8 while the server, which had not pulled it yet, scored at 0.9.
  configuration.bimetal = { coverage: 0.8 };
  const { client, asked } = clientAnswering([at(0.9), at(0.8)]);
  const said: string[] = [];
  const records = await scoreWithProgress(client, REQUEST, progress(said));
  assert.deepEqual(records?.map((r) => r.prediction?.coverage), [0.8, 0.8]);
  assert.equal(asked(), 2);
  assert.deepEqual(said, ['the settings changed meanwhile: scoring again']);
});

test('a server that never scores under the settings is asked a bounded number of times, and its records are shown', async () => {
  configuration.bimetal = { coverage: 0.8 };
  const { client, asked } = clientAnswering([at(0.9)]);
  const records = await scoreWithProgress(client, REQUEST, progress([]));
  assert.deepEqual(records?.map((r) => r.prediction?.coverage), [0.9, 0.9]);
  assert.equal(asked(), 4);
});

test('records scored under the settings are asked for once', async () => {
  configuration.bimetal = {};
  const { client, asked } = clientAnswering([at(0.9)]);
  await scoreWithProgress(client, REQUEST, progress([]));
  assert.equal(asked(), 1);
});
