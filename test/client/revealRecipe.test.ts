/**
 * Opening a record's file (client/src/revealRecipe.ts), which revealing a row and its detail both
 * do, against a stand-in for VS Code (test/helpers/vscodeStub.ts).
 */
import { warnings, workspaceState } from '../helpers/vscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openRecordDocument } from '../../client/src/revealRecipe';

test('a row whose file was deleted since scoring says so as a warning, not as an error about an unreadable file', async () => {
  workspaceState.folders = ['file:///ws'];
  workspaceState.files = new Map([['file:///ws/gold.bimetal', 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n']]);
  warnings.length = 0;
  assert.equal(await openRecordDocument('/ws/gone.bimetal'), undefined);
  assert.deepEqual(warnings, ['Bimetal: gone.bimetal no longer exists (deleted or moved since it was scored). Score again to refresh the results.']);
  // A file that is there opens as before.
  assert.equal((await openRecordDocument('/ws/gold.bimetal'))?.uri.toString(), 'file:///ws/gold.bimetal');
});

test('a row of an unsaved document closed since scoring says the document is gone, not that it is no workspace file', async () => {
  workspaceState.folders = ['file:///ws'];
  workspaceState.files = new Map();
  warnings.length = 0;
  assert.equal(await openRecordDocument('untitled:Untitled-1'), undefined);
  assert.deepEqual(warnings, ['Bimetal: Untitled-1 was closed without being saved, so its recipes are gone. Score again to refresh the results.']);
});
