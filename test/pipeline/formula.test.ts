import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecipeSpec } from '../../engine/src/recipe';
import { formulaOf } from '../../pipeline/src/formula';

function spec(partial: Partial<RecipeSpec>): RecipeSpec {
  return { name: 'r', recipe: 'r', host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 }, site: 'mixed', ligands: [], charge: 0, ...partial };
}

test('host, dopant, then ligands by decreasing count, as the first paper writes them', () => {
  const s = spec({ ligands: [{ name: 'PPh3', count: 2 }, { name: 'PET', count: 8 }] });
  assert.equal(formulaOf(s), 'Au4Ru2(PET)8(PPh3)2');
});

test('counts of one are left out and halides are written bare', () => {
  const s = spec({
    host: { element: 'Au', count: 9 },
    dopant: { element: 'Ag', count: 1 },
    ligands: [{ name: 'FPh3P', count: 7 }, { name: 'Br', count: 3 }],
  });
  assert.equal(formulaOf(s), 'Au9Ag(FPh3P)7Br3');
});

test('equal ligand counts keep their order in the recipe', () => {
  const s = spec({
    host: { element: 'Au', count: 5 },
    ligands: [{ name: 'Cpstar', count: 2 }, { name: 'PPh3', count: 3 }, { name: 'Cl', count: 2 }],
  });
  assert.equal(formulaOf(s), 'Au5Ru2(PPh3)3(Cpstar)2Cl2');
});

test('an inline SMILES ligand is written by its SMILES, a single ligand without a count', () => {
  const s = spec({ ligands: [{ smiles: 'SCC', count: 1 }] });
  assert.equal(formulaOf(s), 'Au4Ru2(SCC)');
});

test('a charged cluster is bracketed with its charge after it, as an ion is written; an uncharged one is not', () => {
  const dppm = { host: { element: 'Au', count: 12 }, dopant: { element: 'Ru', count: 1 }, ligands: [{ name: 'dppm', count: 6 }] };
  assert.equal(formulaOf(spec({ ...dppm, charge: 2 })), '[Au12Ru(dppm)6]2+');
  assert.equal(formulaOf(spec({ ...dppm, charge: -1 })), '[Au12Ru(dppm)6]-');
  assert.equal(formulaOf(spec({ ...dppm, charge: 1 })), '[Au12Ru(dppm)6]+');
  assert.equal(formulaOf(spec({ ...dppm, charge: -3 })), '[Au12Ru(dppm)6]3-');
  assert.equal(formulaOf(spec({ ...dppm, charge: 0 })), 'Au12Ru(dppm)6');
  // The support stays outside the ion's brackets.
  assert.equal(formulaOf(spec({ host: { element: 'Cu', count: 1 }, dopant: { element: 'Ir', count: 1 }, support: { kind: 'zeolite', name: 'MFI' }, charge: 1 })), '[CuIr]+@MFI');
});

test('supports are appended after @: the framework code, or NC for N-doped carbon', () => {
  const pair = { host: { element: 'Cu', count: 1 }, dopant: { element: 'Ir', count: 1 } };
  assert.equal(formulaOf(spec({ ...pair, support: { kind: 'zeolite', name: 'MFI' } })), 'CuIr@MFI');
  assert.equal(formulaOf(spec({ ...pair, support: { kind: 'nc' } })), 'CuIr@NC');
  assert.equal(formulaOf(spec({ ...pair, support: { kind: 'none' } })), 'CuIr');
});

test('a ligand listed twice is written once with its total count (BM232)', () => {
  const s = spec({ ligands: [{ name: 'PET', count: 1 }, { name: 'PPh3', count: 3 }, { name: 'PET', count: 3 }, { smiles: 'SCC', count: 1 }, { smiles: 'SCC', count: 1 }] });
  assert.equal(formulaOf(s), 'Au4Ru2(PET)4(PPh3)3(SCC)2');
  // A ligand named CO and the inline SMILES "CO" stay two terms.
  assert.equal(formulaOf(spec({ ligands: [{ name: 'CO', count: 2 }, { smiles: 'CO', count: 3 }] })), 'Au4Ru2(CO)3(CO)2');
});

test('a ligand named by an element symbol is bracketed unless it is that one atom: never read as a third metal', () => {
  const pair = { host: { element: 'Au', count: 12 }, dopant: { element: 'Ag', count: 1 } };
  // Declared ligands named Pt and B, made of other atoms: bare, Au12AgPt2 would read as a trimetallic.
  assert.equal(formulaOf(spec({ ...pair, ligands: [{ name: 'Pt', smiles: 'SCC', count: 2 }] })), 'Au12Ag(Pt)2');
  assert.equal(formulaOf(spec({ ...pair, ligands: [{ name: 'B', smiles: 'SCC', count: 2 }] })), 'Au12Ag(B)2');
  // Halides are the atom their name is the symbol of: built in, declared as the built-in anion or as the atom, or inline.
  assert.equal(formulaOf(spec({ ...pair, ligands: [{ name: 'Cl', smiles: '[Cl-]', count: 2 }] })), 'Au12AgCl2');
  assert.equal(formulaOf(spec({ ...pair, ligands: [{ name: 'Br', smiles: 'Br', count: 3 }, { name: 'I', count: 1 }] })), 'Au12AgBr3I');
  assert.equal(formulaOf(spec({ ...pair, ligands: [{ smiles: 'Cl', count: 2 }] })), 'Au12AgCl2');
  // A ligand named Cl that is no chloride is bracketed too.
  assert.equal(formulaOf(spec({ ...pair, ligands: [{ name: 'Cl', smiles: 'ClCCl', count: 2 }] })), 'Au12Ag(Cl)2');
});

test('one molecule is one term, named after its first use: by the molecules the ligand stage found, else by the SMILES as written', () => {
  const spellings = spec({ ligands: [{ smiles: 'CCS', count: 9 }, { name: 'PPh3', smiles: 'c1ccc(cc1)P(c1ccccc1)c1ccccc1', count: 2 }, { smiles: 'SCC', count: 9 }] });
  assert.equal(formulaOf(spellings, ['CCS', 'c1ccc(P(c2ccccc2)c2ccccc2)cc1', 'CCS']), 'Au4Ru2(CCS)18(PPh3)2');
  // Without the toolkit's molecules, one SMILES text is one molecule, under a name or inline.
  assert.equal(formulaOf(spec({ ligands: [{ name: 'PET', smiles: 'SCCc1ccccc1', count: 9 }, { smiles: 'SCCc1ccccc1', count: 9 }] })), 'Au4Ru2(PET)18');
});
