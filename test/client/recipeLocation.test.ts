import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUriString, mayReveal, recipeBlockName, recordsOfRecipe } from '../../client/src/results/recipeLocation';

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

test("a recipe's records are its own, or every member of its family, and no other block's", () => {
  const records = [{ recipe: 'Au4M2' }, { recipe: 'Au4M2_PET[dopant=Fe,dopantCount=2]' }, { recipe: 'Au4M2_PET[dopant=Co,dopantCount=2]' }, { recipe: 'Au4M2_PET2' }];
  assert.deepEqual(recordsOfRecipe(records, 'Au4M2_PET'), records.slice(1, 3));
  assert.deepEqual(recordsOfRecipe(records, 'Au4M2'), records.slice(0, 1));
  assert.deepEqual(recordsOfRecipe(records, 'Au4'), []);
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
