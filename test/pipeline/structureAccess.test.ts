import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScorer, type ScoreContext, type Scorer } from '../../pipeline/src/index';
import { writeLinearModels } from './modelFixture';

/**
 * Issue 12: a recipe may name a structure file only inside its own folder or an allowed root
 * (the workspace, --structure-root), as written and after links; only regular files up to the
 * size limit are read; nothing of a file's content reaches a message; nothing is read in an
 * untrusted workspace.
 */
let work: string;
let recipes: string;
let scorer: Scorer;
const SECRET = 'root:x:0:0:SECRET-LINE';

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-access-'));
  recipes = path.join(work, 'project', 'recipes');
  mkdirSync(recipes, { recursive: true });
  writeFileSync(path.join(work, 'secret.xyz'), `${SECRET}\nmore secrets\n`);
  writeFileSync(path.join(work, 'project', 'shared.xyz'), `${SECRET}\n`);
  writeFileSync(path.join(recipes, 'core.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
  writeFileSync(path.join(recipes, 'not-xyz.xyz'), `${SECRET}\n`);
  symlinkSync(path.join(work, 'secret.xyz'), path.join(recipes, 'link.xyz'));
  symlinkSync(path.join(recipes, 'core.xyz'), path.join(recipes, 'inner-link.xyz'));
  const models = path.join(work, 'models');
  writeLinearModels(models);
  scorer = createScorer({ modelDir: models });
});

after(async () => {
  await scorer.dispose();
  rmSync(work, { recursive: true, force: true });
});

const recipe = (structure: string) => `recipe FromFile {\n  host Au 1\n  dopant Pt 1\n  structure ${JSON.stringify(structure)}\n}\n`;

/** The BM310 message for `structure`, or undefined when the file was read and used. */
async function structureMessage(structure: string, context: Partial<ScoreContext> = {}): Promise<string | undefined> {
  const doc = await scorer.scoreText(recipe(structure), { file: path.join(recipes, 'a.bimetal'), baseDir: recipes, ...context });
  const all = JSON.stringify(doc);
  assert.ok(!all.includes('SECRET'), `a file's content reached the output: ${all}`);
  return doc.diagnostics.find((d) => d.code === 'BM310')?.message;
}

test('a structure file in the recipe folder, directly or through a link inside it, is read', async () => {
  assert.equal(await structureMessage('core.xyz'), undefined);
  assert.equal(await structureMessage('inner-link.xyz'), undefined);
  assert.equal(await structureMessage(path.join(recipes, 'core.xyz')), undefined, 'an absolute path inside is fine');
});

test('.. escapes, absolute paths and links that leave the allowed folders are refused before any read', async () => {
  assert.match((await structureMessage('../../secret.xyz'))!, /is outside the recipe file's folder, so it is not read; move it there, or allow its folder with --structure-root DIR$/);
  assert.match((await structureMessage('../../../../../../../../etc/passwd'))!, /is outside/);
  assert.match((await structureMessage('/etc/passwd'))!, /is outside/);
  assert.match((await structureMessage('/proc/self/environ'))!, /is outside/);
  assert.match((await structureMessage('/dev/zero'))!, /is outside/);
  assert.match((await structureMessage('link.xyz'))!, /is a link to a file outside/);
});

test('the workspace (or --structure-root) is allowed as well, and nothing beyond it; the refusal names the folders as the reader knows them', async () => {
  const workspace = { allowedRoots: [path.join(work, 'project')], rootsFrom: 'workspace' } as const;
  // Inside the workspace: read, but it is not XYZ, and the message describes instead of quoting.
  assert.match((await structureMessage('../shared.xyz', workspace))!, /not an XYZ file: line 1 is not an atom count/);
  const editor = (await structureMessage('../../secret.xyz', workspace))!;
  assert.match(editor, /outside the recipe file's folder or the workspace folders, so it is not read; move it there, or add its folder to the workspace$/);
  assert.doesNotMatch(editor, /--structure-root/, 'the editor has no command line to pass it on');
  // The same folder given with --structure-root: the command line's words, and no workspace.
  const commandLine = (await structureMessage('../../secret.xyz', { allowedRoots: workspace.allowedRoots }))!;
  assert.match(commandLine, /outside the recipe file's folder or the --structure-root folders, so it is not read; move it there, or allow its folder with --structure-root DIR$/);
  assert.doesNotMatch(commandLine, /workspace/);
});

test('devices, FIFOs, /proc files, folders and files over 10 MiB are refused without hanging', async () => {
  const everywhere = { allowedRoots: ['/'] };
  assert.match((await structureMessage('/dev/zero', everywhere))!, /system file/);
  assert.match((await structureMessage('/proc/self/environ', everywhere))!, /system file/);
  assert.match((await structureMessage('/proc/self/cmdline', everywhere))!, /system file/);
  const fifo = path.join(recipes, 'pipe.xyz');
  execFileSync('mkfifo', [fifo]);
  assert.match((await structureMessage('pipe.xyz'))!, /not a regular file/);
  mkdirSync(path.join(recipes, 'folder.xyz'));
  assert.match((await structureMessage('folder.xyz'))!, /it is a folder/);
  const big = path.join(recipes, 'big.xyz');
  writeFileSync(big, '2\n');
  truncateSync(big, 10 * 1024 * 1024 + 1);
  assert.match((await structureMessage('big.xyz'))!, /over the 10\.0 MiB limit/);
  // A path through a file, and a link to itself: said as every other file the tool reads says it.
  writeFileSync(path.join(recipes, 'plain.xyz'), '1\n\nAu 0 0 0\n');
  assert.match((await structureMessage('plain.xyz/inner.xyz'))!, /cannot be read \(a part of the path is a file, not a folder\)$/);
  symlinkSync('loop.xyz', path.join(recipes, 'loop.xyz'));
  assert.match((await structureMessage('loop.xyz'))!, /cannot be read \(ELOOP: too many symbolic links/);
});

test('in an untrusted workspace no structure file is read, and the message says why', async () => {
  const message = await structureMessage('core.xyz', { trusted: false });
  assert.match(message!, /was not read: this workspace is not trusted/);
});

test('a document in a virtual file system reads no structure file, trusted or not, and the message says where they are read from', async () => {
  const expected = 'Structure file "core.xyz" was not read: this document is in a virtual file system (vscode-vfs:), and structure files are read only from a folder on disk: open the folder from disk in desktop VS Code, or use the command line';
  assert.equal(await structureMessage('core.xyz', { virtualFileSystem: 'vscode-vfs' }), expected);
  // Trusting the workspace would not get it read: the reason that stays is the one given.
  assert.equal(await structureMessage('core.xyz', { virtualFileSystem: 'vscode-vfs', trusted: false }), expected);
});
