/** The editor's calibration reads a file's labels from the file, though the editor also syncs other views of it (a diff's original). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CALIBRATION_REPORT, type CalibrationReport } from '../../report/src/protocol';
import { pathToUri } from '../../server/src/uris';
import { startTestServer } from './lspHarness';

/** The file's labels, each shifted by `shift` eV: what it held before the edits a diff shows. */
const labelled = (shift: number) =>
  ['Pd', 'Pt', 'Ag', 'Cu'].map((dopant, i) => `recipe L_${dopant} {\n  host Au 12\n  dopant ${dopant} 1\n  topology icosahedron\n  energy ${(-2.9 + 0.1 * i + shift).toFixed(1)} eV\n}\n`).join('');

test("a diff's git: view of a labelled file adds none of its labels to the calibration: its older values conflict with none (BM420)", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-cal-views-'));
  const server = await startTestServer({ workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }], initializationOptions: { workspaceTrusted: true } });
  try {
    const file = pathToUri(path.join(dir, 'labels.bimetal'));
    const diffOriginal = `git:${file.slice('file:'.length)}?{"ref":"HEAD"}`;
    await server.open(diffOriginal, labelled(-0.3));
    await server.open(file, labelled(0));
    await server.waitFor(diffOriginal, 1, 'scored', 60_000);
    await server.waitFor(file, 1, 'scored', 60_000);
    let report: CalibrationReport | null = null;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !report; await new Promise((r) => setTimeout(r, 200))) {
      report = await server.connection.sendRequest<CalibrationReport | null>(CALIBRATION_REPORT);
    }
    assert.ok(report, 'a calibration');
    assert.equal(report.status.labels, 4);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
