import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScorer, type InferenceMode, type ScoredDocument } from '../../pipeline/src/index';
import { writeLinearModels } from './modelFixture';
import { AU12PD, AU4RU2 } from './sampleRecipes';

/**
 * Whether scoring a document without ligands starts RDKit, seen from outside: a scorer reads its
 * own copy of RDKit's WASM file, the bare document is scored, the file is deleted, then a document
 * with ligands is scored. Only a start reads the file, so the ligands are described if and only if
 * RDKit had started before. RDKit starts once per process: each caller is a test file of its own.
 */
export async function ligandsAfterBareDocument(inference?: InferenceMode): Promise<{ bare: ScoredDocument; ligated: ScoredDocument }> {
  const work = mkdtempSync(path.join(tmpdir(), 'bimetal-chemistry-start-'));
  const modelDir = path.join(work, 'models');
  writeLinearModels(modelDir);
  const wasm = path.join(work, 'RDKit_minimal.wasm');
  copyFileSync(path.join(__dirname, '..', '..', 'node_modules', '@rdkit', 'rdkit', 'dist', 'RDKit_minimal.wasm'), wasm);
  const scorer = createScorer({ modelDir, inference, rdkitWasmUrl: wasm });
  try {
    const bare = await scorer.scoreText(AU12PD, { file: 'bare.bimetal' });
    rmSync(wasm);
    const ligated = await scorer.scoreText(AU4RU2, { file: 'ligated.bimetal' });
    return { bare, ligated };
  } finally {
    await scorer.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}
