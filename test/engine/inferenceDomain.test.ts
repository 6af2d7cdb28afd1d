import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURE_NAMES, featureIndex } from '../../engine/src/features/schema';
import { ApplicabilityDomain, domainProblem, type CardDomain } from '../../engine/src/inference/domain';

/**
 * The applicability-domain verdict, on a card shaped like the shipped bare-core E_form card:
 * reasons are categorical and few, name what was never seen, and never list one-hot columns.
 */
const F = FEATURE_NAMES.length;

const zero = { min: 0, max: 0 };
const one = { min: 1, max: 1 };
const flag = { min: 0, max: 1 };

/** Trained on bare, unsupported, neutral icosahedra or template-less cores, site "mixed". */
const bareCores: CardDomain = {
  elements: ['Au', 'Ag', 'Cu', 'Pt'],
  nMetal: { min: 13, max: 147 },
  ligandClasses: [],
  supports: ['none'],
  features: {
    n_metal: { min: 13, max: 147 },
    chi_env: zero,
    phi: zero,
    logp_mean: zero,
    ligands_per_metal: zero,
    charge: zero,
    h_mix: { min: -40, max: 10 },
    delta_m: { min: 0, max: 130 },
    ratio: { min: 0, max: 0.5 },
    distance: { min: 2.5, max: 3 },
    has_geometry: flag,
    h_mix_computed: zero,
    topology_icosahedron: flag,
    topology_cuboctahedron: zero,
    topology_decahedron: zero,
    topology_octahedron: zero,
    topology_tetrahedron: zero,
    topology_other: flag,
    site_core: zero,
    site_surface: zero,
    site_mixed: one,
    support_none: one,
    support_zeolite: zero,
    ligand_frac_thiolate: zero,
    ligand_frac_phosphine: zero,
  },
};

const AU = 79;
const CU = 29;

/** A bare Au–Cu icosahedron inside every range, changed by `values`. */
function row(values: Record<string, number> = {}): Float32Array {
  const base: Record<string, number> = {
    host_z: AU,
    dopant_z: CU,
    n_metal: 55,
    ratio: 0.1,
    h_mix: -9,
    delta_m: 100,
    distance: 2.8,
    has_geometry: 1,
    topology_icosahedron: 1,
    site_mixed: 1,
    support_none: 1,
  };
  const r = new Float32Array(F);
  for (const [name, v] of Object.entries({ ...base, ...values })) r[featureIndex(name)] = v;
  return r;
}

function reasons(values: Record<string, number>, domain = bareCores, ignoreSite = false): string[] {
  return new ApplicabilityDomain(domain, FEATURE_NAMES, { ignoreSite }).reasons(row(values), 0);
}

test('a recipe inside every trained trait has no reasons', () => {
  assert.deepEqual(reasons({}), []);
});

test('ligand-protected on a bare-core model: one clear reason, not χ_env, φ, logP and one-hot ranges', () => {
  const got = reasons({ ligand_frac_thiolate: 0.8, ligand_frac_phosphine: 0.2, chi_env: -0.3, phi: -0.05, logp_mean: 2.4, ligands_per_metal: 1.6 });
  assert.deepEqual(got, ['ligand-protected (thiolate, phosphine), but the model was trained on bare metal clusters only']);
});

test('unseen categories read as categories, with what was seen; indicator columns are never quoted as numbers', () => {
  const got = reasons({ topology_icosahedron: 0, topology_octahedron: 1, site_mixed: 0, site_core: 1 });
  assert.deepEqual(got, [
    'core template octahedron never seen in training (seen: icosahedron, no template)',
    'dopant site core never seen in training (seen: mixed)',
  ]);
  for (const reason of got) assert.doesNotMatch(reason, /topology_|site_|\[0, 0\]|\[1, 1\]/);
});

test('the site model ignores the stated dopant site (it predicts the site itself)', () => {
  assert.deepEqual(reasons({ site_mixed: 0, site_surface: 1 }, bareCores, true), []);
});

test('unseen elements, N_metal and support come first, and explain the descriptors they drag along', () => {
  const got = reasons({ dopant_z: 80, n_metal: 2, support_none: 0, support_zeolite: 1, chi_env: -1.8, phi: -0.14, h_mix: 40, ratio: 0.5 });
  assert.deepEqual(got, [
    'dopant element Hg never seen in training',
    'N_metal = 2 is outside the trained sizes 13–147',
    'supported on zeolite, but the model was trained on unsupported clusters only',
  ]);
});

test('continuous descriptors: only far outside the range, most severe first, with by how much, at most three', () => {
  // Width-relative excess: charge (constant range) ∞, h_mix 60/50, delta_m 40/130, distance 0.45/0.5.
  const got = reasons({ h_mix: 70, delta_m: 170, distance: 3.45, charge: -1, ratio: 0.52 });
  assert.deepEqual(got, [
    'charge = -1 e, but every training recipe had 0 e',
    'H_mix = 70 kJ/mol is 60 kJ/mol above the training maximum 10 kJ/mol',
    'D = 3.45 Å is 0.45 Å above the training maximum 3 Å',
    'and 1 more descriptor far outside the training range',
  ]);
  // ratio 0.52 is beyond 0.5 by 4 % of the range width: next to training data, not reported.
  assert.ok(!got.some((r) => r.includes('dopant ratio')));
});

test('flags: a missing core geometry, or a Miedema-estimated H_mix, when training never had one', () => {
  const noGeometry: CardDomain = { ...bareCores, features: { ...bareCores.features, has_geometry: one, topology_other: zero } };
  assert.deepEqual(reasons({ h_mix_computed: 1 }, noGeometry), ["H_mix estimated with Miedema's model (pair not tabulated); training used tabulated values only"]);
  // Without a template the topology reason already says it: no second reason about geometry.
  assert.deepEqual(reasons({ has_geometry: 0, topology_icosahedron: 0, topology_other: 1 }, noGeometry), [
    'a core without a built-in template never seen in training (seen: icosahedron)',
  ]);
});

test('a per-feature table shifted against the feature names is detected', () => {
  assert.equal(domainProblem(bareCores, FEATURE_NAMES), undefined);
  // The shape of the first shipped card: each range moved one column on (ratio got n_metal's).
  const shifted = { ...bareCores, features: { ...bareCores.features, ratio: { min: 13, max: 147 }, is_unary: { min: 1.0986, max: 9.21 } } };
  assert.match(domainProblem(shifted, FEATURE_NAMES) ?? '', /ratio = \[13, 147\] lies outside \[0, 1\].*shifted/);
  const disagreeing = { ...bareCores, features: { ...bareCores.features, n_metal: { min: 0, max: 0.5 } } };
  assert.match(domainProblem(disagreeing, FEATURE_NAMES) ?? '', /n_metal \[0, 0\.5\] disagrees with domain\.nMetal \[13, 147\]/);
  assert.match(domainProblem({ features: { nonsense: zero } }, FEATURE_NAMES) ?? '', /not a model feature/);
});
