import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURE_DEFINITIONS, FEATURE_NAMES, featureIndex, featurize, featurizeInto, RecipeLigands, type FeatureLigand } from '../../engine/src/features';
import { computeDescriptors } from '../../engine/src/descriptors';
import { getElement } from '../../engine/src/elements';
import type { RecipeSpec } from '../../engine/src/recipe';

// Ligand facts as the RDKit-backed ligands module would give them; plain data, so no RDKit here.
const PET: FeatureLigand = { canonicalSmiles: 'SCCc1ccccc1', logP: { value: 2.3, method: 'test value' }, bindingAtoms: ['S'], ligandClass: 'thiolate' };
const PPH3: FeatureLigand = { canonicalSmiles: 'c1ccc(P(c2ccccc2)c2ccccc2)cc1', logP: { value: 4.6, method: 'test value' }, bindingAtoms: ['P'], ligandClass: 'phosphine' };
const ligands = new Map([
  ['PET', PET],
  ['PPh3', PPH3],
]);

function recipe(overrides: Partial<RecipeSpec> = {}): RecipeSpec {
  return {
    name: 'Au12Ag1',
    recipe: 'Au12Ag1',
    host: { element: 'Au', count: 12 },
    dopant: { element: 'Ag', count: 1 },
    topology: { name: 'icosahedron' },
    site: 'core',
    ligands: [
      { name: 'PET', count: 6 },
      { name: 'PPh3', count: 2 },
    ],
    charge: 0,
    ...overrides,
  };
}

function ok(spec: RecipeSpec): Float32Array {
  const result = featurize(spec, { ligands });
  if ('error' in result) assert.fail(`featurize failed: ${result.error}`);
  assert.equal(result.names, FEATURE_NAMES);
  return result.values;
}

const at = (values: Float32Array, name: string) => values[featureIndex(name)];

test('schema: unique names, each documented with a definition and a unit', () => {
  assert.equal(new Set(FEATURE_NAMES).size, FEATURE_NAMES.length);
  for (const f of FEATURE_DEFINITIONS) {
    assert.ok(f.definition.length > 5, f.name);
    assert.ok(f.unit.length > 0, f.name);
  }
  assert.deepEqual(FEATURE_NAMES.slice(0, 8), ['chi_env', 'delta_chi', 'n_metal', 'ratio', 'delta_m', 'h_mix', 'distance', 'delta_r']);
});

test('one value per name, all finite', () => {
  const values = ok(recipe());
  assert.equal(values.length, FEATURE_NAMES.length);
  values.forEach((v, i) => assert.ok(Number.isFinite(v), `${FEATURE_NAMES[i]} = ${v}`));
});

test('Au/Ag: the first paper scheme, D̃, φ and logP are exactly the descriptors module values', () => {
  const spec = recipe();
  const values = ok(spec);
  const d = computeDescriptors(spec, { ligands });
  const expected: Array<[string, number | null]> = [
    ['chi_env', d.chiEnv.value],
    ['delta_chi', d.deltaChi.value],
    ['n_metal', d.nMetal.value],
    ['ratio', d.ratio.value],
    ['delta_m', d.deltaM.value],
    ['h_mix', d.hMix.value],
    ['distance', d.distance.value],
    ['delta_r', d.deltaR.value],
    ['reduced_distance', d.reducedDistance.value],
    ['phi', d.phi.value],
    ['logp_mean', d.logP.mean.value],
  ];
  for (const [name, value] of expected) {
    assert.notEqual(value, null, name);
    assert.equal(at(values, name), Math.fround(value as number), name);
  }
  // Facts the paper states for this pair: equal 12-fold radii (ΔR = 0), χ_Au = 2.54, χ_Ag = 1.93.
  assert.equal(at(values, 'delta_r'), 0);
  assert.equal(at(values, 'delta_chi'), Math.fround(Math.abs(2.54 - 1.93)));
  assert.equal(at(values, 'n_metal'), 13);
  assert.equal(at(values, 'ratio'), Math.fround(1 / 13));
  assert.equal(at(values, 'logp_mean'), Math.fround((6 * 2.3 + 2 * 4.6) / 8));
  assert.equal(at(values, 'ligands_per_metal'), Math.fround(8 / 13));
});

test('site properties come from the element table; pairwise columns follow from them', () => {
  const values = ok(recipe());
  const au = getElement('Au')!;
  const ag = getElement('Ag')!;
  assert.equal(at(values, 'host_z'), 79);
  assert.equal(at(values, 'dopant_z'), 47);
  assert.equal(at(values, 'host_cohesive_energy'), Math.fround(au.cohesiveEnergy!));
  assert.equal(at(values, 'dopant_miedema_phi'), Math.fround(ag.miedema!.phiStar));
  assert.equal(at(values, 'mean_pauling'), Math.fround((12 * au.pauling! + ag.pauling!) / 13));
  assert.equal(at(values, 'delta_cohesive_energy'), Math.fround(Math.abs(au.cohesiveEnergy! - ag.cohesiveEnergy!)));
  assert.equal(at(values, 'same_group'), 1);
  assert.equal(at(values, 'same_period'), 0);
  assert.equal(at(values, 'is_unary'), 0);
});

test('one-hot groups have exactly one 1; ligand class fractions follow the counts', () => {
  const values = ok(recipe({ support: { kind: 'oxide' }, site: 'surface' }));
  for (const prefix of ['topology_', 'site_', 'support_']) {
    const ones = FEATURE_NAMES.filter((n) => n.startsWith(prefix)).map((n) => at(values, n));
    assert.deepEqual(ones.filter((v) => v === 1).length, 1, prefix);
    assert.equal(ones.reduce((a, b) => a + b, 0), 1, prefix);
  }
  assert.equal(at(values, 'topology_icosahedron'), 1);
  assert.equal(at(values, 'site_surface'), 1);
  assert.equal(at(values, 'support_oxide'), 1);
  assert.equal(at(values, 'ligand_frac_thiolate'), 0.75);
  assert.equal(at(values, 'ligand_frac_phosphine'), 0.25);
  assert.equal(at(values, 'has_geometry'), 1);
  assert.equal(at(values, 'core_fraction'), Math.fround(1 / 13));
  assert.ok(at(values, 'mean_coordination') > 3);
});

test('featurizeInto: writes the same row at any offset of a reused matrix, and leaves it untouched on error', () => {
  const F = FEATURE_NAMES.length;
  const specs = [recipe(), recipe({ dopant: { element: 'Cu', count: 1 }, site: 'surface' }), recipe({ topology: { name: 'none' }, host: { element: 'Ag', count: 4 } })];
  const matrix = new Float32Array(F * (specs.length + 1)).fill(7);
  specs.forEach((spec, r) => assert.equal(featurizeInto(spec, { ligands }, matrix, (r + 1) * F), undefined));
  assert.deepEqual(matrix.subarray(0, F), new Float32Array(F).fill(7), 'the row before is not touched');
  specs.forEach((spec, r) => assert.deepEqual(matrix.subarray((r + 1) * F, (r + 2) * F), ok(spec), `row ${r}`));

  const failed = featurizeInto(recipe({ dopant: { element: 'Xx', count: 1 } }), { ligands }, matrix, F);
  assert.match(failed?.error ?? '', /Xx/);
  assert.deepEqual(matrix.subarray(F, 2 * F), ok(specs[0]));
});

test('a topology name outside the templates is featurised as topology_other', () => {
  const values = ok(recipe({ topology: { name: 'cube' as never }, host: { element: 'Au', count: 7 } }));
  assert.equal(at(values, 'topology_other'), 1);
  assert.equal(at(values, 'has_geometry'), 0);
});

test('unary record (dopant count 0): dopant = host, differences 0, ratio 0, H_mix 0, is_unary 1', () => {
  for (const dopant of ['Ag', 'Au', '']) {
    const values = ok(recipe({ dopant: { element: dopant, count: 0 }, host: { element: 'Au', count: 13 }, ligands: [] }));
    assert.equal(at(values, 'is_unary'), 1);
    assert.equal(at(values, 'ratio'), 0);
    assert.equal(at(values, 'h_mix'), 0);
    for (const n of ['delta_chi', 'delta_m', 'delta_r', 'delta_valence_electrons', 'delta_miedema_phi']) assert.equal(at(values, n), 0, n);
    for (const p of ['z', 'pauling', 'metallic_radius', 'cohesive_energy']) assert.equal(at(values, `dopant_${p}`), at(values, `host_${p}`), p);
    assert.equal(at(values, 'n_dopant'), 0);
    assert.equal(at(values, 'chi_env'), 0);
    assert.equal(at(values, 'logp_mean'), 0);
    assert.equal(FEATURE_NAMES.filter((n) => n.startsWith('ligand_frac_')).every((n) => at(values, n) === 0), true);
  }
});

test('a ligand shell copies the bare-surface columns into their `_ligated` columns, θ times each; without ligands those are 0', () => {
  const copies = FEATURE_NAMES.filter((n) => n.endsWith('_ligated'));
  assert.deepEqual(copies, ['bcm_site_ligated', 'surface_energy_diff_ligated', 'cohesive_energy_diff_ligated', 'radius_mismatch_ligated', 'h_mix_ligated']);
  for (const name of copies) {
    const definition = FEATURE_DEFINITIONS.find((f) => f.name === name)!;
    assert.equal(definition.unit, FEATURE_DEFINITIONS.find((f) => f.name === name.replace(/_ligated$/, ''))!.unit, name);
  }
  // Pt in Au: every copied column is non-zero (Pt more cohesive, smaller, H_mix +4 kJ/mol), so a copy of 0 is no accident.
  // The 147-atom icosahedron has 92 surface atoms: a thiolate's S bridges two, so 46 thiolates cover them all, 23 half.
  const core: Partial<RecipeSpec> = { host: { element: 'Au', count: 146 }, dopant: { element: 'Pt', count: 1 }, topology: { name: 'icosahedron', shells: 3 } };
  const shell = ok(recipe({ ...core, ligands: [{ name: 'PET', count: 46 }] }));
  const half = ok(recipe({ ...core, ligands: [{ name: 'PET', count: 23 }] }));
  const phosphine = ok(recipe({ ...core, ligands: [{ name: 'PPh3', count: 92 }] }));
  const bare = ok(recipe({ ...core, ligands: [] }));
  assert.equal(at(half, 'ligand_coverage'), 0.5);
  for (const name of copies) {
    const column = name.replace(/_ligated$/, '');
    assert.notEqual(at(bare, column), 0, column);
    assert.equal(at(bare, name), 0, `${name} without ligands`);
    assert.equal(at(shell, name), at(shell, column), `${name} under a full shell of thiolates`);
    assert.equal(at(half, name), Math.fround(0.5 * at(half, column)), `${name} under thiolates on half the surface`);
    // A shell whose pull nobody measured still screens: the copy is about the shell, not its binding strengths.
    assert.equal(at(phosphine, name), at(phosphine, column), `${name} under phosphines`);
    assert.equal(at(shell, column), at(bare, column), `${column} does not depend on the ligands`);
  }
});

test('ligand_coverage θ is the share of the surface sites the ligands bind, capped at 1, and scales the ligands\' pull; a ligand put on the dopant\'s site gives θ = 1', () => {
  // Pt binds thiolate S 0.49 eV more strongly than Au (eseg-ads-ligand): a full shell pulls it by −0.4889 eV.
  const core: Partial<RecipeSpec> = { host: { element: 'Au', count: 146 }, dopant: { element: 'Pt', count: 1 }, topology: { name: 'icosahedron', shells: 3 } };
  const withPet = (count: number, extra: Partial<RecipeSpec> = {}) => ok(recipe({ ...core, ligands: [{ name: 'PET', count }], ...extra }));
  // A thiolate's S bridges two surface atoms (bindingSites.ts): 46 of them bind all 92 sites.
  const full = withPet(46);
  assert.equal(at(full, 'ligand_coverage'), 1);
  assert.equal(at(withPet(45), 'ligand_coverage'), Math.fround(90 / 92));
  assert.equal(at(full, 'ligand_affinity_diff'), Math.fround(-0.4889));
  assert.equal(at(withPet(200), 'ligand_coverage'), 1, 'more ligands than surface sites are a full shell');
  const one = withPet(1);
  assert.equal(at(one, 'ligand_coverage'), Math.fround(2 / 92));
  assert.equal(at(one, 'ligand_affinity_diff'), Math.fround((-0.4889 * 2) / 92));
  // The slab rows' one adsorbate sits on the dopant: the whole pull, as the full shell's.
  const onDopant = withPet(1, { ligandOnDopant: true });
  assert.equal(at(onDopant, 'ligand_coverage'), 1);
  assert.equal(at(onDopant, 'ligand_affinity_diff'), at(full, 'ligand_affinity_diff'));
  // A phosphine beside thiolates binds a site (atop) but adds no pull it is known to have: 23 SCH3 (46 sites) and
  // 46 PPh3 bind all 92 sites and pull Pt as 23 SCH3 alone do, not as a full shell of thiolates (−0.4889 eV).
  const mixed = ok(recipe({ ...core, ligands: [{ name: 'PET', count: 23 }, { name: 'PPh3', count: 46 }] }));
  assert.equal(at(mixed, 'ligand_coverage'), 1);
  assert.equal(at(mixed, 'ligand_affinity_diff'), at(withPet(23), 'ligand_affinity_diff'));
  assert.equal(at(mixed, 'ligand_affinity_diff'), Math.fround(-0.4889 / 2));
  // Each binding atom takes its sites: a ligand declared to bind through S (two) and N (one) covers three.
  const bidentate = new Map([...ligands, ['SN', { ...PET, canonicalSmiles: 'NCCS', bindingAtoms: ['S', 'N'] }]]);
  const two = featurize(recipe({ ...core, ligands: [{ name: 'SN', count: 23 }] }), { ligands: bidentate });
  if ('error' in two) assert.fail(two.error);
  assert.equal(at(two.values, 'ligand_coverage'), 0.75);
  // The surface sites are the core's own: the 13-atom icosahedron has 12, so 3 thiolates cover half of it.
  assert.equal(at(ok(recipe({ ligands: [{ name: 'PET', count: 3 }] })), 'ligand_coverage'), 0.5);
  assert.equal(at(ok(recipe({ ...core, ligands: [] })), 'ligand_coverage'), 0);
});

test('no template and no structure: geometry columns are 0 and flagged, D is the descriptors estimate', () => {
  const spec = recipe({ topology: { name: 'none' } });
  const values = ok(spec);
  assert.equal(at(values, 'has_geometry'), 0);
  assert.equal(at(values, 'core_fraction'), 0);
  assert.equal(at(values, 'topology_other'), 1);
  assert.equal(at(values, 'distance'), Math.fround(computeDescriptors(spec, { ligands }).distance.value!));
});

test('errors, not crashes: unknown elements, undescribed ligands, malformed records, unreadable structures', () => {
  const error = (spec: unknown, context = { ligands }) => {
    const r = featurize(spec as RecipeSpec, context);
    assert.ok('error' in r, `expected an error for ${JSON.stringify(spec)}`);
    return r.error;
  };
  assert.match(error(recipe({ host: { element: 'Xx', count: 12 } })), /host: no element data for "Xx"/);
  assert.match(error(recipe({ dopant: { element: 'Pm', count: 1 } })), /dopant: Pm has no cohesive_energy data/);
  // Named by its symbol and why: its definition is a paragraph of formula, and BM406 quotes this.
  assert.match(error(recipe(), { ligands: new Map() }), /^a descriptor could not be computed: χ_env \(not computed: [^()]*\)$/);
  assert.match(error(recipe({ host: { element: 'Au', count: 0 } })), /host must be/);
  assert.match(error(recipe({ dopant: { element: 'Ag', count: -1 } })), /dopant must be/);
  assert.match(error({ name: 'x' }), /host must be/);
  assert.match(error(null), /must be an object/);
  assert.match(error(recipe({ structure: 'core.xyz' })), /cannot read structure file/);
  assert.match(error(recipe({ host: { element: 'Au', count: 19 } })), /no icosahedron template holds 20 atoms/);
  // A descriptor a float32 row would hold as ∞ made the models' outputs NaN; the largest float32 is still a row.
  assert.match(error(recipe({ distance: 1e40 })), /a descriptor is beyond the model's 32-bit inputs \(at most 3\.4·10\^38 in size\): D = 1e\+40 Å$/);
  assert.ok(!('error' in featurize(recipe({ distance: 3.4e38 }), { ligands })));
  const declaredLogP = new Map([...ligands, ['PET', { ...PET, logP: { value: 1e300, method: 'declared' } }]]);
  assert.match(error(recipe(), { ligands: declaredLogP }), /a descriptor is beyond the model's 32-bit inputs .*: mean logP = 7\.5e\+299$/);
  const viaReader = featurize(recipe({ structure: 'missing.xyz' }), { ligands, structure: () => ({ error: 'file not found' }) });
  assert.deepEqual(viaReader, { error: 'file not found' });
});

test('RecipeLigands: one description per distinct ligand; same name with different SMILES kept apart', () => {
  const seen: string[] = [];
  const resolver = new RecipeLigands((use) => {
    seen.push(use.smiles ?? use.name ?? '');
    return use.smiles === 'bad' ? { error: 'unparsable SMILES' } : { ...PET, canonicalSmiles: use.smiles ?? 'x' };
  });
  const a = resolver.forRecipe({ ligands: [{ name: 'L', smiles: 'CS', count: 2 }] });
  const b = resolver.forRecipe({ ligands: [{ name: 'L', smiles: 'CS', count: 5 }] });
  const c = resolver.forRecipe({ ligands: [{ name: 'L', smiles: 'CCS', count: 1 }] });
  assert.deepEqual(seen, ['CS', 'CCS']);
  assert.ok(!('error' in a) && !('error' in b) && !('error' in c));
  assert.equal((c as ReadonlyMap<string, FeatureLigand>).get('L')?.canonicalSmiles, 'CCS');
  assert.deepEqual(resolver.forRecipe({ ligands: [{ name: 'M', smiles: 'bad', count: 1 }] }), { error: 'ligand M: unparsable SMILES' });
});
