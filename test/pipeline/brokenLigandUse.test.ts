import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScorer } from '../../pipeline/src/index';

const TEXT = `ligand BrokenPh = "c1ccccc1(S"

recipe Bad {
  host    Au 24
  dopant  Pd 1
  ligands BrokenPh x 18
}

recipe Sweep {
  host    Au 24
  dopant  [Pd, Pt] 1
  ligands BrokenPh x 18
}

recipe Inline {
  host    Au 24
  dopant  Pd 1
  ligands "CC(S" x 18
}
`;

test('a recipe using a ligand whose declaration is broken gets its own warning where it uses it', async () => {
  const doc = await createScorer({ modelDir: '/nonexistent-models' }).scoreText(TEXT, { file: 'broken.bimetal' });
  const uses = doc.diagnostics.filter((d) => d.code === 'BM307');
  // One for Bad, one for the family (shared by its members), none for the inline SMILES, whose error is already inside the recipe.
  assert.deepEqual(uses.map((d) => TEXT.slice(d.range.start, d.range.end)), ['BrokenPh x 18', 'BrokenPh x 18']);
  assert.deepEqual(uses.map((d) => d.range.start > TEXT.indexOf('recipe Sweep')), [false, true]);
  assert.match(uses[0].message, /declaration, line 1/);
  const bad = doc.records.find((r) => r.recipe === 'Bad')!;
  assert.ok(bad.diagnostics.some((d) => d.code === 'BM307'), 'the record carries it too');
  assert.equal(doc.diagnostics.filter((d) => d.code === 'BM301').length, 2, 'the declaration and the inline SMILES keep their own errors');
});
