import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LigandUse, RecipeSpec } from '../../engine/src/recipe';
import { requireElement } from '../../engine/src/elements';
import { BUILTIN_LIGANDS } from '../../engine/src/ligands/builtinLibrary';
import { placeCore } from '../../engine/src/geometry/placeCore';
import { parseXyz } from '../../engine/src/geometry/xyz';
import { isGeometryError, type CoreGeometry } from '../../engine/src/geometry/types';
import {
  computeDescriptors,
  DEFINITIONS,
  explainDescriptors,
  ligandKey,
  packDescriptors,
  packedValue,
  unpackDescriptors,
  toDescriptorRecord,
  type DescriptorContext,
  type LigandFacts,
} from '../../engine/src/descriptors';
import { EXPLAIN_ORDER } from '../../engine/src/descriptors/definitions';
import { DESCRIPTOR_KEYS } from '../../report/src/quantities';

const chi = (symbol: string) => requireElement(symbol).pauling as number;
const radius = (symbol: string) => requireElement(symbol).metallicRadius as number;

function recipe(parts: Partial<RecipeSpec> & Pick<RecipeSpec, 'host' | 'dopant'>): RecipeSpec {
  return { name: 'r', recipe: 'r', site: 'mixed', ligands: [], charge: 0, ...parts };
}

/** Facts of a built-in ligand, with a logP the test states (as a recipe `logP` override would). */
function builtinFacts(name: string, logP: number): [string, LigandFacts] {
  const ligand = BUILTIN_LIGANDS[name];
  return [name, { canonicalSmiles: ligand.smiles, logP: { value: logP, method: 'recipe override' }, bindingAtoms: ligand.binds }];
}

const ligands: DescriptorContext['ligands'] = new Map([builtinFacts('PET', 2.3), builtinFacts('PPh3', 4.6)]);
const close = (actual: number | null, expected: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

test('Δχ_M uses the paper’s Pauling values (χ_Au = 2.54, χ_Cu = 1.90)', () => {
  const set = computeDescriptors(recipe({ host: { element: 'Au', count: 12 }, dopant: { element: 'Cu', count: 1 } }), { ligands });
  assert.equal(set.deltaChi.inputs.χ_host, 2.54);
  assert.equal(set.deltaChi.inputs.χ_dopant, 1.9);
  close(set.deltaChi.value, 0.64, 'Δχ_M');
});

test('composition descriptors: N_metal, ratio, ΔM', () => {
  const set = computeDescriptors(recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 } }), { ligands });
  assert.equal(set.nMetal.value, 6);
  close(set.ratio.value, 2 / 6, 'ratio');
  close(set.deltaM.value, Math.abs(requireElement('Au').atomicWeight - requireElement('Ru').atomicWeight), 'ΔM');
});

test('Au/Ag: ΔR = 0 so D̃ = 1 and φ = χ_env', () => {
  const spec = recipe({
    host: { element: 'Au', count: 4 },
    dopant: { element: 'Ag', count: 2 },
    topology: { name: 'octahedron' },
    ligands: [{ name: 'PET', count: 8 }],
  });
  const set = computeDescriptors(spec, { ligands });
  assert.equal(set.deltaR.value, 0);
  assert.equal(set.reducedDistance.value, 1);
  assert.equal(set.phi.value, set.chiEnv.value);
  close(set.chiEnv.value, (4 * 2.54 + 2 * 1.93) / 6 - chi('S'), 'χ_env');
});

test('eq. 10 and 11 with a radius mismatch: D̃ = 1 − 100·ΔR/(D + 100·ΔR), φ = D̃ × χ_env', () => {
  const spec = recipe({ host: { element: 'Cu', count: 1 }, dopant: { element: 'Ir', count: 1 }, support: { kind: 'zeolite', name: 'MFI' }, distance: 4.9 });
  const set = computeDescriptors(spec, { ligands });
  const dR = Math.abs(radius('Cu') - radius('Ir'));
  close(set.reducedDistance.value, 1 - (100 * dR) / (4.9 + 100 * dR), 'D̃');
  close(set.phi.value, (set.reducedDistance.value as number) * (set.chiEnv.value as number), 'φ');
});

test('a stated distance of zero or less leaves D̃ and φ uncomputed, saying D is no distance (not that it is unknown)', () => {
  for (const distance of [0, -2.8]) {
    const set = computeDescriptors(recipe({ host: { element: 'Cu', count: 1 }, dopant: { element: 'Ir', count: 1 }, support: { kind: 'zeolite', name: 'MFI' }, distance }), { ligands });
    assert.equal(set.reducedDistance.value, null);
    assert.equal(set.reducedDistance.source, `not computed: D = ${distance} Å is not a distance (≤ 0)`);
    assert.equal(set.phi.value, null);
  }
});

test('Au/Ru H_mix = +15 kJ/mol (Takeuchi–Inoue table, not computed) flows into the record', () => {
  const set = computeDescriptors(recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 } }), { ligands });
  assert.equal(set.hMix.value, 15);
  assert.equal(set.hMix.computed, false);
  assert.match(set.hMix.source, /Takeuchi & Inoue/);
  assert.equal(toDescriptorRecord(set).hMix, 15);
  for (const [dopant, expected] of [['Ir', 13], ['Rh', 7]] as const) {
    assert.equal(computeDescriptors(recipe({ host: { element: 'Au', count: 12 }, dopant: { element: dopant, count: 1 } }), { ligands }).hMix.value, expected);
  }
});

test('χ_env of Au4Ru2(PET)8(PPh3)2 is the count-weighted metal χ minus the count-weighted binding-atom χ', () => {
  const spec = recipe({
    host: { element: 'Au', count: 4 },
    dopant: { element: 'Ru', count: 2 },
    topology: { name: 'octahedron' },
    site: 'surface',
    ligands: [{ name: 'PET', count: 8 }, { name: 'PPh3', count: 2 }],
  });
  const set = computeDescriptors(spec, { ligands });
  const metal = (4 * chi('Au') + 2 * chi('Ru')) / 6;
  const sub = (8 * chi('S') + 2 * chi('P')) / 10;
  close(set.chiEnv.value, metal - sub, 'χ_env');
  assert.equal(set.chiEnv.inputs['binds(PET)'], 'S');
  assert.equal(set.chiEnv.inputs['binds(PPh3)'], 'P');
  close(set.chiEnv.inputs['χ̄_sub'] as number, sub, 'χ̄_sub');
});

test('supports coordinate through O (zeolite, oxide, MOF) or N (N-doped carbon, nitride); bare cores have χ_env = 0', () => {
  const metal = (chi('Cu') + chi('Ir')) / 2;
  const base = { host: { element: 'Cu', count: 1 }, dopant: { element: 'Ir', count: 1 }, distance: 4.9 };
  for (const [kind, atom] of [['zeolite', 'O'], ['oxide', 'O'], ['mof', 'O'], ['nc', 'N'], ['nitride', 'N']] as const) {
    const set = computeDescriptors(recipe({ ...base, support: { kind } }), { ligands });
    close(set.chiEnv.value, metal - chi(atom), kind);
    assert.equal(set.chiEnv.inputs['coordinating atom'], atom);
  }
  for (const support of [undefined, { kind: 'none' as const }]) {
    const bare = computeDescriptors(recipe({ ...base, support }), { ligands });
    assert.equal(bare.chiEnv.value, 0);
    assert.equal(bare.phi.value, 0);
  }
  const ligandsOnSupport = computeDescriptors(recipe({ ...base, support: { kind: 'oxide' }, ligands: [{ name: 'PET', count: 2 }] }), { ligands });
  close(ligandsOnSupport.chiEnv.value, metal - chi('S'), 'ligands win over the support');
});

test('the φ verdict follows the threshold setting (default −0.3)', () => {
  const spec = recipe({ host: { element: 'Cu', count: 1 }, dopant: { element: 'Ir', count: 1 }, support: { kind: 'zeolite' }, distance: 2.5 });
  const set = computeDescriptors(spec, { ligands });
  const phi = set.phi.value as number;
  assert.equal(set.phi.threshold, -0.3);
  assert.equal(set.phi.accessible, phi >= -0.3);
  assert.equal(computeDescriptors(spec, { ligands, phiThreshold: phi - 0.01 }).phi.accessible, true);
  assert.equal(computeDescriptors(spec, { ligands, phiThreshold: phi + 0.01 }).phi.accessible, false);
});

test('D precedence: recipe distance > supplied geometry > template > radius estimate', () => {
  const base = { host: { element: 'Au', count: 12 }, dopant: { element: 'Cu', count: 1 }, topology: { name: 'icosahedron' as const }, site: 'core' as const };
  const template = placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Cu', nHost: 12, nDopant: 1, site: 'core' }) as CoreGeometry;
  const fromFile = parseXyz('2\n\nAu 0 0 0\nCu 2.7 0 0\n') as CoreGeometry;
  assert.equal(computeDescriptors(recipe({ ...base, distance: 3.1 }), { ligands, geometry: fromFile }).distance.value, 3.1);
  const withFile = computeDescriptors(recipe({ ...base, structure: 'core.xyz' }), { ligands, geometry: fromFile });
  assert.equal(withFile.distance.value, 2.7);
  assert.match(withFile.distance.source, /XYZ file/);
  assert.equal(computeDescriptors(recipe(base), { ligands }).distance.value, template.meanNearestNeighbourDistance);
  const notLoaded = computeDescriptors(recipe({ ...base, structure: 'core.xyz' }), { ligands });
  assert.equal(notLoaded.distance.value, null);
  assert.equal(notLoaded.phi.value, null);
  const estimate = computeDescriptors(recipe({ ...base, topology: { name: 'none' } }), { ligands }).distance;
  close(estimate.value, (2 * (12 * radius('Au') + radius('Cu'))) / 13, 'estimate');
  assert.match(estimate.source, /estimate/);
  const misfit = computeDescriptors(recipe({ ...base, dopant: { element: 'Cu', count: 2 } }), { ligands }).distance;
  assert.equal(misfit.value, null);
  assert.match(misfit.source, /no icosahedron closes a shell at 14 atoms/);
});

test('logP per ligand and the count-weighted mean; inline SMILES are recorded under their canonical SMILES, quoted', () => {
  const inline: LigandUse = { smiles: 'SC', count: 2 };
  const context = { ligands: new Map([...ligands, [ligandKey(inline), { canonicalSmiles: 'CS', logP: { value: 0.6, method: 'Crippen (RDKit)' }, bindingAtoms: ['S'] }]]) };
  const set = computeDescriptors(recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ag', count: 2 }, ligands: [{ name: 'PET', count: 8 }, inline] }), context);
  close(set.logP.mean.value, (8 * 2.3 + 2 * 0.6) / 10, 'mean logP');
  assert.deepEqual(toDescriptorRecord(set).logP, { PET: 2.3, '"CS"': 0.6 });
  assert.deepEqual(set.logP.ligands.map((l) => l.method), ['recipe override', 'Crippen (RDKit)']);
});

test('ligandKey is the name when there is one, else the SMILES in quotes, as an inline use is written', () => {
  assert.equal(ligandKey({ name: 'PET', smiles: 'SCCc1ccccc1' }), 'PET');
  assert.equal(ligandKey({ smiles: 'SCCc1ccccc1' }), '"SCCc1ccccc1"');
});

test('a ligand named CCN and the inline SMILES "CCN" keep their own chemistry in χ_env, φ and logP', () => {
  const triphenylphosphine: LigandFacts = { canonicalSmiles: 'c1ccc(P(c2ccccc2)c2ccccc2)cc1', logP: { value: 3.44, method: 'Crippen (RDKit)' }, bindingAtoms: ['P'] };
  const ethylamine: LigandFacts = { canonicalSmiles: 'CCN', logP: { value: -0.04, method: 'Crippen (RDKit)' }, bindingAtoms: ['N'] };
  const named: LigandUse = { name: 'CCN', smiles: 'P(c1ccccc1)(c1ccccc1)c1ccccc1', count: 6 };
  const inline: LigandUse = { smiles: 'CCN', count: 2 };
  const metals = { host: { element: 'Au', count: 4 }, dopant: { element: 'Pd', count: 2 } };
  const clash = computeDescriptors(
    recipe({ ...metals, ligands: [named, inline] }),
    { ligands: new Map([[ligandKey(named), triphenylphosphine], [ligandKey(inline), ethylamine]]) },
  );
  // The same chemistry under a name that cannot be confused with the SMILES.
  const phos: LigandUse = { ...named, name: 'Phos' };
  const reference = computeDescriptors(
    recipe({ ...metals, ligands: [phos, inline] }),
    { ligands: new Map([[ligandKey(phos), triphenylphosphine], [ligandKey(inline), ethylamine]]) },
  );
  close(clash.chiEnv.value, (4 * chi('Au') + 2 * chi('Pd')) / 6 - (6 * chi('P') + 2 * chi('N')) / 8, 'χ_env from P ×6 and N ×2');
  assert.equal(clash.chiEnv.value, reference.chiEnv.value);
  assert.equal(clash.phi.value, reference.phi.value);
  assert.equal(clash.logP.mean.value, reference.logP.mean.value);
  assert.deepEqual(toDescriptorRecord(clash).logP, { CCN: 3.44, '"CCN"': -0.04 });
});

test('a ligand the toolkit could not describe leaves χ_env, φ and logP null with the reason, never a throw', () => {
  const set = computeDescriptors(
    recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ag', count: 2 }, ligands: [{ smiles: 'C1CC', count: 4 }, { name: 'PET', count: 2 }] }),
    { ligands },
  );
  assert.equal(set.chiEnv.value, null);
  assert.match(set.chiEnv.source, /binding atoms of "C1CC" unknown/);
  assert.equal(set.phi.value, null);
  assert.equal(set.logP.mean.value, null);
  assert.equal(toDescriptorRecord(set).chiEnv, null);
  const withBinds = computeDescriptors(
    recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ag', count: 2 }, ligands: [{ smiles: 'C1CC', binds: ['S'], logP: 1.5, count: 4 }] }),
    { ligands },
  );
  // Its declared binds and logP do not stand in for the description: the ligand's error keeps the recipe out (BM307).
  assert.equal(withBinds.chiEnv.value, null);
  assert.equal(withBinds.phi.value, null);
  assert.equal(withBinds.logP.mean.value, null);
});

test('elements without data give null descriptors that name the gap', () => {
  const set = computeDescriptors(recipe({ host: { element: 'Au', count: 1 }, dopant: { element: 'Fr', count: 1 }, ligands: [{ name: 'PET', count: 1 }] }), { ligands });
  for (const d of [set.deltaChi, set.deltaR, set.hMix, set.chiEnv, set.distance, set.reducedDistance, set.phi]) assert.equal(d.value, null);
  assert.match(set.deltaChi.source, /no value for χ_dopant/);
  assert.match(set.chiEnv.source, /no Pauling χ for Fr/);
  assert.equal(set.nMetal.value, 2);
});

test('explainDescriptors shows every descriptor with its definition, inputs and value', () => {
  const spec = recipe({
    name: 'Au4Ru2_PET_PPh3',
    host: { element: 'Au', count: 4 },
    dopant: { element: 'Ru', count: 2 },
    topology: { name: 'octahedron' },
    ligands: [{ name: 'PET', count: 8 }, { name: 'PPh3', count: 2 }],
  });
  const set = computeDescriptors(spec, { ligands });
  const text = explainDescriptors(set);
  assert.match(text, /^Descriptors of Au4Ru2_PET_PPh3/);
  for (const d of [set.chiEnv, set.deltaChi, set.nMetal, set.ratio, set.deltaM, set.hMix, set.distance, set.deltaR, set.reducedDistance, set.phi]) {
    assert.ok(text.includes(d.definition), d.definition);
  }
  assert.match(text, /H_mix = 15 kJ\/mol/);
  assert.match(text, /χ\(Au\) = 2\.54/);
  assert.match(text, /φ = -?\d\.\d+ \(≥ -0\.3: potentially synthesizable\)/);
  assert.match(text, /PPh3 × 2: logP = 4\.6 \(recipe override\)/);
});

test('template geometry used for D is the placed core', () => {
  const geometry = placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Ag', nHost: 54, nDopant: 1, site: 'core' });
  assert.ok(!isGeometryError(geometry));
  const set = computeDescriptors(recipe({ host: { element: 'Au', count: 54 }, dopant: { element: 'Ag', count: 1 }, topology: { name: 'icosahedron' }, site: 'core' }), { ligands });
  close(set.distance.value, 2.88, 'D of a 55-atom Au/Ag icosahedron (equal radii)');
});

test('with the real chemistry toolkit: RDKit binding atoms and Crippen logP flow into χ_env and logP', async () => {
  const { loadChemistry, isLigandError } = await import('../../engine/src/ligands');
  const chemistry = await loadChemistry();
  const uses: LigandUse[] = [
    { name: 'PET', smiles: BUILTIN_LIGANDS.PET.smiles, count: 8 },
    { smiles: 'c1ccc(cc1)P(c1ccccc1)c1ccccc1', count: 2 },
  ];
  const described = new Map<string, LigandFacts>();
  for (const use of uses) {
    const d = chemistry.describeLigand(use.smiles as string);
    if (isLigandError(d)) assert.fail(d.error);
    described.set(ligandKey(use), d);
  }
  const set = computeDescriptors(recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 }, ligands: uses }), { ligands: described });
  close(set.chiEnv.value, (4 * chi('Au') + 2 * chi('Ru')) / 6 - (8 * chi('S') + 2 * chi('P')) / 10, 'χ_env from inferred binding atoms');
  const record = toDescriptorRecord(set);
  const pph3 = described.get(ligandKey(uses[1])) as LigandFacts;
  assert.equal(Number(record.logP[`"${pph3.canonicalSmiles}"`].toFixed(2)), 3.44, 'Crippen logP of PPh3 (RDKit MolLogP)');
  assert.equal(set.logP.ligands[1].method, 'Crippen (RDKit)');
});

test('a descriptor set survives JSON serialisation with its inputs and flags', () => {
  const spec = recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 }, topology: { name: 'octahedron' }, ligands: [{ name: 'PET', count: 8 }] });
  const json = JSON.parse(JSON.stringify(computeDescriptors(spec, { ligands })));
  assert.equal(json.chiEnv.inputs['χ(Au)'], 2.54);
  assert.equal(json.chiEnv.inputs['binds(PET)'], 'S');
  assert.equal(json.hMix.computed, false);
  assert.equal(json.phi.threshold, -0.3);
  assert.equal(typeof json.phi.accessible, 'boolean');
  assert.deepEqual(Object.keys(json.deltaR).sort(), ['definition', 'inputs', 'source', 'unit', 'value']);
  assert.deepEqual(Object.keys(json.phi), ['value', 'unit', 'source', 'definition', 'threshold', 'accessible', 'inputs']);
});

test('a descriptor keeps its value and source; its unit, definition and inputs come from its kind when read', () => {
  const spec = recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 }, topology: { name: 'octahedron' }, ligands: [{ name: 'PET', count: 8 }] });
  const set = computeDescriptors(spec, { ligands });
  for (const name of EXPLAIN_ORDER) {
    const d = set[name];
    // An editor keeps eleven descriptors for every member of its open documents: what they share is not copied into each.
    const own = Object.keys(d).filter((k) => !['value', 'source', 'computed', 'threshold', 'accessible'].includes(k));
    assert.ok(own.length <= 3, `${name} holds ${own.join(', ')}`);
    assert.equal(d.unit, DEFINITIONS[name].unit);
    assert.equal(d.definition, DEFINITIONS[name].definition);
    assert.ok(Object.keys(d.inputs).length > 0, `${name} has inputs`);
  }
  assert.deepEqual(set.nMetal.inputs, { n_host: 4, n_dopant: 2 });
});

test('a descriptors record holds every reported descriptor, then the φ verdict, threshold and logP, each set from the computed set', () => {
  const spec = recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 }, topology: { name: 'octahedron' }, ligands: [{ name: 'PET', count: 8 }] });
  const set = computeDescriptors(spec, { ligands });
  const record = toDescriptorRecord(set);
  // JSON writes the keys in this order (LANGUAGE.md §5); every record is a copy of one shape.
  assert.deepEqual(Object.keys(record), [...DESCRIPTOR_KEYS, 'phiVerdict', 'phiThreshold', 'logP']);
  for (const key of DESCRIPTOR_KEYS) assert.equal(record[key], set[key].value, key);
  assert.equal(record.phiVerdict, set.phi.accessible ? 'accessible' : 'inaccessible');
  assert.equal(record.phiThreshold, set.phi.threshold);
  assert.deepEqual(record.logP, { PET: 2.3 });
  assert.notEqual(toDescriptorRecord(set), record, 'each call makes a record of its own');
});

/** A record's descriptors as LANGUAGE.md §5 states them, read off the set field by field. */
function expectedRecord(set: ReturnType<typeof computeDescriptors>): Record<string, unknown> {
  const logP = Object.fromEntries(set.logP.ligands.filter((l) => l.value !== null).map((l) => [l.label, l.value]));
  const verdict = set.phi.accessible === null ? 'undefined' : set.phi.accessible ? 'accessible' : 'inaccessible';
  return { ...Object.fromEntries(DESCRIPTOR_KEYS.map((key) => [key, set[key].value])), phiVerdict: verdict, phiThreshold: set.phi.threshold, logP };
}

test('a packed set unpacks to the record of the set, null values, verdicts and logP included, and a new logP each time', () => {
  const sets = [
    // A ligand use without facts: χ_env, φ and the mean logP are null, the verdict undefined.
    computeDescriptors(recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 }, ligands: [{ name: 'PET', count: 8 }, { name: 'Unknown', count: 2 }] }), { ligands }),
    computeDescriptors(recipe({ host: { element: 'Au', count: 4 }, dopant: { element: 'Ru', count: 2 }, ligands: [{ name: 'PET', count: 8 }, { name: 'PPh3', count: 2 }] }), { ligands, phiThreshold: 0.5 }),
    computeDescriptors(recipe({ host: { element: 'Au', count: 12 }, dopant: { element: 'Pt', count: 1 }, topology: { name: 'icosahedron' } }), { ligands }),
  ];
  assert.ok(sets.some((set) => DESCRIPTOR_KEYS.some((key) => set[key].value === null)), 'a set with a null value');
  assert.deepEqual(sets.map((set) => toDescriptorRecord(set).phiVerdict), ['undefined', 'inaccessible', 'undefined']);
  for (const set of sets) {
    const packed = packDescriptors(set);
    const record = unpackDescriptors(packed, set.phi.threshold);
    assert.deepEqual(record, expectedRecord(set));
    assert.deepEqual(toDescriptorRecord(set), expectedRecord(set));
    for (const key of DESCRIPTOR_KEYS) assert.equal(packedValue(packed, key), set[key].value, key);
    record.logP.PET = 0;
    assert.deepEqual(unpackDescriptors(packed, set.phi.threshold), expectedRecord(set), 'a record changed in place leaves the packed set as it was');
  }
});
