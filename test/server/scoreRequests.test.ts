/**
 * The results requests' members: an open document's scored members are handed on as they are,
 * their records left to be built by whoever reads them. Over the protocol: a cancelled request
 * answers RequestCancelled, and a uri that names nothing readable answers InvalidParams.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CancellationToken, CancellationTokenSource } from 'vscode-languageserver';
import type { ScoredMember } from '../../pipeline/src/index';
import type { DocumentScores } from '../../server/src/documentModel';
import { scoreWorkspace } from '../../server/src/scoreRequests';
import { pathToUri } from '../../server/src/uris';
import { unreadRecord } from '../helpers/unreadRecord';
import { startWithTestModels, type TestServer } from './lspHarness';

test('scoreWorkspace gives an open document its scored members in file order without reading their records', async () => {
  const member = (name: string) => unreadRecord({ spec: { name } } as unknown as ScoredMember);
  const [a1, a2, b1] = [member('A[1]'), member('A[2]'), member('B')];
  // As the document model makes them: its members in file order.
  const scores = { members: [a1, a2, b1] } as unknown as DocumentScores;
  const members = await scoreWorkspace({
    uris: ['file:///open.bimetal'],
    open: () => Promise.resolve(scores),
    files: undefined,
    scorer: () => assert.fail('an open document is not scored again'),
    fileAccess: { allowedRoots: [], rootsFrom: 'workspace', trusted: true },
    token: CancellationToken.None,
    unreadable: () => assert.fail('no file is read'),
  });
  assert.deepEqual(members, [a1, a2, b1]);
});

test('a closed file that cannot be read is reported in words and skipped; the other files are scored', async () => {
  const open = unreadRecord({ spec: { name: 'A' } } as unknown as ScoredMember);
  const unreadable: [string, string][] = [];
  const members = await scoreWorkspace({
    uris: ['file:///locked.bimetal', 'file:///open.bimetal'],
    open: (uri) => (uri === 'file:///open.bimetal' ? Promise.resolve({ members: [open] } as unknown as DocumentScores) : undefined),
    files: { list: async () => [], read: async (uri) => Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${uri}'`), { code: 'EACCES' })) },
    scorer: () => assert.fail('an unreadable file is not scored'),
    fileAccess: { allowedRoots: [], rootsFrom: 'workspace', trusted: true },
    token: CancellationToken.None,
    unreadable: (uri, reason) => unreadable.push([uri, reason]),
  });
  assert.deepEqual(unreadable, [['file:///locked.bimetal', 'permission denied']]);
  assert.deepEqual(members, [open]);
});

describe('the score requests over the protocol', () => {
  let root: string;
  let server: TestServer;
  let sweep: string;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'bimetal-score-requests-'));
    // 20,000 members: seconds of scoring, so a cancellation arrives while it runs.
    writeFileSync(path.join(root, 'sweep.bimetal'), 'recipe Sweep {\n  host     Au 1..200\n  dopant   Pt 1..100\n  ligands  PET x 6\n}\n');
    sweep = pathToUri(path.join(root, 'sweep.bimetal'));
    server = await startWithTestModels({ workspaceFolders: [{ uri: pathToUri(root), name: 'ws' }] });
  });
  after(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const failure = (answer: Promise<unknown>) =>
    answer.then(
      (result) => assert.fail(`answered ${JSON.stringify(result).slice(0, 200)}`),
      (error: { code: number; message: string }) => ({ code: error.code, message: error.message }),
    );

  test('a cancelled bimetal/scoreWorkspace or bimetal/scoreDocument answers RequestCancelled (-32800)', async () => {
    const workspace = new CancellationTokenSource();
    const progress = server.connection.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
      if (p.token === 'score-all' && p.value.kind === 'report') workspace.cancel();
    });
    try {
      const answer = await failure(server.connection.sendRequest('bimetal/scoreWorkspace', { workDoneToken: 'score-all' }, workspace.token));
      assert.deepEqual(answer, { code: -32800, message: 'cancelled' });
    } finally {
      progress.dispose();
    }
    const document = new CancellationTokenSource();
    const request = failure(server.connection.sendRequest('bimetal/scoreDocument', { uri: sweep }, document.token));
    // Sent right after the request, the cancellation reaches the server while it reads and scores the family: no race with a clock.
    document.cancel();
    assert.deepEqual(await request, { code: -32800, message: 'cancelled' });
  });

  test('bimetal/scoreDocument with a uri that is not a URI, or names no file it can read, answers InvalidParams naming it', async () => {
    const scoreDocument = (uri: string) => failure(server.connection.sendRequest('bimetal/scoreDocument', { uri }));
    assert.deepEqual(await scoreDocument('not a uri'), { code: -32602, message: 'bimetal/scoreDocument needs uri (a URI) in its params; got "not a uri"' });
    const missing = pathToUri(path.join(root, 'missing.bimetal'));
    assert.deepEqual(await scoreDocument(missing), { code: -32602, message: `bimetal/scoreDocument cannot read ${missing}: no such file` });
    // A file only the editor can read, from an editor that answers null where it should refuse.
    const reading = server.connection.onRequest('bimetal/readWorkspaceFile', () => null);
    try {
      assert.deepEqual(await scoreDocument('untitled:Untitled-1'), { code: -32602, message: 'bimetal/scoreDocument cannot read untitled:Untitled-1: the editor sent no text for it' });
    } finally {
      reading.dispose();
    }
  });
});

test('files of a workspace that cannot be read are named in one warning for the run, not one pop-up each', { timeout: 120_000 }, async () => {
  // A virtual folder, read through the editor, whose editor sends no text: every file is unreadable.
  const server = await startWithTestModels({ workspaceFolders: [{ uri: 'memfs:/ws', name: 'virtual' }] });
  const shown: string[] = [];
  server.connection.onNotification('window/showMessage', (m: { message: string }) => void shown.push(m.message));
  server.connection.onRequest('bimetal/listWorkspaceFiles', () => ['memfs:/ws/a.bimetal', 'memfs:/ws/my%20b.bimetal']);
  server.connection.onRequest('bimetal/readWorkspaceFile', () => null);
  try {
    assert.deepEqual(await server.connection.sendRequest('bimetal/scoreWorkspace', {}), []);
    // Named as the user reads them: `my b.bimetal`, not its URI's `my%20b.bimetal`.
    assert.deepEqual(shown, ['Bimetal did not score 2 files: memfs:/ws/a.bimetal (the editor sent no text for it); memfs:/ws/my b.bimetal (the editor sent no text for it)']);
  } finally {
    await server.stop();
  }
});
