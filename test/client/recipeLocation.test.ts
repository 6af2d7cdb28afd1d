import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentTabName, isUriString, mayReveal, recipeBlockName } from '../../client/src/results/recipeLocation';

test('a family member leads back to its recipe block', () => {
  assert.equal(recipeBlockName('Au4M2_PET[dopant=Fe,dopantCount=2]'), 'Au4M2_PET');
  assert.equal(recipeBlockName('Au4Ru2_PET_PPh3'), 'Au4Ru2_PET_PPh3');
});

test('record files are told apart as URIs or paths, Windows drives included', () => {
  assert.ok(isUriString('untitled:Untitled-1'));
  assert.ok(isUriString('vscode-vfs://github/org/repo/a.bimetal'));
  assert.ok(isUriString('file:///ws/a.bimetal'));
  assert.ok(!isUriString('/ws/a.bimetal'));
  assert.ok(!isUriString('C:\\ws\\a.bimetal'));
  assert.ok(!isUriString('examples/gold.bimetal'));
});

test('only .bimetal files inside a workspace folder, or documents already open, are opened', () => {
  const folders = ['file:///ws'];
  assert.ok(mayReveal('file:///ws/recipes/a.bimetal', folders, []));
  assert.ok(!mayReveal('file:///ws-other/a.bimetal', folders, []), 'a folder matches up to a / boundary');
  assert.ok(!mayReveal('file:///etc/passwd', folders, []));
  assert.ok(!mayReveal('file:///ws/.ssh/id_rsa', folders, []), 'only recipe files');
  assert.ok(!mayReveal('file:///ws/../etc/x.bimetal', folders, []));
  assert.ok(!mayReveal('file:///elsewhere/a.bimetal', folders, []));
  assert.ok(mayReveal('untitled:Untitled-1', folders, ['untitled:Untitled-1']), 'an open unsaved document');
  assert.ok(!mayReveal('untitled:Untitled-2', folders, ['untitled:Untitled-1']));
});

test("a document's panel is named as the editor's tab names it", () => {
  assert.equal(documentTabName('untitled:Untitled-1'), 'Untitled-1');
  assert.equal(documentTabName('file:///ws/my%20gold.bimetal'), 'my gold.bimetal');
  assert.equal(documentTabName('vscode-vfs://github/o/r/a/b.bimetal'), 'b.bimetal');
  assert.equal(documentTabName('file:///ws/100%.bimetal'), '100%.bimetal', 'a stray % is kept');
});
