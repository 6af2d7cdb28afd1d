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
  // The line as check prints it and editors show it, whatever ends the lines before it.
  for (const lineBreak of ['\r\n', '\r']) {
    const text = `# broken${lineBreak}${TEXT.replace(/\n/g, lineBreak)}`;
    const broken = (await createScorer({ modelDir: '/nonexistent-models' }).scoreText(text, { file: 'broken.bimetal' })).diagnostics.find((d) => d.code === 'BM307');
    assert.match(broken?.message ?? '', /declaration, line 2\)/, JSON.stringify(lineBreak));
  }
  const bad = doc.records.find((r) => r.recipe === 'Bad')!;
  assert.ok(bad.diagnostics.some((d) => d.code === 'BM307'), 'the record carries it too');
  assert.equal(doc.diagnostics.filter((d) => d.code === 'BM301').length, 2, 'the declaration and the inline SMILES keep their own errors');
});

test('a recipe using a ligand the toolkit could not describe has no χ_env, φ or logP, whatever the declaration states', async () => {
  // Each declaration states its binding atom (and one its logP), which used to stand in for the failed description.
  const text = `ligand WrongAtom = "SCCP(C)C" binds Cl
ligand Unclosed = "C1CC" binds S logP 1.5
recipe A {
  host    Au 12
  dopant  Pt 1
  ligands WrongAtom x 4
}
recipe B {
  host    Au 12
  dopant  Pt 1
  ligands Unclosed x 4
}
`;
  const doc = await createScorer({ modelDir: '/nonexistent-models' }).scoreText(text, { file: 'broken.bimetal' });
  assert.equal(doc.records.length, 2);
  for (const record of doc.records) {
    assert.ok(record.diagnostics.some((d) => d.code === 'BM307'), `${record.recipe} says it has no χ_env, φ or logP`);
    const descriptors = record.descriptors;
    assert.ok(descriptors, `${record.recipe} has its descriptors`);
    assert.equal(descriptors.chiEnv, null, record.recipe);
    assert.equal(descriptors.phi, null, record.recipe);
    assert.equal(descriptors.phiVerdict, 'undefined', record.recipe);
    assert.deepEqual(descriptors.logP, {}, record.recipe);
  }
});

test('a ligand without an inferable binding atom is told how to name one: binds on its declaration, or a declaration for an inline SMILES', async () => {
  const text = `ligand Bromide = "Br"
recipe Declared {
  host    Au 12
  dopant  Pt 1
  ligands Bromide x 4
}
recipe Inline {
  host    Au 12
  dopant  Pt 1
  ligands "CCCC" x 4
}
`;
  const doc = await createScorer({ modelDir: '/nonexistent-models' }).scoreText(text, { file: 'nobind.bimetal' });
  const messages = doc.diagnostics.filter((d) => d.code === 'BM304').map((d) => d.message);
  assert.deepEqual(messages, [
    'No binding atom could be inferred for Bromide; add `binds ATOM` to its declaration (χ_env needs the coordinating atoms)',
    'No binding atom could be inferred for CCCC; declare it (`ligand NAME = "CCCC" binds ATOM`) and use NAME here (χ_env needs the coordinating atoms)',
  ]);
});

const DECLARATIONS = `ligand Bad = "C1CC"
ligand Empty = ""
ligand Wb = "SCC" binds P
ligand Nb = "CCCC"
ligand Xq = "SCC" binds Xq
`;

test('every ligand declaration is checked, whether or not a recipe uses it', async () => {
  const doc = await createScorer({ modelDir: '/nonexistent-models' }).scoreText(DECLARATIONS, { file: 'unused.bimetal' });
  const found = doc.diagnostics.map((d) => [d.code, DECLARATIONS.slice(d.range.start, d.range.end)]);
  assert.deepEqual(found, [
    ['BM301', '"C1CC"'],
    ['BM302', '""'],
    ['BM303', 'P'],
    ['BM304', '"CCCC"'],
    ['BM305', 'Xq'],
  ]);
});

test("a declaration's problem is reported once, however many recipes and family members use it, and each record still carries it", async () => {
  const text = `${DECLARATIONS}recipe A {
  host    Au 4
  dopant  [Ag, Cu] 2
  topology octahedron
  ligands Bad x 2, Empty x 2, Wb x 2, Nb x 2, Xq x 2
}
recipe B {
  host    Au 4
  dopant  Ag 2
  topology octahedron
  ligands Bad x 2, Nb x 2
}
`;
  const doc = await createScorer({ modelDir: '/nonexistent-models' }).scoreText(text, { file: 'used.bimetal' });
  for (const code of ['BM301', 'BM302', 'BM303', 'BM304', 'BM305']) {
    assert.equal(doc.diagnostics.filter((d) => d.code === code).length, 1, code);
  }
  for (const record of doc.records) {
    assert.ok(record.diagnostics.some((d) => d.code === 'BM301' && d.line === 1), `${record.recipe} carries the error of the declaration it uses`);
  }
});
