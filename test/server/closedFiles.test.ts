/**
 * Closed files keep their errors in the Problems view (issue 10, bug 4): the server pushes the
 * diagnostics of the workspace's closed `.bimetal` files, read from disk, at start and on close.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type FileEvent, type PublishDiagnosticsParams, type SymbolInformation } from 'vscode-languageserver-protocol';
import { pathToUri } from '../../server/src/uris';
import { startWithTestModels, type TestServer } from './lspHarness';

const BROKEN = `ligand BrokenPh = "c1ccccc1(S"

recipe Au24_broken {
  host    Au 24
  dopant  Pd 1
  ligands BrokenPh x 18
}

recipe Au12_typo {
  host   Au 12
  dopant Ua 1
}
`;

const NEVER_OPENED = `recipe Same {
  host   Au 12
  dopant Au 1
}
`;

/** Resolves with the next push for `uri`; rejects when none comes within `timeoutMs`. */
/** The next diagnostics pushed for `uri` (that `matches`, when given). */
function nextPush(server: TestServer, uri: string, timeoutMs = 30_000, matches: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no diagnostics were pushed for ${uri} within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = server.onDiagnostics((p) => {
      if (p.uri !== uri || !matches(p)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(p);
    });
  });
}

const codes = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map((d) => String(d.code)).sort();

/** An XYZ file of `n` atoms, one of them Pt, the others Au: 13 fit `host Au 12` with `dopant Pt 1`, 14 do not (BM311). */
const xyz = (n: number) => [String(n), 'core', ...Array.from({ length: n }, (_, i) => `${i === 0 ? 'Pt' : 'Au'} ${(i * 2.8).toFixed(2)} ${((i % 3) * 2.8).toFixed(2)} ${((i % 2) * 2.8).toFixed(2)}`)].join('\n') + '\n';
const withStructure = (path: string) => `recipe O {\n  host Au 12\n  dopant Pt 1\n  structure "${path}"\n}\n`;

test('closed workspace files keep their diagnostics: files never opened, and a file after it is closed', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-files-'));
  writeFileSync(path.join(workspace, 'broken.bimetal'), BROKEN);
  writeFileSync(path.join(workspace, 'never-opened.bimetal'), NEVER_OPENED);
  const folder = pathToUri(workspace);
  const brokenUri = `${folder}/broken.bimetal`;
  const neverOpenedUri = `${folder}/never-opened.bimetal`;
  const outside = 'file:///elsewhere/scratch.bimetal';
  let server: TestServer | undefined;
  try {
    server = await startWithTestModels({ workspaceFolders: [{ uri: folder, name: 'closed' }] });
    const unopened = await nextPush(server, neverOpenedUri);
    assert.ok(codes(unopened).includes('BM204'), `host and dopant are the same metal: ${JSON.stringify(unopened.diagnostics)}`);

    await server.open(brokenUri, BROKEN);
    const whileOpen = await server.waitFor(brokenUri, 1, 'scored');
    assert.ok(codes({ diagnostics: whileOpen }).includes('BM301'), 'the broken SMILES is a chemistry error, found by scoring');
    const pushes: PublishDiagnosticsParams[] = [];
    const all = server.onDiagnostics((p) => p.uri === brokenUri && pushes.push(p));
    const afterClose = nextPush(server, brokenUri);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: brokenUri } });
    const pushed = await afterClose;
    assert.deepEqual(codes(pushed), codes({ diagnostics: whileOpen }), 'the closed file shows the same problems as when it was open');
    assert.ok(pushes.every((p) => p.diagnostics.length > 0), 'the problems never blink out');
    all.dispose();

    // A file outside the workspace folders is not watched, so closing it clears its problems.
    await server.open(outside, NEVER_OPENED);
    await server.waitFor(outside, 1, 'scored');
    const cleared = nextPush(server, outside);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: outside } });
    assert.deepEqual((await cleared).diagnostics, []);
    await server.stop();
    server = undefined;
  } finally {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('a closed file with a byte order mark is read as the editor reads it: UTF-8 or UTF-16, columns of line 1 leave the mark out', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-bom-'));
  const text = 'recipe Marked { host Au 12 dopant Zz 1 }\n';
  writeFileSync(path.join(workspace, 'marked.bimetal'), `\ufeff${text}`);
  const uri = `${pathToUri(workspace)}/marked.bimetal`;
  let server: TestServer | undefined;
  try {
    server = await startWithTestModels({ workspaceFolders: [{ uri: pathToUri(workspace), name: 'bom' }] });
    const closed = await nextPush(server, uri);
    const unknownElement = closed.diagnostics.find((d) => d.code === 'BM202');
    assert.deepEqual(unknownElement?.range.start, { line: 0, character: text.indexOf('Zz') });
    const symbols = await server.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'Marked' });
    assert.deepEqual(symbols.map((s) => s.location.range.start), [{ line: 0, character: text.indexOf('Marked') }]);
    await server.stop();
    server = undefined;

    // Saved as UTF-16 with its mark (Windows Notepad's "Unicode"): the same one problem, not one per character.
    const wide = text.replace('Marked', 'Wide');
    writeFileSync(path.join(workspace, 'marked.bimetal'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(wide, 'utf16le')]));
    server = await startWithTestModels({ workspaceFolders: [{ uri: pathToUri(workspace), name: 'bom' }] });
    const utf16 = await nextPush(server, uri);
    assert.deepEqual(utf16.diagnostics.map((d) => [d.code, d.range.start]), [['BM202', { line: 0, character: wide.indexOf('Zz') }]]);
    await server.stop();
    server = undefined;
  } finally {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('a workspace folder removed takes its closed files with it: their problems are cleared, those of the folder kept stay', async () => {
  const [leaving, staying] = ['leaving', 'staying'].map((name) => mkdtempSync(path.join(tmpdir(), `bimetal-closed-${name}-`)));
  for (const folder of [leaving, staying]) writeFileSync(path.join(folder, 'never-opened.bimetal'), NEVER_OPENED);
  const [leavingUri, stayingUri] = [leaving, staying].map((folder) => `${pathToUri(folder)}/never-opened.bimetal`);
  let server: TestServer | undefined;
  try {
    server = await startWithTestModels({ workspaceFolders: [leaving, staying].map((folder, i) => ({ uri: pathToUri(folder), name: `folder ${i}` })) });
    const shown = await Promise.all([nextPush(server, leavingUri), nextPush(server, stayingUri)]);
    assert.ok(shown.every((p) => codes(p).includes('BM204')), JSON.stringify(shown));
    const leavingPushes: PublishDiagnosticsParams[] = [];
    const all = server.onDiagnostics((p) => p.uri === leavingUri && leavingPushes.push(p));
    const rescanned = nextPush(server, stayingUri);
    await server.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: pathToUri(leaving), name: 'folder 0' }] } });
    // The folder kept is scanned again: its file is read anew and still shows its problems; the other file's are cleared, once, before.
    assert.ok(codes(await rescanned).includes('BM204'));
    all.dispose();
    assert.deepEqual(leavingPushes.map((p) => p.diagnostics), [[]]);
    await server.stop();
    server = undefined;
  } finally {
    await server?.stop();
    for (const folder of [leaving, staying]) rmSync(folder, { recursive: true, force: true });
  }
});

test('a structure file changed on disk rescores the recipes that name it; a deleted folder takes its closed files with it', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-disk-'));
  writeFileSync(path.join(workspace, 'core.xyz'), xyz(13));
  writeFileSync(path.join(workspace, 'closed.bimetal'), withStructure('core.xyz'));
  mkdirSync(path.join(workspace, 'sub'));
  writeFileSync(path.join(workspace, 'sub', 'gone.bimetal'), 'recipe G {\n  host Au 12\n  dopant Xx 1\n}\n');
  const folder = pathToUri(workspace);
  const open = `${folder}/open.bimetal`;
  const closed = `${folder}/closed.bimetal`;
  const gone = `${folder}/sub/gone.bimetal`;
  let server: TestServer | undefined;
  try {
    server = await startWithTestModels({ workspaceFolders: [{ uri: folder, name: 'disk' }] });
    const [closedAtStart, goneAtStart] = await Promise.all([nextPush(server, closed), nextPush(server, gone)]);
    assert.ok(!codes(closedAtStart).includes('BM311') && codes(goneAtStart).includes('BM202'));
    await server.open(open, withStructure('core.xyz'));
    assert.ok(!codes({ diagnostics: await server.waitFor(open, 1, 'scored') }).includes('BM311'), 'the 13-atom file fits the 13 metals');

    // 14 atoms for 13 metals: BM311, without an edit of the recipe, in the open document and the closed file alike.
    writeFileSync(path.join(workspace, 'core.xyz'), xyz(14));
    const rescored = nextPush(server, open, 30_000, (p) => codes(p).includes('BM311'));
    const reread = nextPush(server, closed, 30_000, (p) => codes(p).includes('BM311'));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: `${folder}/core.xyz`, type: FileChangeType.Changed }] });
    await Promise.all([rescored, reread]);

    // A folder's deletion comes as one event for the folder.
    rmSync(path.join(workspace, 'sub'), { recursive: true });
    const cleared = nextPush(server, gone);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: `${folder}/sub`, type: FileChangeType.Deleted }] });
    assert.deepEqual((await cleared).diagnostics, []);
    await server.stop();
    server = undefined;
  } finally {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('a structure file changed or its folder deleted rescores only the recipes that name it, open or closed', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-structures-'));
  writeFileSync(path.join(workspace, 'core.xyz'), xyz(13));
  mkdirSync(path.join(workspace, 'structures'));
  writeFileSync(path.join(workspace, 'structures', 'other.xyz'), xyz(13));
  mkdirSync(path.join(workspace, 'sub'));
  writeFileSync(path.join(workspace, 'sub', 'closed-core.bimetal'), withStructure('../core.xyz'));
  writeFileSync(path.join(workspace, 'closed-plain.bimetal'), NEVER_OPENED);
  const folder = pathToUri(workspace);
  const openCore = `${folder}/open-core.bimetal`;
  const openOther = `${folder}/open-other.bimetal`;
  const closedCore = `${folder}/sub/closed-core.bimetal`;
  const closedPlain = `${folder}/closed-plain.bimetal`;
  let server: TestServer | undefined;
  try {
    server = await startWithTestModels({ workspaceFolders: [{ uri: folder, name: 'structures' }] });
    const atStart = await Promise.all([nextPush(server, closedCore), nextPush(server, closedPlain)]);
    assert.ok(!codes(atStart[0]).includes('BM311') && codes(atStart[1]).includes('BM204'), JSON.stringify(atStart));
    await server.open(openCore, withStructure('core.xyz'));
    await server.open(openOther, withStructure('structures/other.xyz'));
    for (const uri of [openCore, openOther]) assert.ok(!codes({ diagnostics: await server.waitFor(uri, 1, 'scored') }).includes('BM311'));
    const pushed: string[] = [];
    const watching = server.onDiagnostics((p) => pushed.push(p.uri));
    const changed = (changes: FileEvent[]) => server!.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    /** Waits until nothing more can be under way: the closed files are scored one at a time, each within a few hundred ms here. */
    const settled = () => new Promise((resolve) => setTimeout(resolve, 1_500));

    writeFileSync(path.join(workspace, 'core.xyz'), xyz(14));
    const rescored = [openCore, closedCore].map((uri) => nextPush(server!, uri, 30_000, (p) => codes(p).includes('BM311')));
    await changed([{ uri: `${folder}/core.xyz`, type: FileChangeType.Changed }]);
    await Promise.all(rescored);
    await settled();
    assert.deepEqual([...new Set(pushed)].sort(), [openCore, closedCore].sort(), 'the recipes that do not name core.xyz are not scored again');

    // A folder's deletion comes as one event for the folder: the recipes naming a file in it are told it is gone.
    pushed.length = 0;
    rmSync(path.join(workspace, 'structures'), { recursive: true });
    const missing = nextPush(server, openOther, 30_000, (p) => codes(p).includes('BM310'));
    await changed([{ uri: `${folder}/structures`, type: FileChangeType.Deleted }]);
    await missing;
    await settled();
    assert.deepEqual([...new Set(pushed)], [openOther]);
    watching.dispose();
  } finally {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});

/** A closed file whose scoring takes a while (a family of 60,000 members), with a recipe that reads core.xyz. */
const SLOW = `recipe Sweep {\n  host Au [${Array.from({ length: 20 }, (_, i) => 20 + i).join(', ')}]\n  dopant [Mn, Fe, Co, Ni, Cu, Zn, Ru, Rh, Pd, Ag] 1..300\n}\n${withStructure('core.xyz')}`;

test('a file event while a closed file is scored scores it again only if it names the file changed: not for every deletion (git at work)', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-running-'));
  writeFileSync(path.join(workspace, 'core.xyz'), xyz(13));
  writeFileSync(path.join(workspace, 'slow.bimetal'), SLOW);
  // Its change, later, is pushed after any scoring queued before it.
  writeFileSync(path.join(workspace, 'z-last.bimetal'), NEVER_OPENED);
  const folder = pathToUri(workspace);
  const [slow, last, fresh] = ['slow', 'z-last', 'fresh'].map((name) => `${folder}/${name}.bimetal`);
  const pushes = new Map<string, number>();
  const pushed = (uri: string) => pushes.get(uri) ?? 0;
  let server: TestServer | undefined;
  try {
    // No calibration, whose refits on fresh.bimetal's label would score it again.
    server = await startWithTestModels({ workspaceFolders: [{ uri: folder, name: 'running' }], initializationOptions: { settings: { calibration: { enabled: false } } } });
    server.onDiagnostics((p) => pushes.set(p.uri, pushed(p.uri) + 1));
    const changed = (changes: FileEvent[]) => server!.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    /** Waits until `uri` was pushed `count` times in all, sending `changes` every 20 ms meanwhile when given. */
    const pushedTimes = async (uri: string, count: number, changes: FileEvent[] = []) => {
      for (const deadline = Date.now() + 30_000; pushed(uri) < count; await new Promise((resolve) => setTimeout(resolve, 20))) {
        assert.ok(Date.now() < deadline, `${uri} was pushed ${pushed(uri)} times, not ${count}, within 30 s`);
        if (changes.length > 0) await changed(changes);
      }
    };

    // A lock file of git's, deleted again and again from before slow.bimetal is read until its first scoring is pushed.
    await pushedTimes(slow, 1, [{ uri: `${folder}/.git/index.lock`, type: FileChangeType.Deleted }]);
    // Its structure file changed: scored again.
    await changed([{ uri: `${folder}/core.xyz`, type: FileChangeType.Changed }]);
    await pushedTimes(slow, 2);
    // z-last.bimetal changed now is pushed after any scoring queued before, and known by its new problem.
    writeFileSync(path.join(workspace, 'z-last.bimetal'), NEVER_OPENED.replace('dopant Au', 'dopant Xx'));
    const lastChanged = nextPush(server, last, 30_000, (p) => codes(p).includes('BM202'));
    await changed([{ uri: last, type: FileChangeType.Changed }]);
    await lastChanged;
    assert.equal(pushed(slow), 2, 'slow.bimetal was scored again for the deletions during its first scoring');

    // A file new on disk, taken up as core.xyz changes (one batch of events; it holds a label, so it is read and
    // scored in one go): it may have read core.xyz before the change, so it is scored again once known to name it.
    writeFileSync(path.join(workspace, 'fresh.bimetal'), `${SLOW}recipe Labelled {\n  host Au 12\n  dopant Pt 1\n  energy -1.0 eV\n}\n`);
    await changed([
      { uri: fresh, type: FileChangeType.Created },
      { uri: `${folder}/core.xyz`, type: FileChangeType.Changed },
    ]);
    await pushedTimes(fresh, 2);
  } finally {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('ligand declarations that no recipe uses are checked, in a closed file and an open one', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-closed-unused-'));
  const text = 'ligand Bad = "C1CC"\nligand Empty = ""\nligand Wb = "SCC" binds P\nligand Nb = "CCCC"\nligand Xq = "SCC" binds Xq\n';
  writeFileSync(path.join(workspace, 'unused.bimetal'), text);
  const folder = pathToUri(workspace);
  const uri = `${folder}/unused.bimetal`;
  const expected = ['BM301', 'BM302', 'BM303', 'BM304', 'BM305'];
  let server: TestServer | undefined;
  try {
    server = await startWithTestModels({ workspaceFolders: [{ uri: folder, name: 'unused' }] });
    assert.deepEqual(codes(await nextPush(server, uri)), expected);
    await server.open(uri, text);
    assert.deepEqual(codes({ diagnostics: await server.waitFor(uri, 1, 'scored') }), expected);
  } finally {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});
