import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filesInFolders } from '../../report/src/protocol';

test('the workspace files listed for some folders are those inside them, sorted, whatever the folders’ trailing slash', () => {
  const uris = ['vscode-vfs://github/a/z.bimetal', 'vscode-vfs://github/ab/x.bimetal', 'file:///ws/y.bimetal', 'vscode-vfs://github/a/sub/b.bimetal'];
  assert.deepEqual(filesInFolders(uris, ['vscode-vfs://github/a']), ['vscode-vfs://github/a/sub/b.bimetal', 'vscode-vfs://github/a/z.bimetal']);
  assert.deepEqual(filesInFolders(uris, ['vscode-vfs://github/a/', 'file:///ws']), ['file:///ws/y.bimetal', 'vscode-vfs://github/a/sub/b.bimetal', 'vscode-vfs://github/a/z.bimetal']);
  assert.deepEqual(filesInFolders(uris, []), []);
});
