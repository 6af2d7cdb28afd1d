/**
 * A structure file changed on disk is matched with the recipes that read it however the file event
 * names it: in another case where the file system ignores case, through a symbolic link, on a
 * Windows UNC share. The platform is a parameter, so each case runs on any machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changedFileNames, namesAnyOf, structureFilesNamed, structureFileUri, type Platform } from '../../server/src/structurePaths';
import { documentLocation, pathToUri } from '../../server/src/uris';

/** Whether a change of `changed` (as a file event names it) reaches a recipe of `document` that names `written`. */
async function reaches(document: string, written: string, changed: string, platform: Platform): Promise<boolean> {
  return namesAnyOf(await structureFilesNamed(document, [written], platform), await changedFileNames([changed], platform));
}

function withFolder(run: (folder: string) => Promise<void>): () => Promise<void> {
  return async () => {
    // Real already (macOS's /tmp is a link), so that only the links a test makes are followed.
    const folder = realpathSync(mkdtempSync(path.join(tmpdir(), 'bimetal-structure-paths-')));
    try {
      await run(folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
}

test(
  'a file named in another case is the file the recipe reads where the file system ignores case (Windows, macOS), another file on Linux',
  withFolder(async (folder) => {
    writeFileSync(path.join(folder, 'core.xyz'), '1\n\nAu 0 0 0\n');
    const recipe = pathToUri(path.join(folder, 'recipe.bimetal'));
    const event = pathToUri(path.join(folder, 'core.xyz'));
    for (const platform of ['win32', 'darwin']) {
      assert.ok(await reaches(recipe, 'Core.xyz', event, platform), platform);
      assert.ok(await reaches(recipe, 'core.xyz', event.replace('core.xyz', 'CORE.XYZ'), platform), platform);
    }
    assert.ok(!(await reaches(recipe, 'Core.xyz', event, 'linux')));
  }),
);

test(
  'a file reached through a symbolic link is the file the event names by its real path, and the other way round',
  withFolder(async (folder) => {
    mkdirSync(path.join(folder, 'real'));
    writeFileSync(path.join(folder, 'real', 'core.xyz'), '1\n\nAu 0 0 0\n');
    writeFileSync(path.join(folder, 'real', 'core-v2.xyz'), '1\n\nAu 0 0 0\n');
    symlinkSync(path.join(folder, 'real'), path.join(folder, 'linked'), 'dir');
    symlinkSync(path.join(folder, 'real', 'core-v2.xyz'), path.join(folder, 'current.xyz'));
    const recipe = pathToUri(path.join(folder, 'recipe.bimetal'));
    const at = (...parts: string[]) => pathToUri(path.join(folder, ...parts));
    assert.ok(await reaches(recipe, 'linked/core.xyz', at('real', 'core.xyz'), 'linux'), 'a folder linked, the event naming the real file');
    assert.ok(await reaches(recipe, 'real/core.xyz', at('linked', 'core.xyz'), 'linux'), 'the event naming it through the link');
    assert.ok(await reaches(recipe, 'current.xyz', at('real', 'core-v2.xyz'), 'linux'), 'a file linked');
    assert.ok(await reaches(recipe, 'current.xyz', at('current.xyz'), 'linux'), 'the link itself changed');
    assert.ok(!(await reaches(recipe, 'current.xyz', at('real', 'core.xyz'), 'linux')), 'another file in the linked folder');

    // Deleted, the file has no real path: its folder's stands in, for the recipe and the event alike.
    rmSync(path.join(folder, 'real', 'core.xyz'));
    assert.ok(await reaches(recipe, 'linked/core.xyz', at('real', 'core.xyz'), 'linux'));
    assert.ok(await reaches(recipe, 'linked/core.xyz', at('real'), 'linux'), 'its folder deleted, in one event');
  }),
);

test('on Windows `\\` separates folders in a structure path of any file: URI, a UNC share\'s too, and the scorer resolves it there', async () => {
  const recipe = 'file://server/share/dir/recipe.bimetal';
  assert.equal(structureFileUri(recipe, 'sub\\core.xyz', 'win32'), 'file://server/share/dir/sub/core.xyz');
  assert.equal(structureFileUri(recipe, '\\\\other\\cores\\c.xyz', 'win32'), 'file://other/cores/c.xyz');
  assert.equal(structureFileUri('file:///c%3A/t/recipe.bimetal', 'sub\\core.xyz', 'win32'), 'file:///c%3A/t/sub/core.xyz');
  // Elsewhere `\` is a character of the name, as the scorer's path.resolve keeps it.
  assert.equal(structureFileUri('file:///t/recipe.bimetal', 'sub\\core.xyz', 'linux'), 'file:///t/sub%5Ccore.xyz');
  assert.equal(structureFileUri('file:///t/recipe.bimetal', 'sub\\core.xyz', 'win32'), 'file:///t/sub/core.xyz');
  // Only a file: URI has folders on disk.
  assert.equal(structureFileUri('untitled:Untitled-1', 'sub\\core.xyz', 'win32'), undefined);

  assert.ok(await reaches(recipe, 'sub\\core.xyz', 'file://server/share/dir/sub/core.xyz', 'win32'));
  assert.ok(await reaches(recipe, 'sub\\Core.xyz', 'file://SERVER/share/Dir/sub/core.xyz', 'win32'), 'in another case');
  assert.ok(await reaches(recipe, 'sub\\core.xyz', 'file://server/share/dir/sub', 'win32'), 'its folder deleted');
  assert.ok(!(await reaches(recipe, 'sub\\core.xyz', 'file://server/other/dir/sub/core.xyz', 'win32')), 'another share');
  // The recipe's own folder keeps its server, so that the scorer resolves the path on the share.
  assert.equal(documentLocation(recipe).baseDir, '//server/share/dir');
});
