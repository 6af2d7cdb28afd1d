/**
 * Convergence: whatever a session did to the server, once it is quiet it answers for the final
 * texts what a fresh server answers that opens the same texts over the same files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { pathToUri } from '../../server/src/uris';
import { startWithTestModels } from './lspHarness';

test('a structure file changed while its reader is closed and opened again: the text opened stays, and its next versions are scored', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-converge-reopen-'));
  // Three thousand structure paths: looking them up (structureFilesNamed) takes long enough for the close and open to come meanwhile.
  const closedText = Array.from({ length: 3000 }, (_, i) => `recipe R${i} {\n  host Au 12\n  dopant Pt 1\n  structure "${i === 0 ? 'core.xyz' : `gone/${i}/c.xyz`}"\n}\n`).join('');
  const opened = 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n';
  writeFileSync(path.join(dir, 'core.xyz'), '1\n\nAu 0 0 0\n');
  const uri = pathToUri(path.join(dir, 'a.bimetal'));
  const server = await startWithTestModels({ workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }] });
  try {
    await server.open(uri, closedText, 1);
    await server.change(uri, closedText + '\n', 9);
    await server.waitFor(uri, 9, 'parsed');
    const versions: (number | undefined)[] = [];
    server.onDiagnostics((p) => void (p.uri === uri && versions.push(p.version)));
    writeFileSync(path.join(dir, 'core.xyz'), '1\n\nAg 0 0 0\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToUri(path.join(dir, 'core.xyz')), type: FileChangeType.Changed }] });
    await new Promise((r) => setTimeout(r, 40));
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // As VS Code does, the document opened again starts at version 1.
    await server.open(uri, opened, 1);
    await server.waitFor(uri, 1, 'scored', 15_000);
    await server.change(uri, opened + '\n', 2);
    await server.waitFor(uri, 2, 'scored', 15_000);
    assert.deepEqual(versions.slice(versions.indexOf(1)), [1, 1, 2, 2], 'after the open, only the new versions are pushed');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
