/**
 * The editor's calibration reads the labels of files that are not open, as `bimetal calibrate` reads
 * every file it is given: a workspace whose labels are all in closed files is calibrated from the
 * start, with their conflicts (BM420) and unusable labels (BM421) shown on them; it follows those
 * files as they change on disk, are deleted, or (outside the workspace) are closed; and granting
 * trust fits on the labels already read. Before, only a label in an open document started a fit,
 * the closed files were read once per session, and a document closed kept its labels in the fit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { CALIBRATION_CHANGED, WORKSPACE_TRUSTED, type CalibrationStatus } from '../../report/src/protocol';
import { pathToUri } from '../../server/src/uris';
import { repoRoot, startTestServer, type TestServer } from './lspHarness';

const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-labels-'));
const file = (name: string) => path.join(dir, name);
const uri = (name: string) => pathToUri(file(name));

/** The labels of `bimetal import`'s example (README): seven E_form labels of Au and Ag hosts. */
const DFT = (
  [
    ['Au', 'Pt', -2.3],
    ['Au', 'Pd', -2.2],
    ['Au', 'Ag', -2.0],
    ['Au', 'Ni', -2.4],
    ['Au', 'Cu', -2.1],
    ['Ag', 'Pt', -2.0],
    ['Ag', 'Pd', -1.9],
  ] as const
)
  .map(([host, dopant, energy]) => `recipe ${host}12${dopant}1 {\n  host ${host} 12\n  dopant ${dopant} 1\n  energy ${energy} eV\n}\n`)
  .join('');
/** Au12Pt1 again with another energy (BM420 here and on dft.bimetal's), and a siteEnergy where no dopant chooses a site (BM421). */
const LAB = 'recipe Again {\n  host Au 12\n  dopant Pt 1\n  energy -1.0 eV\n}\nrecipe Octa {\n  host Au 4\n  dopant Pt 2\n  topology octahedron\n  siteEnergy -0.3 eV\n}\n';
const CANDIDATES = 'recipe C {\n  host [Au, Ag] 12\n  dopant [Pt, Pd, Ni, Cu, Rh, Ir, Co, Fe] 1\n}\n';

let server: TestServer;
const changes: Array<CalibrationStatus | null> = [];
const lastPush = new Map<string, Diagnostic[]>();
const codesOf = (name: string) => new Set((lastPush.get(uri(name)) ?? []).map((d) => String(d.code)));

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The calibration `bimetal calibrate` writes from these files, as the command line reads them. */
function cliCalibrationId(...names: string[]): string {
  const out = file('cli-calibration.json');
  // It exits with 1, for BM420, and writes the calibration all the same.
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'calibrate', ...names.map(file), '--out', out], { encoding: 'utf8' });
  assert.ok(existsSync(out), `bimetal calibrate wrote no calibration: ${run.stderr}`);
  return (JSON.parse(readFileSync(out, 'utf8')) as { id: string }).id;
}

const labelsNow = () => changes.at(-1)?.labels;

before(async () => {
  writeFileSync(file('dft.bimetal'), DFT);
  writeFileSync(file('lab.bimetal'), LAB);
  writeFileSync(file('candidates.bimetal'), CANDIDATES);
  server = await startTestServer({ workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }], initializationOptions: { workspaceTrusted: true } });
  server.connection.onNotification(CALIBRATION_CHANGED, (status: CalibrationStatus | null) => changes.push(status));
  server.onDiagnostics((p) => lastPush.set(p.uri, p.diagnostics));
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('labels in closed files calibrate an open document without labels, as bimetal calibrate does, and their conflicts show on the closed files', async () => {
  await server.open(uri('candidates.bimetal'), CANDIDATES);
  await server.waitFor(uri('candidates.bimetal'), 1, 'scored');
  // Seven labels less Au12Pt1, which conflicts with lab.bimetal's; Octa's siteEnergy is unusable.
  await until(() => labelsNow() === 6, 'calibrated on the six usable labels of the closed files');
  const id = changes.at(-1)!.id;
  assert.equal(id, cliCalibrationId('dft.bimetal', 'lab.bimetal'), 'the calibration bimetal calibrate fits on the same files');
  const [record] = (await server.connection.sendRequest('bimetal/scoreDocument', { uri: uri('candidates.bimetal'), recipe: 'C' })) as ScoreRecord[];
  assert.equal(record.prediction?.model, `eform-v2+cal:${id}`);

  await until(() => codesOf('lab.bimetal').has('BM420') && codesOf('lab.bimetal').has('BM421') && codesOf('dft.bimetal').has('BM420'), 'BM420 and BM421 on the closed files');
});

test('a closed file changed on disk is read again and refits the calibration', async () => {
  writeFileSync(file('dft.bimetal'), `${DFT}recipe Au12Co1 {\n  host Au 12\n  dopant Co 1\n  energy -2.25 eV\n}\n`);
  await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('dft.bimetal'), type: FileChangeType.Changed }] });
  await until(() => labelsNow() === 7, 'the new label counts');
});

test('a deleted file takes its labels, and the conflicts they made, out of the calibration', async () => {
  unlinkSync(file('lab.bimetal'));
  await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('lab.bimetal'), type: FileChangeType.Deleted }] });
  // Au12Pt1 no longer conflicts: its label counts again, and the closed dft.bimetal is republished without BM420.
  await until(() => labelsNow() === 8, 'Au12Pt1 counts again');
  await until(() => lastPush.has(uri('dft.bimetal')) && !codesOf('dft.bimetal').has('BM420'), 'no BM420 on dft.bimetal');
});

test('a document outside the workspace counts while it is open, and not once it is closed', async () => {
  const outside = 'file:///elsewhere/scratch.bimetal';
  await server.open(outside, 'recipe Scratch {\n  host Ag 12\n  dopant Ni 1\n  energy -2.05 eV\n}\n');
  await until(() => labelsNow() === 9, 'the open label counts');
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: outside } });
  await until(() => labelsNow() === 8, 'the closed label no longer counts: the server does not read that file');
});

test('granting trust calibrates on the labels already read', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-labels-trust-'));
  writeFileSync(path.join(folder, 'dft.bimetal'), DFT);
  const candidates = pathToUri(path.join(folder, 'candidates.bimetal'));
  const untrusted = await startTestServer({ workspaceFolders: [{ uri: pathToUri(folder), name: 'w' }], initializationOptions: { workspaceTrusted: false } });
  try {
    const statuses: Array<CalibrationStatus | null> = [];
    untrusted.connection.onNotification(CALIBRATION_CHANGED, (status: CalibrationStatus | null) => statuses.push(status));
    let dftRead = false;
    untrusted.onDiagnostics((p) => (dftRead ||= p.uri === pathToUri(path.join(folder, 'dft.bimetal'))));
    await untrusted.open(candidates, CANDIDATES);
    await untrusted.waitFor(candidates, 1, 'scored');
    await until(() => dftRead, 'the closed dft.bimetal is read');
    // Past the refit its labels scheduled (CALIBRATION_DELAY_MS), which untrusted fits nothing.
    await new Promise((r) => setTimeout(r, 1500));
    const [before] = (await untrusted.connection.sendRequest('bimetal/scoreDocument', { uri: candidates, recipe: 'C' })) as ScoreRecord[];
    assert.equal(before.prediction?.model, 'eform-v2', 'an untrusted workspace is not calibrated');
    await untrusted.connection.sendNotification(WORKSPACE_TRUSTED);
    await until(() => !!statuses.at(-1), 'granting trust calibrates');
    assert.equal(statuses.at(-1)!.labels, 7, "dft.bimetal's seven labels");
  } finally {
    await untrusted.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
