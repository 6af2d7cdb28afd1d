import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ligandsAfterBareDocument } from './chemistryStart';

/**
 * A scorer whose models run in a worker thread starts RDKit while the worker starts the models,
 * even for a document without ligands: the document with ligands that comes next finds it
 * running, though RDKit's WASM file is gone by then (chemistryStart.ts). Its counterpart for
 * models in process is chemistryStartInProcess.test.ts.
 */
test('with models in a worker, RDKit starts with the first document, before any ligand needs it', async () => {
  const { bare, ligated } = await ligandsAfterBareDocument('worker');
  assert.ok(bare.records[0].prediction, 'the bare document is scored');
  assert.deepEqual(ligated.diagnostics.filter((d) => d.code === 'BM306'), []);
  assert.ok(ligated.records[0].descriptors?.logP.PET !== undefined, 'PET is described by RDKit');
  assert.ok(ligated.records[0].prediction);
});
