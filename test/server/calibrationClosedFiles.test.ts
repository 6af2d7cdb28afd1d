/**
 * The editor's calibration reads the labels of files that are not open, as `bimetal calibrate` reads
 * every file it is given: a workspace whose labels are all in closed files is calibrated from the
 * start, with their conflicts (BM420) and unusable labels (BM421) shown on them; it follows those
 * files as they change on disk, are deleted, or (outside the workspace) are closed; and granting
 * trust fits on the labels already read. Before, only a label in an open document started a fit,
 * the closed files were read once per session, and a document closed kept its labels in the fit.
 *
 * The closed-file reader (ClosedFileDiagnostics, with stand-ins for the files and the scorer) scores
 * the files that may hold labels before the others and lets the fit wait only for those; a
 * document closed past the closed-file limit takes its labels out too, and one within it is read
 * back however often the other files are queued. Before, the first fit waited for every closed
 * file (the review: 3.7 s with a closed 20,000-member sweep without labels, 2.9 s without it), a
 * document closed past the limit kept its discarded edits' labels, and a file queued again while
 * read counted twice against the limit (a document closed in a 400-file workspace during a refit's
 * rescan could be refused).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import type { ScoredDocument, Scorer } from '../../pipeline/src/index';
import { CALIBRATION_CHANGED, WORKSPACE_TRUSTED, type CalibrationStatus } from '../../report/src/protocol';
import { ClosedFileDiagnostics, MAX_CLOSED_FILES } from '../../server/src/closedFiles';
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

test("a closed file's label given a distance on disk, which leaves its shipped E_form as it was, refits to what bimetal calibrate fits", async () => {
  const before = changes.at(-1)!.id;
  writeFileSync(file('dft.bimetal'), `${DFT.replace('dopant Pd 1\n', 'dopant Pd 1\n  distance 3.0\n')}recipe Au12Co1 {\n  host Au 12\n  dopant Co 1\n  energy -2.25 eV\n}\n`);
  const expected = cliCalibrationId('dft.bimetal', 'lab.bimetal');
  assert.notEqual(expected, before);
  await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('dft.bimetal'), type: FileChangeType.Changed }] });
  await until(() => changes.at(-1)?.id === expected, `refitted to ${expected}`);
  const records = (await server.connection.sendRequest('bimetal/scoreDocument', { uri: uri('dft.bimetal'), recipe: 'Au12Pd1' })) as ScoreRecord[];
  assert.equal(records[0].prediction?.calibration?.heldOut, true, 'the edited label is shown held out');
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

/**
 * A ClosedFileDiagnostics over the files `texts` holds (listed in its order, none open), its
 * scorer answering at once but for the files in `held`, which it scores once released. `events`
 * says what the calibration and the Problems view were told, in order.
 */
function closedFilesOver(texts: Map<string, string>, held = new Map<string, Promise<void>>()) {
  const events: string[] = [];
  const open = new Set<string>();
  const pushed = new Map<string, readonly unknown[]>();
  const connection = {
    sendDiagnostics: async (p: PublishDiagnosticsParams) => void pushed.set(p.uri, p.diagnostics),
    console: { warn: (message: string) => assert.fail(message) },
  } as unknown as Connection;
  const scorer = {
    scoreText: async (_text: string, context: { file: string }) => {
      await held.get(pathToUri(context.file));
      return { families: [] } as unknown as ScoredDocument;
    },
  } as unknown as Scorer;
  const closedFiles = new ClosedFileDiagnostics(connection, {
    files: { list: async () => [...texts.keys()], read: async (u) => texts.get(u)! },
    scorer: async () => scorer,
    fileAccess: () => ({ allowedRoots: [], rootsFrom: 'workspace', trusted: true }),
    workspaceFolders: () => ['file:///w'],
    isOpen: (u) => open.has(u),
    docsUrl: () => undefined,
    shownDiagnostics: () => [],
    read: (u) => events.push(`read ${u}`),
    gone: (u) => events.push(`gone ${u}`),
  });
  return { closedFiles, events, open, pushed };
}

test('the fit waits only for the closed files that may hold labels: a large file without them is scored after', async () => {
  const sweep = 'file:///w/sweep.bimetal';
  const labelled = 'file:///w/dft.bimetal';
  let release!: () => void;
  const sweepScored = new Promise<void>((resolve) => (release = resolve));
  const { closedFiles, events } = closedFilesOver(
    new Map([
      [sweep, 'recipe S {\n  host [Au, Ag] 10..109\n  dopant [Pd, Ni] 1..10\n}\n'],
      [labelled, DFT],
    ]),
    new Map([[sweep, sweepScored]]),
  );
  closedFiles.scanAfterStart();
  // Listed first, the sweep is read first; its scoring is held, and the fit must not wait for it.
  const labelsRead = closedFiles.labelsRead().then(() => 'labels read');
  const stuck = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting for the sweep'), 5_000));
  assert.equal(await Promise.race([labelsRead, stuck]), 'labels read');
  // The sweep's labels (none) are handed over when it is read, before it is scored.
  assert.deepEqual(events, [`gone ${sweep}`, `read ${labelled}`]);
  release();
  await until(() => events.length === 3, 'the sweep is scored for its diagnostics');
  assert.equal(events[2], `read ${sweep}`);
});

test('a document closed past the closed-file limit takes its labels and its diagnostics with it', async () => {
  const texts = new Map(Array.from({ length: MAX_CLOSED_FILES }, (_, i) => [`file:///w/f${i}.bimetal`, `recipe R${i} {\n  host Au 12\n  dopant Pt 1\n}\n`]));
  const labelled = 'file:///w/zz-labels.bimetal';
  texts.set(labelled, DFT); // listed after the limit: not read at start
  const { closedFiles, events, open, pushed } = closedFilesOver(texts);
  closedFiles.scanAfterStart();
  await until(() => events.filter((e) => e.startsWith('read ')).length === MAX_CLOSED_FILES, 'every file within the limit is scored');
  assert.ok(!events.includes(`read ${labelled}`) && !events.includes(`gone ${labelled}`), 'the file past the limit is not read');

  // Opened, edited (its editor labels count in the calibration), and closed without saving.
  open.add(labelled);
  closedFiles.forget(labelled, false);
  pushed.set(labelled, [{ message: 'from the edited document' }]);
  open.delete(labelled);
  closedFiles.refresh(labelled);
  assert.ok(events.includes(`gone ${labelled}`), 'the calibration drops the edited labels');
  assert.deepEqual(pushed.get(labelled), [], "Problems drops the edited document's diagnostics");
});

test('a document closed within the closed-file limit is read back while every closed file is queued again', async () => {
  const texts = new Map(Array.from({ length: MAX_CLOSED_FILES - 1 }, (_, i) => [`file:///w/f${i}.bimetal`, `recipe R${i} {\n  host Au 12\n  dopant Pt 1\n}\n`]));
  const labelled = 'file:///w/zz-labels.bimetal';
  texts.set(labelled, DFT);
  const { closedFiles, events, open } = closedFilesOver(texts);
  closedFiles.scanAfterStart();
  await until(() => events.filter((e) => e.startsWith('read ')).length === MAX_CLOSED_FILES, 'every file is scored');

  open.add(labelled);
  closedFiles.forget(labelled, false);
  // A refit queues every closed file again (to rescore those with labels); each still counts once.
  await closedFiles.scanWorkspace(true);
  events.length = 0;
  open.delete(labelled);
  closedFiles.refresh(labelled);
  await closedFiles.labelsRead();
  assert.deepEqual(
    events.filter((e) => e.endsWith(labelled)),
    [`read ${labelled}`],
    'its labels count as they are on disk',
  );
});
