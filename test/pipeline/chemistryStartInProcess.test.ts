import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ligandsAfterBareDocument } from './chemistryStart';

/**
 * With models in process (the command line), a document without ligands never starts RDKit: a
 * bare sweep must not pay its start-up. So once RDKit's WASM file is gone, the document with
 * ligands cannot start it (BM306; chemistryStart.ts). Counterpart of
 * chemistryStartWithWorker.test.ts.
 */
test('with models in process, a document without ligands does not start RDKit', async () => {
  const { bare, ligated } = await ligandsAfterBareDocument();
  assert.ok(bare.records[0].prediction, 'the bare document is scored');
  assert.equal(ligated.diagnostics.filter((d) => d.code === 'BM306').length, 1);
});
