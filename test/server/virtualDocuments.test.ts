/**
 * Documents that are not files on disk, as the Node server meets them in desktop VS Code: a saved
 * file of a virtual workspace (GitHub Repositories, `vscode-vfs:`), read through the client, and an
 * untitled document. Structure files are not read for either, and BM310 says why as it is for each
 * (an untitled document gets a folder when saved, a virtual one never); the server's words for
 * such a file (records, Score Workspace's progress, Suggest's note) are readable, not escaped.
 *
 * Before, a saved virtual file was told to "save the file first", records named it by its raw
 * URI (`closed%20one.bimetal`), the progress as well, and the suggestion's note by that URI where
 * BM420 in the same run named it `my labels/pt.bimetal`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { SUGGEST, type SuggestAnswer } from '../../report/src/protocol';
import { documentLocation, readableUri, uriOfDocumentName } from '../../server/src/uris';
import { writeLinearModels } from '../pipeline/modelFixture';
import { startTestServer, type TestServer } from './lspHarness';

const FOLDER = 'vscode-vfs://github/chem/recipes';
const recipe = (name: string, dopant: string, more = '') => `recipe ${name} {\n  host Au 12\n  dopant ${dopant} 1\n${more}}\n`;
/** The workspace's files as the client serves them; `core.xyz` is there, but not on any disk. */
const FILES: Record<string, string> = {
  [`${FOLDER}/closed%20one.bimetal`]: recipe('Closed', 'Pd', '  structure "core.xyz"\n'),
  [`${FOLDER}/my%20labels/pt.bimetal`]: recipe('LPt', 'Pt', '  energy -2.4 eV\n'),
  // Au12Pt labelled again with another energy: BM420 on both, each naming the other's file.
  [`${FOLDER}/zz.bimetal`]: recipe('Again', 'Pt', '  energy -1.0 eV\n'),
  [`${FOLDER}/core.xyz`]: '2\ndimer\nAu 0 0 0\nPt 0 0 2.75\n',
};
const OPEN = `${FOLDER}/dir/open.bimetal`;
/** Fam[dopant=Pt] is Au12Pt, labelled in my labels/pt.bimetal: a candidate Suggest leaves out, saying where the label is. */
const OPEN_TEXT = recipe('WithFile', 'Ag', '  structure "../core.xyz"\n') + 'recipe Fam {\n  host Au 12\n  dopant [Pt, Ni] 1\n}\n';
const FROM_DISK_ONLY = 'structure files are read only from a folder on disk: open the folder from disk in desktop VS Code, or use the command line';

let root: string;
let server: TestServer;
const pushed = new Map<string, Diagnostic[]>();
const progress: string[] = [];

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `${what}; pushed: ${JSON.stringify(Object.fromEntries(pushed))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const messagesOf = (uri: string, code: string) => (pushed.get(uri) ?? []).filter((d) => d.code === code).map((d) => d.message);

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'bimetal-virtual-'));
  writeLinearModels(path.join(root, 'models'));
  server = await startTestServer({ initializationOptions: { modelDir: path.join(root, 'models') }, workspaceFolders: [{ uri: FOLDER, name: 'recipes' }] });
  server.onDiagnostics((p) => pushed.set(p.uri, p.diagnostics));
  server.connection.onRequest('bimetal/listWorkspaceFiles', ({ folders }: { folders: string[] }) =>
    Object.keys(FILES).filter((uri) => uri.endsWith('.bimetal') && folders.some((f) => uri.startsWith(`${f}/`))),
  );
  server.connection.onRequest('bimetal/readWorkspaceFile', ({ uri }: { uri: string }) => FILES[uri] ?? null);
  server.connection.onNotification('$/progress', (p: { token: string; value: { kind: string; message?: string } }) => {
    if (p.token === 'virtual' && p.value.kind === 'report') progress.push(p.value.message ?? '');
  });
  await server.open(OPEN, OPEN_TEXT);
  await server.waitFor(OPEN, 1, 'scored');
});
after(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a saved file of a virtual workspace, open or closed, is told its structure file is read only from a folder on disk, naming the scheme', async () => {
  assert.deepEqual(messagesOf(OPEN, 'BM310'), [`Structure file "../core.xyz" was not read: this document is in a virtual file system (vscode-vfs:), and ${FROM_DISK_ONLY}`]);
  const closed = `${FOLDER}/closed%20one.bimetal`;
  await until(() => messagesOf(closed, 'BM310').length > 0, 'no BM310 on the closed file');
  assert.deepEqual(messagesOf(closed, 'BM310'), [`Structure file "core.xyz" was not read: this document is in a virtual file system (vscode-vfs:), and ${FROM_DISK_ONLY}`]);
});

test('an untitled document on the desktop is still told to save it first, the one thing that gives it a folder', async () => {
  const untitled = 'untitled:Untitled-1';
  try {
    await server.open(untitled, recipe('Unsaved', 'Ag', '  structure "core.xyz"\n'));
    await server.waitFor(untitled, 1, 'scored');
    assert.deepEqual(messagesOf(untitled, 'BM310'), ['Structure file "core.xyz" is relative, but this document has no folder to resolve it against; save the file first']);
  } finally {
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: untitled } });
  }
});

test('records name a virtual file by its URI decoded for reading, not escaped', async () => {
  const records = await server.connection.sendRequest<ScoreRecord[]>('bimetal/scoreWorkspace', {});
  assert.deepEqual([...new Set(records.map((r) => r.file))], [
    `${FOLDER}/closed one.bimetal`,
    `${FOLDER}/dir/open.bimetal`,
    `${FOLDER}/my labels/pt.bimetal`,
    `${FOLDER}/zz.bimetal`,
  ]);
});

test("Score Workspace's progress names each file as the user knows it (closed one.bimetal, not closed%20one.bimetal)", async () => {
  await server.connection.sendRequest<ScoreRecord[]>('bimetal/scoreWorkspace', { workDoneToken: 'virtual' });
  assert.deepEqual(progress, ['1/4: closed one.bimetal', '2/4: open.bimetal', '3/4: pt.bimetal', '4/4: zz.bimetal']);
});

test("Suggest's note names the labelled file as BM420 names it, relative to the workspace", async () => {
  const conflictUri = `${FOLDER}/zz.bimetal`;
  await until(() => messagesOf(conflictUri, 'BM420').length > 0, 'no BM420 on zz.bimetal');
  assert.match(messagesOf(conflictUri, 'BM420')[0], /conflicts with -2\.4 eV \(LPt, my labels\/pt\.bimetal\)/);
  const answer = (await server.connection.sendRequest(SUGGEST, { objective: 'stable', n: 5 })) as SuggestAnswer;
  assert.match(answer.known ?? '', /\(Fam\[dopant=Pt\] is LPt in my labels\/pt\.bimetal\)/);
});

test('a readable URI keeps % (and # and ?) escaped, so it names one resource and reads back as its URI', () => {
  const cases = [
    [`${FOLDER}/my%20dir/%C3%A9t%C3%A9.bimetal`, `${FOLDER}/my dir/été.bimetal`],
    // A file named `a%41.bimetal` is not `aA.bimetal`, nor `a#b` a fragment.
    [`${FOLDER}/a%2541.bimetal`, `${FOLDER}/a%2541.bimetal`],
    [`${FOLDER}/a%23b%3Fc.bimetal`, `${FOLDER}/a%23b%3Fc.bimetal`],
    ['untitled:Untitled-1', 'untitled:Untitled-1'],
  ];
  for (const [uri, readable] of cases) {
    assert.equal(readableUri(uri), readable);
    assert.equal(URI.parse(readable).toString(), URI.parse(uri).toString(), `${readable} reads back as another URI`);
    assert.equal(uriOfDocumentName(documentLocation(uri).file), URI.parse(uri).toString());
  }
  assert.deepEqual(documentLocation('file:///home/me/my%20recipes/a.bimetal'), { file: '/home/me/my recipes/a.bimetal', baseDir: '/home/me/my recipes' });
  assert.equal(uriOfDocumentName('/home/me/my recipes/a.bimetal'), 'file:///home/me/my%20recipes/a.bimetal');
  assert.deepEqual(documentLocation('untitled:Untitled-1'), { file: 'untitled:Untitled-1' });
  assert.deepEqual(documentLocation(`${FOLDER}/a.bimetal`), { file: `${FOLDER}/a.bimetal`, virtualFileSystem: 'vscode-vfs' });
});
