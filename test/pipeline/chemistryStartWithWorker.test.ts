import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScorer } from '../../pipeline/src/index';
import { writeLinearModels } from './modelFixture';
import { AU12PD, AU4RU2 } from './sampleRecipes';

/**
 * A scorer whose models run in a worker thread starts RDKit while the worker starts the models,
 * even for a document without ligands: the document with ligands that comes next finds it
 * running. The proof is RDKit's WASM file, which only a start can read: it is deleted after the
 * bare document, so a toolkit started later would fail (BM306). RDKit starts once per process,
 * so this file holds this one test (chemistryStartInProcess.test.ts holds its counterpart).
 */
test('with models in a worker, RDKit starts with the first document, before any ligand needs it', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bimetal-chemistry-start-'));
  const modelDir = path.join(work, 'models');
  writeLinearModels(modelDir);
  const wasm = path.join(work, 'RDKit_minimal.wasm');
  copyFileSync(path.join(__dirname, '..', '..', 'node_modules', '@rdkit', 'rdkit', 'dist', 'RDKit_minimal.wasm'), wasm);
  const scorer = createScorer({ modelDir, inference: 'worker', rdkitWasmUrl: wasm });
  try {
    const bare = await scorer.scoreText(AU12PD, { file: 'bare.bimetal' });
    assert.ok(bare.records[0].prediction, 'the bare document is scored');
    rmSync(wasm);
    const ligated = await scorer.scoreText(AU4RU2, { file: 'ligated.bimetal' });
    assert.deepEqual(ligated.diagnostics.filter((d) => d.code === 'BM306'), []);
    assert.ok(ligated.records[0].descriptors?.logP.PET !== undefined, 'PET is described by RDKit');
    assert.ok(ligated.records[0].prediction);
  } finally {
    await scorer.dispose();
    rmSync(work, { recursive: true, force: true });
  }
});
