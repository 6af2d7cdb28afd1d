/**
 * Structure paths follow their files: renaming or moving a structure file, a folder or a recipe
 * file in the editor (workspace/willRenameFiles) rewrites the `structure "…"` paths that would
 * otherwise name nothing, in open and closed recipe files alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { parseDocument } from '../../grammar/src/index';
import { structurePathEdits, type FileRename } from '../../server/src/fileRenames';
import { structureFileUri } from '../../server/src/structurePaths';
import { pathToUri } from '../../server/src/uris';
import { startWithTestModels, type TestServer } from './lspHarness';

const recipe = (written: string) => `recipe R {\n  host Au 12\n  dopant Pt 1\n  structure "${written}"\n}\n`;

/** What the renames make of the recipe file at `uri` holding `structure "written"` (the path as written after the edits). */
function after(uri: string, written: string, renames: FileRename[], platform = 'linux'): string {
  const text = recipe(written);
  const document = TextDocument.create(uri, 'bimetal', 1, text);
  const edits = structurePathEdits([{ document, ast: parseDocument(text).ast }], renames, platform)[uri] ?? [];
  const edited = TextDocument.applyEdits(document, edits);
  return /structure "((?:[^"\\]|\\.)*)"/.exec(edited)![1];
}

test('a renamed or moved structure file is named where it goes, relative as written', () => {
  const file = 'file:///w/a.bimetal';
  assert.equal(after(file, 'core.xyz', [{ oldUri: 'file:///w/core.xyz', newUri: 'file:///w/au13.xyz' }]), 'au13.xyz');
  assert.equal(after(file, 'core.xyz', [{ oldUri: 'file:///w/core.xyz', newUri: 'file:///w/cores/core.xyz' }]), 'cores/core.xyz');
  assert.equal(after(file, './cores/core.xyz', [{ oldUri: 'file:///w/cores/core.xyz', newUri: 'file:///w/core.xyz' }]), './core.xyz', 'a leading ./ is kept');
  assert.equal(after(file, '../shared/core.xyz', [{ oldUri: 'file:///shared', newUri: 'file:///common' }]), '../common/core.xyz', 'a folder above, renamed');
  assert.equal(after(file, '/data/core.xyz', [{ oldUri: 'file:///data/core.xyz', newUri: 'file:///data/v2/core.xyz' }]), '/data/v2/core.xyz', 'absolute stays absolute');
  assert.equal(after(file, 'my cores/a \\"b\\".xyz', [{ oldUri: 'file:///w/my%20cores', newUri: 'file:///w/the%20cores' }]), 'the cores/a \\"b\\".xyz', 'spaces, and the quotes escaped');
});

test('a `%` in a file or folder name is written as it is, never read as an escape (`c%20d.xyz` is no `c d.xyz`)', () => {
  const file = 'file:///w/a.bimetal';
  assert.equal(after(file, 'a%20b.xyz', [{ oldUri: 'file:///w/a%2520b.xyz', newUri: 'file:///w/c%2520d.xyz' }]), 'c%20d.xyz');
  assert.equal(after(file, '100%/core.xyz', [{ oldUri: 'file:///w/100%25', newUri: 'file:///w/50%25%20off' }]), '50% off/core.xyz');
  assert.equal(after(file, 'core.xyz', [{ oldUri: 'file:///w/core.xyz', newUri: 'file:///w/%2541.xyz' }]), '%41.xyz');
});

test('a moved recipe file keeps naming the structure file it named; moved together, nothing changes', () => {
  assert.equal(after('file:///w/a.bimetal', 'core.xyz', [{ oldUri: 'file:///w/a.bimetal', newUri: 'file:///w/recipes/a.bimetal' }]), '../core.xyz');
  assert.equal(after('file:///w/recipes/a.bimetal', '../core.xyz', [{ oldUri: 'file:///w/recipes', newUri: 'file:///w/old/recipes' }]), '../../core.xyz');
  const together = [{ oldUri: 'file:///w/project', newUri: 'file:///w/project-2' }];
  assert.equal(after('file:///w/project/a.bimetal', 'cores/core.xyz', together), 'cores/core.xyz');
  assert.equal(after('file:///w/a.bimetal', 'core.xyz', [{ oldUri: 'file:///w/other.xyz', newUri: 'file:///w/b.xyz' }]), 'core.xyz', 'another file: no edit');
});

test('Windows paths: separators kept as written, another drive named absolutely', () => {
  const file = 'file:///c%3A/w/a.bimetal';
  assert.equal(after(file, 'cores\\\\core.xyz', [{ oldUri: 'file:///c%3A/w/cores', newUri: 'file:///c%3A/w/shapes' }], 'win32'), 'shapes\\\\core.xyz');
  assert.equal(after(file, 'core.xyz', [{ oldUri: 'file:///c%3A/w/core.xyz', newUri: 'file:///d%3A/core.xyz' }], 'win32'), 'd:/core.xyz');
  assert.equal(after(file, 'Cores/core.xyz', [{ oldUri: 'file:///c%3A/w/cores/core.xyz', newUri: 'file:///c%3A/w/cores/au13.xyz' }], 'win32'), 'Cores/au13.xyz'.replace('Cores', 'cores'));
});

test('every path the edits write names the moved file from the moved recipe file, as the scorer resolves it', () => {
  const renames: FileRename[] = [
    { oldUri: 'file:///w/in/deep', newUri: 'file:///w/up' },
    { oldUri: 'file:///w/b.bimetal', newUri: 'file:///w/in/deep/b.bimetal' },
  ];
  const cases: Array<[string, string, string]> = [
    ['file:///w/b.bimetal', 'in/deep/x.xyz', 'file:///w/up/x.xyz'],
    ['file:///w/b.bimetal', 'y.xyz', 'file:///w/y.xyz'],
    ['file:///w/in/deep/c.bimetal', 'x.xyz', 'file:///w/up/x.xyz'],
    ['file:///w/in/deep/c.bimetal', '../../z.xyz', 'file:///w/z.xyz'],
  ];
  const movedTo = (uri: string) => renames.reduce((u, r) => (u.startsWith(`${r.oldUri}/`) ? r.newUri + u.slice(r.oldUri.length) : u === r.oldUri ? r.newUri : u), uri);
  for (const [file, written, target] of cases) {
    assert.equal(structureFileUri(movedTo(file), after(file, written, renames), 'linux'), target, `${file}: ${written}`);
  }
});

test('workspace/willRenameFiles over stdio: the edits cover the open and the closed recipe files that name the moved folder', async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bimetal-renames-'));
  mkdirSync(path.join(workspace, 'cores'));
  writeFileSync(path.join(workspace, 'cores', 'au13.xyz'), '13\ncore\n' + 'Au 0 0 0\n'.repeat(13));
  writeFileSync(path.join(workspace, 'closed.bimetal'), recipe('cores/au13.xyz'));
  writeFileSync(path.join(workspace, 'unrelated.bimetal'), recipe('elsewhere.xyz'));
  const folder = pathToUri(workspace);
  const openUri = `${folder}/open.bimetal`;
  let server: TestServer | undefined;
  try {
    server = await startWithTestModels({ workspaceFolders: [{ uri: folder, name: 'renames' }] });
    const filters = server.initializeResult.capabilities.workspace?.fileOperations?.willRename?.filters ?? [];
    assert.deepEqual(filters.map((f) => f.pattern.matches).sort(), ['file', 'folder']);
    // The open document's text is the editor's, not the disk's (there is no such file on disk).
    await server.open(openUri, recipe('./cores/au13.xyz'));
    const edit = await server.connection.sendRequest<WorkspaceEdit | null>('workspace/willRenameFiles', { files: [{ oldUri: `${folder}/cores`, newUri: `${folder}/structures` }] });
    const changes = edit?.changes ?? {};
    const newText = (uri: string) => (changes[uri] as TextEdit[] | undefined)?.map((e) => e.newText);
    assert.deepEqual(Object.keys(changes).sort(), [`${folder}/closed.bimetal`, openUri].sort());
    assert.deepEqual(newText(`${folder}/closed.bimetal`), ['structures/au13.xyz']);
    assert.deepEqual(newText(openUri), ['./structures/au13.xyz']);
    const none = await server.connection.sendRequest<WorkspaceEdit | null>('workspace/willRenameFiles', { files: [{ oldUri: `${folder}/nothing.xyz`, newUri: `${folder}/still-nothing.xyz` }] });
    assert.equal(none, null);
    await server.stop();
    server = undefined;
  } finally {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
});
