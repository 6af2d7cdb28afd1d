import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScorer } from '../../pipeline/src/index';
import { toolkitUnavailableDiagnostic } from '../../pipeline/src/ligandStage';

/**
 * RDKit that cannot start (its WASM file missing): BM306, once per document. RDKit starts once per
 * process, so this is a test file of its own (chemistryStart.ts).
 */
test('a document that only declares ligands gets BM306 on its first declaration when RDKit cannot start', async () => {
  const text = 'ligand Bad = "C1CC"\nligand Nb = "CCCC"\n';
  const scorer = createScorer({ modelDir: '/nonexistent-models', rdkitWasmUrl: '/nonexistent/RDKit_minimal.wasm' });
  const doc = await scorer.scoreText(text, { file: 'declared.bimetal' });
  assert.deepEqual(doc.diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)]), [['BM306', '"C1CC"']]);
  assert.doesNotMatch(doc.diagnostics[0].message, /\n/);
});

test("RDKit's reason is one line in BM306's message, however many lines it ran over", () => {
  const { message } = toolkitUnavailableDiagnostic('could not load\n  at RDKit_minimal.js:1\n', { start: 0, end: 1 });
  assert.equal(message, 'Ligand chemistry is unavailable: could not load at RDKit_minimal.js:1. χ_env, φ, logP and predictions need it.');
});
