// N-heterocyclic carbenes bind through C2 (audit D4), and the bound form of an X-type ligand is
// the molecule less the H on its binding atoms (audit D5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_LIGANDS, LIGAND_CLASSES, isLigandError, loadChemistry } from '../../engine/src/ligands';
import type { LigandDescription } from '../../engine/src/ligands';

async function describe(smiles: string, options?: { binds?: string[] }): Promise<LigandDescription> {
  const result = (await loadChemistry()).describeLigand(smiles, options);
  if (isLigandError(result)) assert.fail(`${smiles}: ${result.error}`);
  return result;
}

const IME_CARBENE = 'CN1C=CN(C)[C]1'; // 1,3-dimethylimidazol-2-ylidene, the free carbene
const IME_YLIDE = 'Cn1cc[n+](C)[c-]1'; // the same NHC in its ylidic resonance form

test('an N-heterocyclic carbene binds through its carbene C, not a ring N, and is no cyclopentadienyl', async () => {
  // Hopkinson et al., Nature 510, 485 (2014): NHCs bind through C2.
  for (const smiles of [IME_CARBENE, IME_YLIDE, 'CN1CCN(C)[C]1', 'CC(C)N1C=CN(C(C)C)[C]1', 'Cc1cc(C)c(c(C)c1)-n1cc[n+](-c2c(C)cc(C)cc2C)[c-]1']) {
    const d = await describe(smiles);
    assert.deepEqual([d.bindingAtoms, d.bindingSource, d.ligandClass], [['C'], 'inferred', 'other'], smiles);
  }
  // A pendant amine does not outrank the carbene.
  assert.deepEqual((await describe('CN(C)CCN1C=CN(C)[C]1')).bindingAtoms, ['C']);
  // 'other' is a ligand class the feature columns (and the environment term's "no public data") know.
  assert.ok(LIGAND_CLASSES.includes((await describe(IME_YLIDE)).ligandClass));
});

test('cyclopentadienyls, amines and pyridine-type N are still found, and a declared binds still wins over the carbene', async () => {
  for (const smiles of [BUILTIN_LIGANDS.Cp.smiles, BUILTIN_LIGANDS.Cpstar.smiles]) {
    const d = await describe(smiles);
    assert.deepEqual([d.bindingAtoms, d.ligandClass], [['C'], 'cyclopentadienyl'], smiles);
    assert.equal((await describe(smiles, { binds: ['C'] })).ligandClass, 'cyclopentadienyl', smiles);
  }
  for (const smiles of ['CCCCN', 'CN(C)C', 'c1ccncc1', 'c1cnc[nH]1', BUILTIN_LIGANDS.NH3.smiles]) {
    const d = await describe(smiles);
    assert.deepEqual([d.bindingAtoms, d.ligandClass], [['N'], 'amine'], smiles);
  }
  const declared = await describe(IME_CARBENE, { binds: ['N'] });
  assert.deepEqual([declared.bindingAtoms, declared.bindingSource], [['N'], 'declared']);
  assert.equal(declared.ligandClass, 'other', 'the N of an NHC is no amine');
});

test('the bound form is the molecule less the H of each X-type binding atom, read back by RDKit', async () => {
  const pet = await describe(BUILTIN_LIGANDS.PET.smiles, { binds: ['S'] });
  assert.deepEqual([pet.formula, pet.mass.toFixed(2)], ['C8H10S', '138.23'], 'the molecule as written is unchanged');
  assert.deepEqual([pet.bound.canonicalSmiles, pet.bound.formula, pet.bound.mass.toFixed(3), pet.bound.hydrogensRemoved], ['[S-]CCc1ccccc1', 'C8H9S-', '137.227', 1]);
  // Written as the thiolate, the same bound form (so a mass check of Au25(SR)18 agrees either way).
  const anion = await describe('[S-]CCc1ccccc1');
  assert.deepEqual([anion.bound.formula, anion.bound.mass, anion.bound.hydrogensRemoved], [pet.bound.formula, pet.bound.mass, 0]);

  // Expected values are RDKit's (Python: CalcMolFormula, MolWt) of the deprotonated SMILES.
  const cases: [string, string[] | undefined, string, string, number][] = [
    [BUILTIN_LIGANDS.Cys.smiles, ['S'], 'C3H6NO2S-', '120.153', 1], // only the thiol H; NH2 and COOH keep theirs
    [BUILTIN_LIGANDS.MBA.smiles, ['S'], 'C7H5O2S-', '153.182', 1],
    [BUILTIN_LIGANDS.MBA.smiles, ['O'], 'C7H5O2S-', '153.182', 1], // bound through the carboxylate O instead
    [BUILTIN_LIGANDS.OAc.smiles, undefined, 'C2H3O2-', '59.044', 1],
    [BUILTIN_LIGANDS.PhCC.smiles, undefined, 'C8H5-', '101.128', 1],
    [BUILTIN_LIGANDS.SePh.smiles, undefined, 'C6H5Se-', '156.066', 1],
    ['SCCS', undefined, 'C2H4S2-2', '92.188', 2], // a dithiol gives up both
  ];
  for (const [smiles, binds, formula, mass, removed] of cases) {
    const d = await describe(smiles, binds ? { binds } : undefined);
    assert.deepEqual([d.bound.formula, d.bound.mass.toFixed(3), d.bound.hydrogensRemoved], [formula, mass, removed], `${smiles} binds ${binds ?? 'inferred'}`);
  }
  const mba = await describe(BUILTIN_LIGANDS.MBA.smiles, { binds: ['S'] });
  assert.equal(mba.bound.canonicalSmiles, 'O=C(O)c1ccc([S-])cc1');
});

test('L-type donors, anions and atoms without an H bind as written', async () => {
  for (const [smiles, binds] of [
    [BUILTIN_LIGANDS.NH3.smiles, undefined],
    [BUILTIN_LIGANDS.OAm.smiles, undefined],
    [BUILTIN_LIGANDS.PPh3.smiles, undefined],
    [BUILTIN_LIGANDS.Cl.smiles, undefined],
    [BUILTIN_LIGANDS.Cpstar.smiles, undefined],
    [IME_CARBENE, undefined],
    ['CSC', ['S']], // a thioether has no H to give up
    ['CCO', ['O']], // an alcohol O is matched by no X-type pattern
  ] as [string, string[] | undefined][]) {
    const d = await describe(smiles, binds ? { binds } : undefined);
    assert.deepEqual(
      [d.bound.canonicalSmiles, d.bound.formula, d.bound.mass, d.bound.hydrogensRemoved],
      [d.canonicalSmiles, d.formula, d.mass, 0],
      smiles,
    );
  }
});
