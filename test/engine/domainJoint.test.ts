import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURE_NAMES, featureIndex } from '../../engine/src/features/schema';
import { ApplicabilityDomain, domainProblem, type CardDomain } from '../../engine/src/inference/domain';
import { atomicNumber } from '../../engine/src/periodicTable';

/**
 * Applicability domain v2 (models/FORMAT.md "Card additions"): the joint checks, each with the
 * reason a chemist reads in the hover, and silence where the card lacks the field (v1 cards).
 */
const F = FEATURE_NAMES.length;

const [AU, AG, PD, PT, AL, FE] = ['Au', 'Ag', 'Pd', 'Pt', 'Al', 'Fe'].map((symbol) => atomicNumber(symbol)!);

const v2: CardDomain = {
  elements: ['Au', 'Ag', 'Pd', 'Pt', 'Al'],
  pairs: ['Ag-Au', 'Au-Pd'],
  bareHosts: ['Au', 'Ag', 'Pt'],
  bimetallicElements: ['Au', 'Ag', 'Pd', 'Pt'],
  geometry: { icosahedron: { min: 13, max: 147 }, other: { min: 13, max: 5000 } },
  ratio: { min: 0.007, max: 0.25 },
};

/** A bare, unsupported bimetallic icosahedron unless overridden. */
function row(values: Record<string, number>): Float32Array {
  const r = new Float32Array(F);
  const defaults = { host_z: AU, dopant_z: PD, is_unary: 0, n_metal: 55, ratio: 1 / 55, support_none: 1, topology_icosahedron: 1 };
  for (const [name, v] of Object.entries({ ...defaults, ...values })) r[featureIndex(name)] = v;
  return r;
}

const reasons = (domain: CardDomain, values: Record<string, number>, ignoreSite = false) =>
  new ApplicabilityDomain(domain, FEATURE_NAMES, { ignoreSite }).reasons(row(values), 0);

test('a seen pair, bare host, template size and ratio is inside the v2 domain', () => {
  assert.deepEqual(reasons(v2, {}), []);
  // The pair is unordered: Pd-hosted Au is the same pair as Au-hosted Pd.
  assert.deepEqual(reasons(v2, { host_z: PD, dopant_z: AU }).filter((r) => r.includes('pair')), []);
});

test('an unseen pair of two elements each seen in bimetallic rows', () => {
  assert.deepEqual(reasons(v2, { host_z: AU, dopant_z: PT }), ['the pair Au-Pt was never seen in training']);
});

test('a bare recipe whose host was seen only under ligands', () => {
  assert.deepEqual(reasons(v2, { host_z: PD, dopant_z: AU }), ['host Pd was never seen as a bare core']);
  // Under ligands the bare-core check does not apply.
  assert.deepEqual(reasons(v2, { host_z: PD, dopant_z: AU, ligands_per_metal: 1, ligand_frac_thiolate: 1 }), []);
});

test('a bimetallic recipe with an element that occurs in no bimetallic row: one reason, not also the pair', () => {
  assert.deepEqual(reasons(v2, { host_z: AU, dopant_z: AL }), ['Al occurs in no bimetallic training row']);
  // A unary Al cluster is not asked about mixing; Al as a bare host is, and was not seen.
  assert.deepEqual(reasons(v2, { host_z: AL, dopant_z: AL, is_unary: 1, ratio: 0 }), ['host Al was never seen as a bare core']);
});

test('an element never seen at all is reported once, by the per-element check', () => {
  assert.deepEqual(reasons(v2, { host_z: AU, dopant_z: FE }), ['dopant element Fe never seen in training']);
});

test('template × size: a size seen for another template, and a template never seen', () => {
  assert.deepEqual(reasons(v2, { n_metal: 309, ratio: 3 / 309 }), ['an icosahedron of 309 atoms never seen (seen: 13–147 atoms)']);
  assert.deepEqual(reasons(v2, { n_metal: 309, ratio: 3 / 309, topology_icosahedron: 0, topology_other: 1 }), []);
  assert.deepEqual(reasons(v2, { n_metal: 38, ratio: 1 / 38, topology_icosahedron: 0, topology_octahedron: 1 }), ['an octahedron core never seen in training']);
  // A card whose rows all had templates names the untemplated core plainly, not as "a core without a template core".
  const templatesOnly: CardDomain = { ...v2, geometry: { icosahedron: v2.geometry!.icosahedron } };
  assert.deepEqual(reasons(templatesOnly, { n_metal: 147, ratio: 3 / 147, topology_icosahedron: 0, topology_other: 1 }), [
    'a core without a template (a structure file, topology none, or a size no template closes) never seen in training',
  ]);
});

test('dopant ratio far outside the bimetallic range; unary rows (ratio 0) are not checked against it', () => {
  assert.deepEqual(reasons(v2, { ratio: 0.5 }), ['dopant ratio 0.5 is outside the trained 0.007–0.25']);
  // Within a tenth of the range's width beyond its end (0.0243 here) a ratio is next to training data, as
  // for every other range (the 50:50 recipe beside CANELa's 73/147); beyond that it is not.
  assert.deepEqual(reasons(v2, { ratio: 0.27 }), []);
  assert.deepEqual(reasons(v2, { ratio: 0.28 }), ['dopant ratio 0.28 is outside the trained 0.007–0.25']);
  // One trained ratio (the site card's single dopants in 147 atoms) is no range: "outside the trained 0.006803" read as a typo.
  assert.deepEqual(reasons({ ...v2, ratio: { min: 1 / 147, max: 1 / 147 } }, { ratio: 0.5 }), ['dopant ratio 0.5, but every training row had 0.006803']);
  assert.deepEqual(reasons(v2, { host_z: AU, dopant_z: AU, is_unary: 1, ratio: 0 }), []);
  // A size never seen explains the ratio (one dopant in a smaller cluster): one reason, the size.
  assert.deepEqual(reasons({ ...v2, nMetal: { min: 13, max: 147 } }, { n_metal: 6, ratio: 1 / 6 }), ['N_metal = 6 is outside the trained sizes 13–147']);
});

test('ligandHosts (site card): a ligated recipe whose host was seen only bare', () => {
  const site: CardDomain = { ...v2, ligandHosts: ['Ag'] };
  assert.deepEqual(reasons(site, { ligands_per_metal: 1, ligand_frac_thiolate: 1 }, true), ['host Au was never seen with ligands or adsorbates']);
  assert.deepEqual(reasons(site, { host_z: AG, dopant_z: AU, ligands_per_metal: 1, ligand_frac_thiolate: 1 }, true), []);
});

test('a v1 card without the joint fields gives none of these reasons', () => {
  const v1: CardDomain = { elements: v2.elements };
  const cases: Array<Record<string, number>> = [{ host_z: AU, dopant_z: PT }, { host_z: PD, dopant_z: AU }, { n_metal: 309 }, { ratio: 0.5 }, { dopant_z: AL }];
  for (const values of cases) {
    assert.deepEqual(reasons(v1, values), [], JSON.stringify(values));
  }
});

test('v2 fields the runtime could not use make the card invalid, with what is wrong', () => {
  assert.equal(domainProblem(v2, FEATURE_NAMES), undefined);
  assert.match(domainProblem({ ...v2, pairs: ['Pd-Au'] }, FEATURE_NAMES)!, /"Pd-Au" must be two different element symbols in alphabetical order/);
  assert.match(domainProblem({ ...v2, pairs: ['AuPd'] }, FEATURE_NAMES)!, /"AuPd"/);
  assert.match(domainProblem({ ...v2, geometry: { icosahedra: { min: 13, max: 55 } } }, FEATURE_NAMES)!, /"icosahedra", which is no core template/);
  assert.match(domainProblem({ ...v2, geometry: { other: { min: 55, max: 13 } } }, FEATURE_NAMES)!, /geometry\.other must be/);
  assert.match(domainProblem({ ...v2, ratio: { min: 0, max: 2 } }, FEATURE_NAMES)!, /domain\.ratio/);
});

test('an environment the E_form anchor covers: its ligand and support descriptors are no reason on their own', () => {
  const bareModel: CardDomain = {
    ...v2,
    ligandClasses: ['thiolate'],
    supports: ['none', 'nc'],
    features: { ligands_per_metal: { min: 0, max: 0 }, logp_mean: { min: 0, max: 0 }, chi_env: { min: 0, max: 0 } },
  };
  const thiolate = { ligands_per_metal: 18 / 25, ligand_frac_thiolate: 1, logp_mean: 2.2, chi_env: -0.3, n_metal: 25, ratio: 1 / 25 };
  const check = (environmentByTerm: boolean, values: Record<string, number>) => new ApplicabilityDomain(bareModel, FEATURE_NAMES, { environmentByTerm }).reasons(row(values), 0);
  assert.deepEqual(check(true, thiolate), []);
  // Without the anchor the same shell is out of the learned model's range, and says so.
  assert.ok(check(false, thiolate).some((r) => /ligands per metal atom = 0\.72/.test(r)), check(false, thiolate).join('; '));
  // A class without an environment coefficient is still a reason, and its descriptors with it.
  assert.deepEqual(check(true, { ...thiolate, ligand_frac_thiolate: 0, ligand_frac_phosphine: 1 }), ['ligand class phosphine never seen in training (seen: thiolate)']);
  assert.deepEqual(check(true, { chi_env: -0.4, support_none: 0, support_nc: 1 }), []);
});

test('a v2 card\'s template × size ranges replace the one-hot template check', () => {
  const card: CardDomain = { ...v2, geometry: { ...v2.geometry, octahedron: { min: 6, max: 146 } }, features: { topology_octahedron: { min: 0, max: 0 }, topology_icosahedron: { min: 0, max: 1 } } };
  const octahedron = { n_metal: 44, ratio: 1 / 44, topology_icosahedron: 0, topology_octahedron: 1 };
  assert.deepEqual(reasons(card, octahedron), []);
  assert.deepEqual(reasons({ ...card, geometry: undefined }, octahedron), ['core template octahedron never seen in training (seen: icosahedron)']);
});

test('a size range reaching the N written for the bulk rows has no upper end: the size term converges to the bulk', () => {
  const toBulk: CardDomain = { ...v2, nMetal: { min: 3, max: 10000 }, geometry: { ...v2.geometry, other: { min: 13, max: 10000 } }, bulkSize: 10000 };
  const untemplated = (n: number) => ({ n_metal: n, ratio: 1 / n, topology_icosahedron: 0, topology_other: 1 });
  assert.deepEqual(reasons(toBulk, untemplated(100100)), []);
  assert.deepEqual(reasons({ ...toBulk, bulkSize: undefined }, untemplated(100100)), ['N_metal = 100100 is outside the trained sizes 3–10000']);
  // A range that stops short of the bulk keeps its end (the icosahedra, 13–147).
  assert.deepEqual(reasons(toBulk, { n_metal: 309, ratio: 3 / 309 }), ['an icosahedron of 309 atoms never seen (seen: 13–147 atoms)']);
  // Below the smallest size the reasons say the range as it is.
  assert.deepEqual(reasons(toBulk, untemplated(2)), ['N_metal = 2 is below the trained sizes, 3 atoms to the bulk']);
  assert.deepEqual(reasons({ ...toBulk, nMetal: undefined }, untemplated(7)), [
    'a 7-atom core without a template (a structure file, topology none, or a size no template closes) never seen (seen: 13 atoms to the bulk)',
  ]);
  assert.match(domainProblem({ ...toBulk, bulkSize: -1 }, FEATURE_NAMES) ?? '', /domain\.bulkSize must be a positive number/);
});

test('reasons found elsewhere (the E_form anchor) come last, and what they explain is not said again', () => {
  const card: CardDomain = { ...v2, ligandClasses: ['thiolate'], features: { ligands_per_metal: { min: 0, max: 0 }, logp_mean: { min: 0, max: 0 } } };
  const phosphine = { ligands_per_metal: 0.5, ligand_frac_phosphine: 1, logp_mean: 4.6, n_metal: 25, ratio: 1 / 25 };
  const prior = [{ text: 'no public data for the environment term of phosphine ligands', cause: 'ligands' as const }];
  const domain = new ApplicabilityDomain(card, FEATURE_NAMES, { environmentByTerm: true });
  assert.deepEqual(domain.reasons(row(phosphine), 0, prior), ['no public data for the environment term of phosphine ligands']);
  assert.deepEqual(domain.reasons(row({ n_metal: 7, ratio: 1 / 7, topology_icosahedron: 0, topology_other: 1 }), 0, [{ text: 'below the fitted sizes', cause: 'size' }]), ['below the fitted sizes']);
  assert.deepEqual(domain.reasons(row({ n_metal: 7, ratio: 1 / 7, topology_icosahedron: 0, topology_other: 1 }), 0), ['a 7-atom core without a template (a structure file, topology none, or a size no template closes) never seen (seen: 13–5000 atoms)']);
  // The card's overall size range is not repeated either.
  const sized = new ApplicabilityDomain({ ...card, nMetal: { min: 13, max: 5000 } }, FEATURE_NAMES, { environmentByTerm: true });
  assert.deepEqual(sized.reasons(row({ n_metal: 7, ratio: 1 / 7 }), 0, [{ text: 'below the fitted sizes', cause: 'size' }]), ['below the fitted sizes']);
  assert.deepEqual(sized.reasons(row({ n_metal: 7, ratio: 1 / 7 }), 0), ['N_metal = 7 is outside the trained sizes 13–5000']);
});

test('bimetallicSizes: a bimetallic cluster smaller than the bimetallic rows of its kind of core, though its unary size laws reach it', () => {
  const card: CardDomain = {
    ...v2,
    pairs: [...v2.pairs!, 'Au-Pt'],
    geometry: { icosahedron: { min: 13, max: 10000 }, other: { min: 13, max: 10000 } },
    bulkSize: 10000,
    ratio: { min: 0, max: 0.5 },
    bimetallicSizes: { bare: { min: 147, max: 10000 }, ligated: { min: 24, max: 279 }, supported: { min: 2, max: 2 } },
  };
  const bare = (n: number) => ({ host_z: AU, dopant_z: PT, n_metal: n, ratio: 1 / n });
  assert.deepEqual(reasons(card, bare(13)), ['a bimetallic bare cluster of a size never seen in bimetallic training rows of bare cores (147 atoms to the bulk)']);
  assert.deepEqual(reasons(card, bare(147)), []);
  // The bare range reaches the bulk rows, so it has no upper end.
  assert.deepEqual(reasons(card, bare(5000)), []);
  // A unary cluster of 13 atoms is the size laws' own ground.
  assert.deepEqual(reasons(card, { host_z: AU, dopant_z: AU, is_unary: 1, n_metal: 13, ratio: 0 }), []);
  // Ligand-protected cores are held to the ligated rows' sizes, which stop short of the bulk.
  const shell = { ligands_per_metal: 0.7, ligand_frac_thiolate: 1 };
  assert.deepEqual(reasons(card, { ...bare(25), ...shell }), []);
  assert.deepEqual(reasons(card, { ...bare(13), ...shell }), ['a bimetallic ligand-protected cluster of a size never seen in bimetallic training rows of ligand-protected cores (24–279 atoms)']);
  assert.deepEqual(reasons(card, { ...bare(561), ...shell }), ['a bimetallic ligand-protected cluster of a size never seen in bimetallic training rows of ligand-protected cores (24–279 atoms)']);
  assert.deepEqual(reasons(card, { ...bare(13), support_none: 0, support_nc: 1 }), ['a bimetallic supported cluster of a size never seen in bimetallic training rows of supported cores (2 atoms)']);
  // A size already given as a reason (the E_form anchor's, below its laws) is not said twice; a card without the field asks nothing.
  const prior = [{ text: 'below the fitted sizes', cause: 'size' as const }];
  assert.deepEqual(new ApplicabilityDomain(card, FEATURE_NAMES, {}).reasons(row(bare(7)), 0, prior), ['below the fitted sizes']);
  assert.deepEqual(reasons({ ...card, bimetallicSizes: undefined }, bare(13)), []);
  assert.match(domainProblem({ ...card, bimetallicSizes: { bare: { min: 147, max: 13 } } }, FEATURE_NAMES) ?? '', /domain\.bimetallicSizes\.bare must be/);
  assert.match(domainProblem({ ...card, bimetallicSizes: { naked: { min: 1, max: 2 } } as CardDomain['bimetallicSizes'] }, FEATURE_NAMES) ?? '', /"naked", which is no kind of core \(expected bare, ligated, supported\)/);
});
