import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScorer } from '../../pipeline/src/index';
import { writeLinearModels } from './modelFixture';
import { AU12PD, AU4RU2 } from './sampleRecipes';

/**
 * With models in process (the command line), a document without ligands never starts RDKit: a
 * bare sweep must not pay its start-up. The proof is RDKit's WASM file, deleted after the bare
 * document: the document with ligands then cannot start it (BM306), where a toolkit started
 * earlier would describe its ligands. Counterpart of chemistryStartWithWorker.test.ts.
 */
test('with models in process, a document without ligands does not start RDKit', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bimetal-chemistry-start-'));
  const modelDir = path.join(work, 'models');
  writeLinearModels(modelDir);
  const wasm = path.join(work, 'RDKit_minimal.wasm');
  copyFileSync(path.join(__dirname, '..', '..', 'node_modules', '@rdkit', 'rdkit', 'dist', 'RDKit_minimal.wasm'), wasm);
  const scorer = createScorer({ modelDir, rdkitWasmUrl: wasm });
  try {
    const bare = await scorer.scoreText(AU12PD, { file: 'bare.bimetal' });
    assert.ok(bare.records[0].prediction, 'the bare document is scored');
    rmSync(wasm);
    const ligated = await scorer.scoreText(AU4RU2, { file: 'ligated.bimetal' });
    assert.equal(ligated.diagnostics.filter((d) => d.code === 'BM306').length, 1);
  } finally {
    await scorer.dispose();
    rmSync(work, { recursive: true, force: true });
  }
});
