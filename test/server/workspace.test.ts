/** `bimetal/scoreWorkspace` and workspace symbols over a real folder, open documents winning over disk. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { writeLinearModels } from '../pipeline/modelFixture';
import { startTestServer, type TestServer } from './lspHarness';
import { pathToUri } from '../../server/src/uris';
import { isPackedRecords, unpackRecords } from '../../report/src/packedRecords';

const recipe = (name: string, dopant: string) => `recipe ${name} {\n  host     Au 12\n  dopant   ${dopant} 1\n}\n`;

describe('workspace', () => {
  let root: string;
  let server: TestServer;
  const progress: { kind: string; percentage?: number }[] = [];

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'bimetal-ws-'));
    writeLinearModels(path.join(root, 'models'));
    mkdirSync(path.join(root, 'sub'));
    mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(path.join(root, 'a.bimetal'), recipe('OnDiskA', 'Ag'));
    writeFileSync(path.join(root, 'sub', 'b.bimetal'), recipe('SavedB', 'Pd'));
    writeFileSync(path.join(root, 'node_modules', 'pkg', 'skip.bimetal'), recipe('Dependency', 'Pt'));
    server = await startTestServer({
      initializationOptions: { modelDir: path.join(root, 'models') },
      workspaceFolders: [{ uri: pathToUri(root), name: 'ws' }],
    });
    server.connection.onNotification('$/progress', (p: { token: string; value: { kind: string; percentage?: number } }) => {
      if (p.token === 'ws-progress') progress.push(p.value);
    });
    // b.bimetal is open with unsaved changes: its editor text must be scored, not the file.
    const b = pathToUri(path.join(root, 'sub', 'b.bimetal'));
    await server.open(b, recipe('EditedB', 'Pt'));
    await server.waitFor(b, 1, 'scored');
  });
  after(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('scoreWorkspace scores every .bimetal file, open ones from the editor, and reports progress', async () => {
    const records = await server.connection.sendRequest<{ recipe: string; file: string; prediction: unknown }[]>('bimetal/scoreWorkspace', { workDoneToken: 'ws-progress' });
    assert.deepEqual(records.map((r) => r.recipe).sort(), ['EditedB', 'OnDiskA']);
    assert.ok(records.every((r) => r.prediction !== null), 'predictions from the configured models');
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress[progress.length - 1]?.kind, 'end');
    assert.ok(progress.some((p) => p.kind === 'report' && p.percentage === 50));
  });

  test('two Score Workspace runs at once each get the whole workspace, and only it', async () => {
    type Row = { recipe: string; file: string; prediction: unknown; descriptors: unknown };
    const request = () => server.connection.sendRequest<Row[]>('bimetal/scoreWorkspace', {});
    const alone = await request();
    const [first, second] = await Promise.all([request(), request()]);
    assert.deepEqual(first, alone);
    assert.deepEqual(second, alone);
  });

  test('asked packed, as the VS Code client asks, scoreWorkspace answers packed records that read back as its plain answer', async () => {
    const plain = await server.connection.sendRequest<unknown[]>('bimetal/scoreWorkspace', {});
    const packed = await server.connection.sendRequest<unknown>('bimetal/scoreWorkspace', { packed: true });
    assert.ok(isPackedRecords(packed));
    assert.deepStrictEqual(unpackRecords(packed), plain);
  });

  test('scoreWorkspace scores an open untitled document too, as the calibration counts its labels, but not a diff\'s view of a file', async () => {
    const untitled = 'untitled:Untitled-1';
    await server.open(untitled, recipe('Unsaved', 'Pd'));
    // The original side of a diff of a.bimetal: another view of a file, not a recipe file of its own.
    const diffOriginal = `git:${pathToUri(path.join(root, 'a.bimetal')).slice('file:'.length)}?{"ref":"HEAD"}`;
    await server.open(diffOriginal, recipe('OnDiskA', 'Ag'));
    try {
      await server.waitFor(untitled, 1, 'scored');
      const records = await server.connection.sendRequest<{ recipe: string; file: string }[]>('bimetal/scoreWorkspace', {});
      assert.deepEqual(records.map((r) => r.recipe).sort(), ['EditedB', 'OnDiskA', 'Unsaved']);
    } finally {
      for (const uri of [untitled, diffOriginal]) await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });

  test('workspace symbols find recipes of open documents and of closed files', async () => {
    const query = (q: string) => server.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: q });
    // b.bimetal is open: the editor's EditedB replaces SavedB from disk. node_modules is skipped.
    assert.deepEqual((await query('b')).map((s) => s.name), ['EditedB']);
    assert.deepEqual(await query('dependency'), []);
    const onDisk = await query('ondiska');
    assert.deepEqual(onDisk.map((s) => [s.name, s.location.uri.endsWith('/a.bimetal'), s.location.range.start]), [['OnDiskA', true, { line: 0, character: 7 }]]);
  });
});

test('a virtual workspace folder (GitHub Repositories, a remote file system) is read through the client, beside the folders on disk', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'bimetal-ws-virtual-'));
  writeLinearModels(path.join(root, 'models'));
  writeFileSync(path.join(root, 'disk.bimetal'), recipe('OnDisk', 'Ag'));
  const virtualFolder = 'vscode-vfs://github/chem/recipes';
  const virtualFiles: Record<string, string> = { [`${virtualFolder}/remote.bimetal`]: recipe('Remote', 'Pd') };
  const asked: string[][] = [];
  const server = await startTestServer({
    initializationOptions: { modelDir: path.join(root, 'models') },
    workspaceFolders: [
      { uri: pathToUri(root), name: 'disk' },
      { uri: virtualFolder, name: 'virtual' },
    ],
  });
  try {
    server.connection.onRequest('bimetal/listWorkspaceFiles', ({ folders }: { folders: string[] }) => {
      asked.push(folders);
      return Object.keys(virtualFiles).filter((uri) => folders.some((f) => uri.startsWith(`${f}/`)));
    });
    server.connection.onRequest('bimetal/readWorkspaceFile', ({ uri }: { uri: string }) => virtualFiles[uri]);
    const records = await server.connection.sendRequest<{ recipe: string; file: string }[]>('bimetal/scoreWorkspace', {});
    assert.deepEqual(records.map((r) => r.recipe).sort(), ['OnDisk', 'Remote']);
    // The server asks the client for the virtual folder alone; the one on disk it reads itself.
    assert.ok(asked.length > 0 && asked.every((folders) => JSON.stringify(folders) === JSON.stringify([virtualFolder])), JSON.stringify(asked));
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
