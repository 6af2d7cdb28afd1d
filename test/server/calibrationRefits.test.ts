/**
 * What a refit of the editor's calibration costs and shows: a refit that changes neither the
 * calibration nor the conflicts among labels refreshes nothing (while a conflict stood, every refit
 * republished every open document and rescored every closed file), a settings change scores each
 * closed file once, a calibration change rescores only the closed files with labels, and the push
 * after a change never shows the findings of the calibration before it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { CALIBRATION_CHANGED, type CalibrationStatus } from '../../report/src/protocol';
import { pathToUri } from '../../server/src/uris';
import { startTestServer, type TestServer } from './lspHarness';

const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-refits-'));
const LABELS = ['Au', 'Ag', 'Cu']
  .flatMap((h, i) => ['Pt', 'Pd', 'Ni'].map((d, j) => `recipe ${h}${d} {\n  host ${h} 12\n  dopant ${d} 1\n  energy ${(-2.3 - 0.1 * i - 0.04 * j).toFixed(3)} eV\n}\n`))
  .join('');
const labelsUri = pathToUri(path.join(dir, 'labels.bimetal'));
const plainUri = pathToUri(path.join(dir, 'plain.bimetal'));
const moreUri = pathToUri(path.join(dir, 'more.bimetal'));
const openUri = pathToUri(path.join(dir, 'open.bimetal'));
/** The same recipe as labels.bimetal's AuPt, with another energy: BM420 on both. */
const CONFLICTING = 'recipe Again {\n  host Au 12\n  dopant Pt 1\n  energy -1.0 eV\n}\n';
let server: TestServer;
const changes: Array<CalibrationStatus | null> = [];
/** Every diagnostics push, per document. */
const pushes = new Map<string, Diagnostic[][]>();
const pushesOf = (uri: string) => pushes.get(uri) ?? [];

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until nothing is pushed for `quietMs`: the server's queued work is done. */
async function settled(quietMs = 2_000): Promise<void> {
  const count = () => [...pushes.values()].reduce((n, list) => n + list.length, 0) + changes.length;
  for (let last = -1; last !== count(); ) {
    last = count();
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

before(async () => {
  writeFileSync(path.join(dir, 'labels.bimetal'), LABELS);
  writeFileSync(path.join(dir, 'plain.bimetal'), 'recipe Plain {\n  host Au 12\n  dopant Pd 1\n}\n');
  writeFileSync(path.join(dir, 'more.bimetal'), 'recipe More {\n  host Ag 12\n  dopant Co 1\n  energy -2.2 eV\n}\n');
  server = await startTestServer({ workspaceFolders: [{ uri: pathToUri(dir), name: 'w' }], configuration: {}, initializationOptions: { workspaceTrusted: true } });
  server.connection.onNotification(CALIBRATION_CHANGED, (status: CalibrationStatus | null) => changes.push(status));
  server.onDiagnostics((p) => pushes.set(p.uri, [...pushesOf(p.uri), p.diagnostics]));
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('with a conflict standing, a settings change refits without refreshing anything, and scores each closed file once', async () => {
  await server.open(openUri, CONFLICTING);
  await server.waitFor(openUri, 1, 'scored');
  await until(() => changes.length === 1, 'the first fit is announced');
  await until(() => pushesOf(openUri).some((d) => d.some((x) => x.code === 'BM420')), 'BM420 on the open document');
  await settled();
  // The closed file holds the other side of the conflict, and says so as an open one would.
  assert.ok(pushesOf(labelsUri).at(-1)?.some((x) => x.code === 'BM420'), 'BM420 on the closed labels.bimetal');
  const announced = changes.length;
  const closedBefore = { labels: pushesOf(labelsUri).length, plain: pushesOf(plainUri).length, more: pushesOf(moreUri).length };

  // φ's threshold changes no prediction and no label: the refit it starts finds the same calibration and conflicts.
  await server.rescoredAfter(openUri, () => server.setConfiguration({ phiThreshold: 0.5 }));
  await settled();
  assert.equal(changes.length, announced, 'no calibrationChanged for a refit that changed nothing');
  assert.equal(pushesOf(labelsUri).length - closedBefore.labels, 1, 'the labelled closed file is scored once');
  assert.equal(pushesOf(plainUri).length - closedBefore.plain, 1, 'the closed file without labels is scored once');
  assert.equal(pushesOf(moreUri).length - closedBefore.more, 1, 'the other labelled closed file is scored once');
});

test('a calibration change rescores the closed files with labels only, and no push of an unedited document shows the conflict it removed', async () => {
  // labels.bimetal opened, and its AuPt (the one the open document conflicts with) deleted there.
  await server.open(labelsUri, LABELS);
  await server.waitFor(labelsUri, 1, 'scored');
  await settled();
  const plainBefore = pushesOf(plainUri).length;
  const moreBefore = pushesOf(moreUri).length;
  const openBefore = pushesOf(openUri).length;
  const announced = changes.length;
  assert.ok(pushesOf(openUri).at(-1)!.some((d) => d.code === 'BM420'), 'the unedited document shows its conflict');
  await server.change(labelsUri, LABELS.replace(/recipe AuPt \{[^}]*\}\n/, ''), 2);
  await until(() => changes.length > announced && pushesOf(moreUri).length > moreBefore, 'the refit rescored the labelled closed file');
  await settled();
  assert.equal(pushesOf(plainUri).length, plainBefore, 'a file without labels shows nothing a calibration decides');
  // The refit republished the unedited document: no push of it, the first one included, shows the old conflict.
  const after = pushesOf(openUri).slice(openBefore);
  assert.ok(after.length >= 1, 'the refit republished the open document');
  assert.deepEqual(
    after.map((d) => d.some((x) => x.code === 'BM420')),
    after.map(() => false),
  );
});
