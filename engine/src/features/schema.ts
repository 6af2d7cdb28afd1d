import { LIGAND_CLASSES, type LigandClass } from '../ligands/ligandClass';
import { SITE_NAMES, type SupportKind } from '../recipe';
import { TEMPLATE_TOPOLOGIES } from '../geometry/magicSizes';
import { CRYSTAL_STRUCTURES } from '../physics/crystalStructure';
import { SURFACE_ENERGY_DEFINITION } from '../physics/surfaceEnergy';

/**
 * The feature vector of one recipe: every column's name, definition and unit.
 *
 * Bump FEATURE_SCHEMA_VERSION whenever a column is added, removed, reordered or redefined: model
 * cards record the version they were trained with, and the runtime refuses a model whose feature
 * list differs from FEATURE_NAMES.
 *
 * Order:
 *  1. the first paper's 8-feature scheme, in the paper's order (Gu et al. 2025, Table 1), taken
 *     verbatim from the descriptors module so the editor's numbers and the model's inputs agree;
 *  2. the other descriptors of the first paper (D̃, φ, logP) and recipe-level quantities;
 *  2b. the physics of mixing and segregation (engine/src/physics): regular-solution and
 *     bond-centric mixing energies, the bond-centric site energy, signed host→dopant differences
 *     of surface energy, cohesive energy and size, the ligands' pull on each metal, and the host's
 *     bulk structure. Signed, because segregation has a direction that |Δ| loses;
 *  3. per-site element properties (host, then dopant) — the second paper's "per-site periodic-table
 *     properties" and electron counts; integer-coded ones (Z, group, period, block) are the
 *     categorical tokens of an FT-Transformer;
 *  4. composition-weighted means, absolute differences and same/different flags of the site
 *     properties (the second paper's pairwise "avg(.)", "|Δ.|" and binary flags);
 *  5. one-hot encodings of topology, site, support and ligand classes.
 *
 * Unary records (dopant count 0, used to pretrain on unary clusters): the dopant is taken to be
 * the host element, so every dopant property equals the host's, every difference is 0, ratio is 0,
 * H_mix is 0 (a pure metal has no mixing enthalpy) and `is_unary` is 1. A model therefore sees a
 * unary cluster as the limit of a bimetallic one whose dopant is the host itself.
 */
export const FEATURE_SCHEMA_VERSION = 'bimetal-features-4';

export interface FeatureDefinition {
  name: string;
  definition: string;
  /** Unit, or '–' for dimensionless quantities, counts and codes. */
  unit: string;
}

const paperScheme: FeatureDefinition[] = [
  { name: 'chi_env', definition: 'χ_env, environment electronegativity (first paper eq. 5, SCIENCE.md §1)', unit: '–' },
  { name: 'delta_chi', definition: 'Δχ_M = |χ_host − χ_dopant|, Pauling scale', unit: '–' },
  { name: 'n_metal', definition: 'N_metal = host count + dopant count', unit: 'atoms' },
  { name: 'ratio', definition: 'dopant count / N_metal', unit: '–' },
  { name: 'delta_m', definition: 'ΔM = |M_host − M_dopant|, standard atomic weights', unit: 'g/mol' },
  { name: 'h_mix', definition: 'H_mix, Miedema mixing enthalpy of the equiatomic liquid (Takeuchi & Inoue 2005, or computed)', unit: 'kJ/mol' },
  { name: 'distance', definition: 'D, mean metal–metal distance (recipe override, else core geometry)', unit: 'Å' },
  { name: 'delta_r', definition: 'ΔR = |R_host − R_dopant|, 12-fold metallic radii', unit: 'Å' },
];

const recipeLevel: FeatureDefinition[] = [
  { name: 'reduced_distance', definition: 'D̃ = 1 − c·ΔR/(D + c·ΔR), c = 100 (first paper eq. 10)', unit: '–' },
  { name: 'phi', definition: 'φ = D̃ × χ_env, accessibility index (first paper eq. 11)', unit: '–' },
  { name: 'logp_mean', definition: 'ligand logP (Crippen, or the recipe override), mean weighted by ligand count; 0 without ligands', unit: '–' },
  { name: 'ligands_per_metal', definition: 'total ligand count / N_metal', unit: '–' },
  { name: 'charge', definition: 'overall charge of the cluster', unit: 'e' },
  { name: 'n_host', definition: 'host atom count', unit: 'atoms' },
  { name: 'n_dopant', definition: 'dopant atom count (0 for a unary cluster)', unit: 'atoms' },
  { name: 'log_n_metal', definition: 'ln(N_metal)', unit: '–' },
  { name: 'is_unary', definition: '1 when the dopant count is 0, else 0', unit: '–' },
  { name: 'h_mix_computed', definition: '1 when H_mix was computed from Miedema parameters rather than read from the table, else 0', unit: '–' },
  { name: 'has_geometry', definition: '1 when a template topology or a structure file gives the core geometry, else 0 (then D is the radius estimate and the two geometry columns below are 0)', unit: '–' },
  { name: 'core_fraction', definition: 'fraction of metal atoms labelled core (not surface) in the core geometry; 0 without geometry', unit: '–' },
  { name: 'mean_coordination', definition: 'mean number of nearest metal neighbours per metal atom in the core geometry; 0 without geometry', unit: 'bonds/atom' },
];

/** kJ/mol → eV per atom. */
export const KJ_PER_MOL_IN_EV = 96.485332;

/**
 * The bare-surface physics columns that also get a `<column>_ligated` copy, θ times the column (θ:
 * `ligand_coverage`): the site model weighs a segregation rule's drive apart under adsorbates (the
 * ligated slabs of eseg-ads-ligand follow the bare rules at about a third of the bare slabs' strength),
 * and its graph is linear in the feature row, so the copy is a column.
 */
export const LIGAND_SHELL_SCREENED = [
  { column: 'bcm_site', unit: 'eV' },
  { column: 'surface_energy_diff', unit: 'J/m²' },
  { column: 'cohesive_energy_diff', unit: 'eV/atom' },
  { column: 'radius_mismatch', unit: '–' },
  { column: 'h_mix', unit: 'kJ/mol' },
] as const;

/**
 * The columns that are θ times their full shell's value, θ = `ligand_coverage`: the ligands' pull and
 * every `_ligated` copy. A view of such a column shows θ and its inputs beside it (scoreRecord.ts
 * SiteTermRecord.input.coverage).
 */
export const COVERAGE_SCALED_COLUMNS: ReadonlySet<string> = new Set(['ligand_affinity_diff', ...LIGAND_SHELL_SCREENED.map((c) => `${c.column}_ligated`)]);

const physics: FeatureDefinition[] = [
  { name: 'size_x', definition: 'N_metal^(−1/3), the surface-to-volume scale of size laws (0 in the bulk limit)', unit: '–' },
  { name: 'miedema_mixing', definition: 'regular-solution mixing energy 4·x·(1 − x)·H_mix, x = dopant ratio, H_mix in eV/atom', unit: 'eV/atom' },
  { name: 'bcm_available', definition: '1 when the bond-centric model has cohesive and dimer energies for the pair (or the cluster is unary), else 0', unit: '–' },
  { name: 'bcm_excess', definition: 'bond-centric excess energy per atom (Yan et al. 2018) of a random alloy of this composition on the core geometry (structure file, template, or the icosahedron nearest in size); 0 without BCM data', unit: 'eV/atom' },
  { name: 'bcm_ordering', definition: 'bond-centric energy per atom of the structure file\'s own arrangement of the two metals minus that of the random alloy on the same geometry (how favourable this ordering is); 0 without a structure file or BCM data', unit: 'eV/atom' },
  { name: 'bcm_site', definition: 'bond-centric site energy of one dopant, E(best core site) − E(best surface site) on the core geometry; 0 without a core site or BCM data', unit: 'eV' },
  { name: 'has_core_site', definition: '1 when the core geometry has a core site (an atom no empty cone leaves open; on templates, one with all 12 neighbours), else 0', unit: '–' },
  { name: 'surface_energy_diff', definition: `γ_dopant − γ_host, surface energies by the broken-bond estimate (${SURFACE_ENERGY_DEFINITION})`, unit: 'J/m²' },
  { name: 'cohesive_energy_diff', definition: 'E_coh,dopant − E_coh,host, experimental cohesive energies (positive: the dopant binds more strongly)', unit: 'eV/atom' },
  { name: 'radius_mismatch', definition: '(R_dopant − R_host) / R_host, 12-fold metallic radii', unit: '–' },
  { name: 'ligand_affinity_diff', definition: 'θ·(b(dopant) − b(host)), θ = ligand_coverage: the binding energies of the ligands\' binding atoms (eseg-ads-ligand, per adsorbate coordination; more negative binds more strongly), weighted over all of them by the surface sites each binds (as θ counts them), a binding atom nobody measured on both metals counting 0 (a phosphine beside thiolates binds sites but adds no known pull): negative where the dopant binds them more strongly than the host, which pulls it to the surface; a dopant feels the pull only where a ligand binds its site, so a shell pulls it θ times as hard as one over every surface site; 0 without ligands', unit: 'eV' },
  { name: 'ligand_affinity_known', definition: '1 when every ligand binding atom has a measured binding strength on both metals (or there are no ligands), else 0', unit: '–' },
  { name: 'ligands_per_surface_atom', definition: 'total ligand count / surface metal atoms of the core geometry', unit: '–' },
  ...LIGAND_SHELL_SCREENED.map((c) => ({
    name: `${c.column}_ligated`,
    definition: `θ·${c.column}, θ = ligand_coverage (0 without ligands): the bare-surface term the site model scales under adsorbates, where a ligand binds the dopant's surface site (an adsorbate bonded to it makes up part of the dopant's broken bonds there)`,
    unit: c.unit,
  })),
  {
    name: 'ligand_coverage',
    definition:
      'θ = min(1, n_bind / n_surface): the share of the core\'s surface sites a ligand binds (n_bind: each ligand\'s count times the surface metal atoms its binding atoms bind, two for a thiolate\'s bridging S (Häkkinen, Nat. Chem. 4, 443 (2012)) and one for any other; n_surface: the surface metal atoms of the core geometry, as for ligands_per_surface_atom), the chance that the dopant at the surface carries a ligand, and so the share of the full shell\'s pull and screening it feels; 1 where the recipe puts its ligand on the dopant\'s own site (the adsorbate slab rows of eseg-ads-ligand); 0 without ligands',
    unit: '–',
  },
  ...CRYSTAL_STRUCTURES.map((c) => ({ name: `host_structure_${c}`, definition: `1 when the host metal's bulk structure is ${c} (Kittel)`, unit: '–' })),
];

/** Element properties used per site; the key is the column suffix. */
export const SITE_PROPERTIES = [
  { key: 'z', definition: 'atomic number (categorical code)', unit: '–' },
  { key: 'group', definition: 'IUPAC group 1–18 (categorical code)', unit: '–' },
  { key: 'period', definition: 'period 1–7 (categorical code)', unit: '–' },
  { key: 'block', definition: 'block code: s = 0, p = 1, d = 2, f = 3 (categorical code)', unit: '–' },
  { key: 'valence_electrons', definition: 'valence electron count', unit: 'electrons' },
  { key: 'd_electrons', definition: 'd electron count of the ground-state configuration', unit: 'electrons' },
  { key: 'pauling', definition: 'Pauling electronegativity', unit: '–' },
  { key: 'metallic_radius', definition: 'metallic radius for 12-fold coordination', unit: 'Å' },
  { key: 'atomic_weight', definition: 'standard atomic weight', unit: 'g/mol' },
  { key: 'cohesive_energy', definition: 'cohesive energy of the elemental solid', unit: 'eV/atom' },
  { key: 'miedema_phi', definition: 'Miedema electronegativity parameter φ*', unit: 'V' },
  { key: 'miedema_nws13', definition: 'Miedema electron density at the Wigner–Seitz cell boundary, n_ws^1/3', unit: '(d.u.)^1/3' },
  { key: 'miedema_v23', definition: 'Miedema molar volume term V^2/3', unit: 'cm²' },
] as const;

export type SitePropertyKey = (typeof SITE_PROPERTIES)[number]['key'];

/** Properties that also get a composition-weighted mean and an absolute difference (the first paper already has Δχ, ΔM, ΔR). */
export const PAIRED_PROPERTIES: readonly SitePropertyKey[] = [
  'valence_electrons',
  'd_electrons',
  'cohesive_energy',
  'miedema_phi',
  'miedema_nws13',
  'miedema_v23',
];

/** Properties that get only a composition-weighted mean (their differences are in the paper's scheme). */
export const MEAN_ONLY_PROPERTIES: readonly SitePropertyKey[] = ['pauling', 'metallic_radius', 'atomic_weight'];

export const SAME_FLAG_PROPERTIES: readonly SitePropertyKey[] = ['group', 'period', 'block'];

export const TOPOLOGY_COLUMNS = [...TEMPLATE_TOPOLOGIES, 'other'] as const;
export const SITE_COLUMNS = SITE_NAMES;
/** Every support kind, in the column order the models were trained with ('none' first, unlike SUPPORT_KINDS). */
export const SUPPORT_COLUMNS: readonly SupportKind[] = ['none', 'zeolite', 'nc', 'oxide', 'nitride', 'mof'];
export const LIGAND_CLASS_COLUMNS: readonly LigandClass[] = LIGAND_CLASSES;

function siteColumns(site: 'host' | 'dopant'): FeatureDefinition[] {
  return SITE_PROPERTIES.map((p) => ({ name: `${site}_${p.key}`, definition: `${site}: ${p.definition}`, unit: p.unit }));
}

const unitOf = (key: SitePropertyKey): string => SITE_PROPERTIES.find((p) => p.key === key)!.unit;

const pairwise: FeatureDefinition[] = [
  ...[...MEAN_ONLY_PROPERTIES, ...PAIRED_PROPERTIES].map((key) => ({
    name: `mean_${key}`,
    definition: `(n_host·host_${key} + n_dopant·dopant_${key}) / N_metal`,
    unit: unitOf(key),
  })),
  ...PAIRED_PROPERTIES.map((key) => ({ name: `delta_${key}`, definition: `|host_${key} − dopant_${key}|`, unit: unitOf(key) })),
  ...SAME_FLAG_PROPERTIES.map((key) => ({ name: `same_${key}`, definition: `1 when host and dopant share the ${key}, else 0`, unit: '–' })),
];

const oneHots: FeatureDefinition[] = [
  ...TOPOLOGY_COLUMNS.map((t) => ({
    name: `topology_${t}`,
    definition: t === 'other' ? '1 when the core is not a built-in template: `topology none`, a structure file, or a size no template closes' : `1 when the core template is ${t}`,
    unit: '–',
  })),
  ...SITE_COLUMNS.map((s) => ({ name: `site_${s}`, definition: `1 when the dopant site is ${s}`, unit: '–' })),
  ...SUPPORT_COLUMNS.map((s) => ({ name: `support_${s}`, definition: s === 'none' ? '1 when there is no support' : `1 when the support kind is ${s}`, unit: '–' })),
  ...LIGAND_CLASS_COLUMNS.map((c) => ({ name: `ligand_frac_${c}`, definition: `fraction of ligands (by count) of class ${c}; all 0 without ligands`, unit: '–' })),
];

export const FEATURE_DEFINITIONS: readonly FeatureDefinition[] = Object.freeze([
  ...paperScheme,
  ...recipeLevel,
  ...physics,
  ...siteColumns('host'),
  ...siteColumns('dopant'),
  ...pairwise,
  ...oneHots,
]);

export const FEATURE_NAMES: readonly string[] = Object.freeze(FEATURE_DEFINITIONS.map((f) => f.name));

const INDEX = new Map(FEATURE_NAMES.map((n, i) => [n, i]));

/** Column index of a feature name; throws for a name not in the schema (a programming error). */
export function featureIndex(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`unknown feature "${name}"`);
  return i;
}
