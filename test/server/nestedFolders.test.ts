/**
 * A workspace may hold a folder and, added again, one of its subfolders (proj/ and proj/sub/).
 * Each recipe file in both is still one file: scored once by Score Workspace and listed once by
 * workspace symbols.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SymbolInformation } from 'vscode-languageserver';
import { SCORE_WORKSPACE } from '../../report/src/protocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { startTestServer } from './lspHarness';
import { pathToUri } from '../../server/src/uris';

test('a file in a folder added inside another workspace folder is scored and listed once', { timeout: 120_000 }, async () => {
  const project = mkdtempSync(path.join(tmpdir(), 'bimetal-nested-'));
  const sub = path.join(project, 'sub');
  mkdirSync(sub);
  const inner = path.join(sub, 'inner.bimetal');
  const outer = path.join(project, 'outer.bimetal');
  writeFileSync(inner, 'recipe Inner {\n  host Au 12\n  dopant Pt 1\n}\n');
  writeFileSync(outer, 'recipe Outer {\n  host Au 12\n  dopant Pd 1\n}\n');
  const server = await startTestServer({
    workspaceFolders: [
      { uri: pathToUri(project), name: 'proj' },
      { uri: pathToUri(sub), name: 'sub' },
    ],
    initializationOptions: { workspaceTrusted: true },
  });
  try {
    const records = await server.connection.sendRequest<ScoreRecord[]>(SCORE_WORKSPACE, null);
    assert.deepEqual(
      records.map((r) => [r.file, r.recipe]),
      [
        [outer, 'Outer'],
        [inner, 'Inner'],
      ],
    );
    const symbols = await server.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'Inner' });
    assert.deepEqual(
      symbols.map((s) => s.location.uri),
      [pathToUri(inner)],
    );
  } finally {
    await server.stop();
    rmSync(project, { recursive: true, force: true });
  }
});
