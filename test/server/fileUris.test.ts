/**
 * A workspace file open in the editor is the editor's alone, however the client spells its URI:
 * VS Code writes `(` as `%28` (and a drive as `c%3A`), other editors write it as it is. Listed
 * from disk, the same file was counted again under the server's own spelling: its saved labels
 * conflicted with the editor's unsaved ones (BM420), and it was scored and listed twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic, SymbolInformation } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CALIBRATION_REPORT, SCORE_WORKSPACE, type CalibrationReport } from '../../report/src/protocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { workspaceRelativeName } from '../../server/src/uris';
import { startTestServer } from './lspHarness';

/** Four labelled recipes, enough for a calibration; OnDisk's label is `energy`. */
const recipe = (energy: string) =>
  `recipe OnDisk {\n  host Au 12\n  dopant Pt 1\n  topology icosahedron\n  energy ${energy} eV\n}\n` +
  ['Pd', 'Ag', 'Cu'].map((dopant, i) => `recipe L_${dopant} {\n  host Au 12\n  dopant ${dopant} 1\n  topology icosahedron\n  energy ${(-2.8 + 0.1 * i).toFixed(1)} eV\n}\n`).join('');

for (const [editor, spell] of [
  ['VS Code', (file: string) => URI.file(file).toString()],
  ['an editor that leaves ( and ) as they are', (file: string) => `file://${file}`],
] as const) {
  test(`a labelled file open in ${editor} under a folder named Au25(SR)18 counts once, with its unsaved label`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-uris-'));
    mkdirSync(path.join(dir, 'Au25(SR)18'));
    const file = path.join(dir, 'Au25(SR)18', 'a.bimetal');
    writeFileSync(file, recipe('-3.0'));
    const server = await startTestServer({ workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'w' }], initializationOptions: { workspaceTrusted: true } });
    const published = new Map<string, Diagnostic[]>();
    server.onDiagnostics((p) => published.set(p.uri, p.diagnostics));
    try {
      const uri = spell(file);
      await server.open(uri, recipe('-3.0'));
      await server.waitFor(uri, 1, 'scored', 60_000);
      await server.change(uri, recipe('-3.4'), 2);
      await server.waitFor(uri, 2, 'scored', 60_000);

      const records = await server.connection.sendRequest<ScoreRecord[]>(SCORE_WORKSPACE, null);
      assert.deepEqual(
        records.map((r) => [r.file, r.recipe, r.reference]),
        [
          [file, 'OnDisk', -3.4],
          [file, 'L_Pd', -2.8],
          [file, 'L_Ag', -2.7],
          [file, 'L_Cu', -2.6],
        ],
      );
      const symbols = await server.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'OnDisk' });
      assert.deepEqual(
        symbols.map((s) => s.location.uri),
        [uri],
      );
      // The calibration holds the file's four labels, OnDisk's the editor's: no conflict with the saved copy (BM420).
      let report: CalibrationReport | null = null;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && !report; await new Promise((r) => setTimeout(r, 200))) {
        report = await server.connection.sendRequest<CalibrationReport | null>(CALIBRATION_REPORT);
      }
      assert.equal(report?.status.labels, 4, JSON.stringify(report?.status));
      const shown = [...published].filter(([, diagnostics]) => diagnostics.some((d) => d.code === 'BM420'));
      assert.deepEqual(shown, []);
      // Nothing is published for the file under the server's own spelling but empty lists.
      for (const [published_uri, diagnostics] of published) if (published_uri !== uri) assert.deepEqual(diagnostics, [], published_uri);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('closed files are read from a workspace folder the client spells its own way (a folder named Au25(SR)18, not percent-encoded)', { timeout: 120_000 }, async () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'bimetal-uris-'));
  const dir = path.join(parent, 'Au25(SR)18');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'closed.bimetal'), recipe('-3.0'));
  const server = await startTestServer({ workspaceFolders: [{ uri: `file://${dir}`, name: 'w' }], initializationOptions: { workspaceTrusted: true } });
  try {
    // Nothing is opened: the calibration holds the closed file's four labels only if the scan took it.
    let report: CalibrationReport | null = null;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !report; await new Promise((r) => setTimeout(r, 200))) {
      report = await server.connection.sendRequest<CalibrationReport | null>(CALIBRATION_REPORT);
    }
    assert.equal(report?.status.labels, 4, JSON.stringify(report?.status));
  } finally {
    await server.stop();
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a file opened and closed under a spelling other than the server\'s (Au25(SR)18, not percent-encoded) shows one set of problems at a time', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-uris-'));
  mkdirSync(path.join(dir, 'Au25(SR)18'));
  const file = path.join(dir, 'Au25(SR)18', 'b.bimetal');
  writeFileSync(file, 'recipe B {\n  host Au 12\n  dopant Xx 1\n}\n');
  const server = await startTestServer({ workspaceFolders: [{ uri: URI.file(dir).toString(), name: 'w' }] });
  const published = new Map<string, Diagnostic[]>();
  server.onDiagnostics((p) => published.set(p.uri, p.diagnostics));
  const serverSpelling = URI.file(file).toString();
  const clientSpelling = `file://${file}`;
  const codesOf = (uri: string) => (published.get(uri) ?? []).map((d) => String(d.code));
  const until = async (done: () => boolean) => {
    for (const deadline = Date.now() + 60_000; !done(); await new Promise((r) => setTimeout(r, 100))) assert.ok(Date.now() < deadline, JSON.stringify([...published]));
  };
  try {
    assert.notEqual(serverSpelling, clientSpelling);
    await until(() => codesOf(serverSpelling).includes('BM202'));
    // Opened, the editor's text is the file: the closed file's entry goes.
    await server.open(clientSpelling, 'recipe B {\n  host Au 12\n  dopant Pt 1\n}\n');
    await server.waitFor(clientSpelling, 1, 'scored', 60_000);
    await until(() => codesOf(serverSpelling).length === 0);
    // Closed, the file on disk speaks again, under the server's spelling, and the open document's entry goes.
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: clientSpelling } });
    await until(() => codesOf(serverSpelling).includes('BM202') && codesOf(clientSpelling).length === 0);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file is named to the user as VS Code names it: by its path in the innermost workspace folder holding it, after the folder\'s name where there are several', () => {
  const root = URI.file('/ws/Au25(SR)18').toString();
  const nested = URI.file('/ws/Au25(SR)18/sub').toString();
  assert.equal(workspaceRelativeName(URI.file('/ws/Au25(SR)18/b.bimetal').toString(), [root]), 'b.bimetal');
  // Spelt as an editor other than VS Code spells it.
  assert.equal(workspaceRelativeName('file:///ws/Au25(SR)18/sub/b.bimetal', [root]), 'sub/b.bimetal');
  assert.equal(workspaceRelativeName(URI.file('/ws/Au25(SR)18/sub/b.bimetal').toString(), [root, nested]), 'sub/b.bimetal');
  assert.equal(workspaceRelativeName(URI.file('/ws/Au25(SR)18/c.bimetal').toString(), [root, nested]), 'Au25(SR)18/c.bimetal');
  assert.equal(workspaceRelativeName('file:///elsewhere/d.bimetal', [root]), '/elsewhere/d.bimetal');
  assert.equal(workspaceRelativeName('untitled:Untitled-1', [root]), 'untitled:Untitled-1');
});
