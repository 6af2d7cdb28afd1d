/**
 * One member's analysis computes its descriptors once: the featuriser is handed the descriptors
 * the pipeline already computed (and shows), and its features must be exactly those the
 * featuriser computes on its own (as `bimetal featurize` and training do).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDescriptors, ligandKey } from '../../engine/src/descriptors';
import { featureIndex, featurize } from '../../engine/src/features';
import { isLigandError, loadChemistry, type LigandDescription } from '../../engine/src/ligands';
import type { RecipeSpec } from '../../engine/src/recipe';
import { analyzeText } from '../../grammar/src/index';
import { analyzeMember } from '../../pipeline/src/memberAnalysis';
import { AU4RU2, CU_M_MFI } from './sampleRecipes';

const FAMILY = `
ligand Thiol = "SCCc1ccccc1" binds S
recipe Sweep {
  host     [Au, Ag] 12
  dopant   [Pt, Pd, Cu] 1
  topology icosahedron
  site     core
  ligands  Thiol x [12, 18]
}
`;

async function membersWithLigands(text: string): Promise<{ spec: RecipeSpec; ligands: Map<string, LigandDescription> }[]> {
  const toolkit = await loadChemistry();
  return analyzeText(text, { maxFamilySize: 1000 }).members.map((spec) => {
    const ligands = new Map<string, LigandDescription>();
    for (const use of spec.ligands) {
      const described = use.smiles === undefined ? undefined : toolkit.describeLigand(use.smiles, { binds: use.binds, logP: use.logP });
      if (described && !isLigandError(described)) ligands.set(ligandKey(use), described);
    }
    return { spec, ligands };
  });
}

test("a member's features equal the featuriser's own, computed without the pipeline's descriptors", async () => {
  const members = [...(await membersWithLigands(AU4RU2)), ...(await membersWithLigands(CU_M_MFI)), ...(await membersWithLigands(FAMILY))];
  assert.equal(members.length, 1 + 2 + 12, 'every member of the sample texts is checked');
  for (const { spec, ligands } of members) {
    const analysis = analyzeMember({ spec, ligands, phiThreshold: -0.3 });
    const alone = featurize(spec, { ligands, phiThreshold: -0.3 });
    if ('error' in alone) assert.fail(`${spec.name}: ${alone.error}`);
    assert.ok(analysis.features, `${spec.name}: ${analysis.featureError}`);
    assert.deepEqual(Buffer.from(analysis.features.buffer), Buffer.from(alone.values.buffer), spec.name);
  }
});

test('the featuriser reads descriptors it is given instead of computing them', async () => {
  const [{ spec, ligands }] = await membersWithLigands(AU4RU2);
  // Descriptors of a different pair: if they are read, its H_mix and Δχ reach the feature row.
  const other = { ...spec, dopant: { element: 'Pt', count: spec.dopant.count } };
  const given = computeDescriptors(other, { ligands });
  const result = featurize(spec, { ligands, descriptors: given });
  if ('error' in result) assert.fail(result.error);
  assert.equal(result.values[featureIndex('h_mix')], Math.fround(given.hMix.value as number));
  assert.equal(result.values[featureIndex('delta_chi')], Math.fround(given.deltaChi.value as number));
  const own = computeDescriptors(spec, { ligands });
  assert.notEqual(own.hMix.value, given.hMix.value, 'the two pairs must differ for this test to mean anything');
});

test('a unary recipe written with a dopant symbol is featurised from its own host-only descriptors', async () => {
  const [{ spec, ligands }] = await membersWithLigands(AU4RU2);
  const unary = { ...spec, dopant: { element: 'Ru', count: 0 }, topology: undefined };
  // Descriptors of the recipe as written (Au with Ru) would give Δχ ≠ 0; the host-only row has Δχ = 0.
  const asWritten = computeDescriptors(unary, { ligands });
  assert.notEqual(asWritten.deltaChi.value, 0);
  const result = featurize(unary, { ligands, descriptors: asWritten });
  if ('error' in result) assert.fail(result.error);
  assert.equal(result.values[featureIndex('delta_chi')], 0);
  assert.equal(result.values[featureIndex('h_mix')], 0);
});
