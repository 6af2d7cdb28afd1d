/**
 * Computes the feature vector of one recipe (columns and their meaning: schema.ts). The hot path
 * writes into a preallocated row, because family sweeps featurise hundreds of thousands of recipes.
 */
import { BoundedCache } from '../boundedCache';
import type { RecipeSpec } from '../recipe';
import { getElement, type ElementData } from '../elements';
import { computeDescriptors } from '../descriptors';
import { DEFINITIONS } from '../descriptors/definitions';
import type { Descriptor, DescriptorSet, LigandFacts } from '../descriptors/types';
import { ligandKey } from '../descriptors/ligandKey';
import type { CoreGeometry, GeometryError } from '../geometry/types';
import { filePlacesDopant, structureArrangement, structureSizeMismatch, type StructureArrangement } from '../geometry/structureFit';
import { coreTemplate } from '../geometry/templates';
import { isShellCount, isTemplateTopology, shellsForSize, sizeForShells, type TemplateTopology } from '../geometry/magicSizes';
import { builtinLigand } from '../ligands/builtinLibrary';
import { bondCentricConfigurationExcess, bondCentricMeanFieldExcess, bondCentricSiteEnergy, bondCentricSites, hasBondCentricData, type BondCentricSites } from '../physics/bondCentric';
import { CRYSTAL_STRUCTURES, crystalStructure } from '../physics/crystalStructure';
import { metalAtomsBound } from '../physics/bindingSites';
import { ligandAffinityDifference, type BindingAtomUse } from '../physics/ligandAffinity';
import { surfaceEnergy } from '../physics/surfaceEnergy';
import type { LigandClass } from '../ligands/ligandClass';
import {
  FEATURE_NAMES,
  featureIndex,
  KJ_PER_MOL_IN_EV,
  LIGAND_CLASS_COLUMNS,
  LIGAND_SHELL_SCREENED,
  MEAN_ONLY_PROPERTIES,
  PAIRED_PROPERTIES,
  SAME_FLAG_PROPERTIES,
  SITE_COLUMNS,
  SITE_PROPERTIES,
  SUPPORT_COLUMNS,
  TOPOLOGY_COLUMNS,
  type SitePropertyKey,
} from './schema';

/** A ligand as the featuriser needs it: the descriptors' facts, plus its class when known. */
export type FeatureLigand = LigandFacts & { ligandClass?: LigandClass };

export interface FeaturizeContext {
  /** Ligand descriptions keyed by `ligandKey(use)` (RDKit results, cached by the caller). */
  ligands: ReadonlyMap<string, FeatureLigand>;
  /** Only affects the φ verdict, not the features; passed through to the descriptors. */
  phiThreshold?: number;
  /**
   * Reads the core geometry of a recipe's `structure` file (Node: `readXyzStructure`; a browser
   * host parses text it fetched). Without it, a recipe with a structure file cannot be featurised.
   */
  structure?: (path: string) => CoreGeometry | GeometryError;
  /**
   * The recipe's descriptors, when the caller has already computed them (the pipeline shows them
   * too) from this same recipe, ligand map and structure geometry: the featuriser then reads them
   * instead of computing them again. Not used for a unary recipe with a distinct dopant symbol,
   * which is featurised as host-only (see normaliseUnary) and so needs its own descriptors.
   */
  descriptors?: DescriptorSet;
  /**
   * How the structure file's arrangement reads for this same recipe (structureArrangement), when the
   * caller has already worked it out (the pipeline's structure stage, for its notes): not read again.
   */
  arrangement?: StructureArrangement;
}

export type FeaturizeResult = { names: readonly string[]; values: Float32Array } | { error: string };

const BLOCK_CODE = { s: 0, p: 1, d: 2, f: 3 } as const;

function siteProperty(e: ElementData, key: SitePropertyKey): number | null {
  switch (key) {
    case 'z':
      return e.z;
    case 'group':
      return e.group;
    case 'period':
      return e.period;
    case 'block':
      return BLOCK_CODE[e.block];
    case 'valence_electrons':
      return e.valenceElectrons;
    case 'd_electrons':
      return e.dElectrons;
    case 'pauling':
      return e.pauling;
    case 'metallic_radius':
      return e.metallicRadius;
    case 'atomic_weight':
      return e.atomicWeight;
    case 'cohesive_energy':
      return e.cohesiveEnergy;
    case 'miedema_phi':
      return e.miedema?.phiStar ?? null;
    case 'miedema_nws13':
      return e.miedema?.nws13 ?? null;
    case 'miedema_v23':
      return e.miedema?.v23 ?? null;
  }
}

/** Site properties of an element as a dense array in SITE_PROPERTIES order, cached per symbol. */
const siteVectors = new Map<string, Float64Array | string>();

function siteVector(symbol: string): Float64Array | string {
  let v = siteVectors.get(symbol);
  if (v === undefined) {
    const e = getElement(symbol);
    if (!e) {
      v = `no element data for "${symbol}"`;
    } else {
      const values = SITE_PROPERTIES.map((p) => siteProperty(e, p.key));
      const missing = SITE_PROPERTIES.filter((_, i) => values[i] === null).map((p) => p.key);
      v = missing.length > 0 ? `${symbol} has no ${missing.join(', ')} data` : Float64Array.from(values as number[]);
    }
    siteVectors.set(symbol, v);
  }
  return v;
}

const propertyIndex = (key: SitePropertyKey): number => SITE_PROPERTIES.findIndex((p) => p.key === key);

function columnPropertyPairs(prefix: string, keys: readonly SitePropertyKey[]): Int32Array {
  return Int32Array.from(keys.flatMap((k) => [featureIndex(`${prefix}_${k}`), propertyIndex(k)]));
}

// Column indices resolved once; the hot path only writes numbers.
const COL = {
  paper: ['chi_env', 'delta_chi', 'n_metal', 'ratio', 'delta_m', 'h_mix', 'distance', 'delta_r'].map(featureIndex),
  reducedDistance: featureIndex('reduced_distance'),
  phi: featureIndex('phi'),
  logpMean: featureIndex('logp_mean'),
  ligandsPerMetal: featureIndex('ligands_per_metal'),
  charge: featureIndex('charge'),
  nHost: featureIndex('n_host'),
  nDopant: featureIndex('n_dopant'),
  logNMetal: featureIndex('log_n_metal'),
  isUnary: featureIndex('is_unary'),
  hMixComputed: featureIndex('h_mix_computed'),
  hasGeometry: featureIndex('has_geometry'),
  coreFraction: featureIndex('core_fraction'),
  meanCoordination: featureIndex('mean_coordination'),
  sizeX: featureIndex('size_x'),
  miedemaMixing: featureIndex('miedema_mixing'),
  bcmAvailable: featureIndex('bcm_available'),
  bcmExcess: featureIndex('bcm_excess'),
  bcmOrdering: featureIndex('bcm_ordering'),
  bcmSite: featureIndex('bcm_site'),
  hasCoreSite: featureIndex('has_core_site'),
  surfaceEnergyDiff: featureIndex('surface_energy_diff'),
  cohesiveEnergyDiff: featureIndex('cohesive_energy_diff'),
  radiusMismatch: featureIndex('radius_mismatch'),
  ligandAffinityDiff: featureIndex('ligand_affinity_diff'),
  ligandAffinityKnown: featureIndex('ligand_affinity_known'),
  ligandsPerSurfaceAtom: featureIndex('ligands_per_surface_atom'),
  ligandCoverage: featureIndex('ligand_coverage'),
  // (column, its `_ligated` copy) pairs, flattened: [column₀, copy₀, column₁, copy₁, …].
  ligated: Int32Array.from(LIGAND_SHELL_SCREENED.flatMap((c) => [featureIndex(c.column), featureIndex(`${c.column}_ligated`)])),
  hostStructure: featureIndex('host_structure_fcc'),
  host: featureIndex(`host_${SITE_PROPERTIES[0].key}`),
  dopant: featureIndex(`dopant_${SITE_PROPERTIES[0].key}`),
  // (column, site property) pairs, flattened: [column₀, property₀, column₁, property₁, …].
  mean: columnPropertyPairs('mean', [...MEAN_ONLY_PROPERTIES, ...PAIRED_PROPERTIES]),
  delta: columnPropertyPairs('delta', PAIRED_PROPERTIES),
  same: columnPropertyPairs('same', SAME_FLAG_PROPERTIES),
  topology: new Map<string, number>(TOPOLOGY_COLUMNS.map((t) => [t, featureIndex(`topology_${t}`)])),
  site: new Map<string, number>(SITE_COLUMNS.map((s) => [s, featureIndex(`site_${s}`)])),
  support: new Map<string, number>(SUPPORT_COLUMNS.map((s) => [s, featureIndex(`support_${s}`)])),
  ligandClass: new Map<string, number>(LIGAND_CLASS_COLUMNS.map((c) => [c, featureIndex(`ligand_frac_${c}`)])),
};

/**
 * A unary record (dopant count 0) is featurised with the host as its dopant (see schema.ts), so
 * the descriptors compute Δχ = ΔM = ΔR = 0 and H_mix(host, host) = 0 for it.
 */
function normaliseUnary(spec: RecipeSpec): RecipeSpec {
  if (spec.dopant?.count !== 0 || spec.dopant.element === spec.host?.element) return spec;
  return { ...spec, dopant: { element: spec.host.element, count: 0 } };
}

function checkShape(spec: RecipeSpec): string | undefined {
  if (!spec || typeof spec !== 'object') return 'a recipe must be an object';
  if (!spec.host || typeof spec.host.element !== 'string' || !Number.isInteger(spec.host.count) || spec.host.count < 1) {
    return 'host must be { element, count } with a count ≥ 1';
  }
  if (!spec.dopant || typeof spec.dopant.count !== 'number' || !Number.isInteger(spec.dopant.count) || spec.dopant.count < 0) {
    return 'dopant must be { element, count } with an integer count ≥ 0 (0 for a unary cluster)';
  }
  if (spec.dopant.count > 0 && typeof spec.dopant.element !== 'string') return 'dopant element missing';
  if (!Array.isArray(spec.ligands)) return 'ligands must be an array (empty for a bare cluster)';
  if (!SITE_COLUMNS.includes(spec.site)) return `site must be one of ${SITE_COLUMNS.join(', ')}`;
  if (spec.support && !SUPPORT_COLUMNS.includes(spec.support.kind)) return `support kind must be one of ${SUPPORT_COLUMNS.join(', ')}`;
  return undefined;
}

interface GeometryStats {
  coreFraction: number;
  meanCoordination: number;
  /** Coordination facts of the bond-centric model (physics/bondCentric.ts). */
  sites: BondCentricSites;
}

function statsOf(labels: readonly ('core' | 'surface')[], bonds: ReadonlyArray<readonly [number, number]>): GeometryStats {
  let core = 0;
  for (const label of labels) if (label === 'core') core++;
  return { coreFraction: core / labels.length, meanCoordination: (2 * bonds.length) / labels.length, sites: bondCentricSites(labels, bonds) };
}

/**
 * Per template and size: its site labels and bond graph do not depend on which elements sit where.
 * Keyed by N_metal within each topology (a number key: this lookup runs once per recipe). A shell
 * count given by the recipe must produce exactly N_metal atoms, so it needs no part in the key.
 */
const templateStats = new Map<TemplateTopology, Map<number, GeometryStats | GeometryError>>();

function templateGeometryStats(topology: TemplateTopology, shellsGiven: number | undefined, nMetal: number): GeometryStats | GeometryError {
  if (
    shellsGiven !== undefined &&
    !(isShellCount(topology, shellsGiven) && sizeForShells(topology, shellsGiven) === nMetal)
  ) {
    return { error: `no ${topology} template holds ${nMetal} atoms with ${shellsGiven} shells` };
  }
  let bySize = templateStats.get(topology);
  if (!bySize) templateStats.set(topology, (bySize = new Map()));
  let stats = bySize.get(nMetal);
  if (!stats) {
    const shells = shellsForSize(topology, nMetal);
    if (shells === undefined) {
      stats = { error: `no ${topology} template holds ${nMetal} atoms` };
    } else {
      const template = coreTemplate(topology, shells);
      stats = statsOf(template.labels, template.bonds);
    }
    bySize.set(nMetal, stats);
  }
  return stats;
}

/** Geometry columns from the recipe's structure file, else its template; undefined without either. */
function geometryStats(spec: RecipeSpec, context: FeaturizeContext): { stats: GeometryStats; geometry?: CoreGeometry } | GeometryError | undefined {
  if (spec.structure) {
    if (!context.structure) return { error: `cannot read structure file "${spec.structure}" here` };
    const geometry = context.structure(spec.structure);
    if ('error' in geometry) return geometry;
    const mismatch = structureSizeMismatch(geometry, spec);
    return mismatch ? { error: mismatch } : { stats: statsOf(geometry.labels, geometry.bonds), geometry };
  }
  const topology = spec.topology?.name;
  if (!topology || !isTemplateTopology(topology)) return undefined;
  const stats = templateGeometryStats(topology, spec.topology?.shells, spec.host.count + spec.dopant.count);
  return 'error' in stats ? stats : { stats };
}

/**
 * Largest icosahedron used to stand in for a composition-only recipe's core (923 atoms): beyond it
 * the mean √CN is extrapolated linearly in N^(−1/3) to its bulk value √12 (no surface).
 */
const STAND_IN_MAX_SHELLS = 6;

/** N^(−1/3) of the stand-in icosahedra, largest x (smallest cluster) first, then the bulk limit x = 0. */
const STAND_IN_X = [...Array.from({ length: STAND_IN_MAX_SHELLS }, (_, i) => sizeForShells('icosahedron', i + 1) ** (-1 / 3)), 0];

/** What a size is read from: (mean √CN, surface fraction) at an icosahedron or at the bulk limit. */
interface StandInPoint {
  s: number;
  f: number;
}

/** A stand-in icosahedron: its point, and the sites a size nearest to it takes. */
interface StandInShell extends StandInPoint {
  sites: BondCentricSites;
}

const BULK_POINT: StandInPoint = { s: Math.sqrt(12), f: 0 };
const standInShells: StandInShell[] = [];

/**
 * Stand-in icosahedron `i` (0-based, i + 1 shells), built on first use: a size needs at most the
 * two around it, and building all six at once (about 80 ms, most of it the larger ones) held up
 * the language server's first composition-only recipe in one piece.
 */
function standInShell(i: number): StandInShell {
  let shell = standInShells[i];
  if (!shell) {
    const shells = i + 1;
    const stats = templateGeometryStats('icosahedron', shells, sizeForShells('icosahedron', shells)) as GeometryStats;
    shell = standInShells[i] = { s: stats.sites.meanSqrtCn, f: 1 - stats.coreFraction, sites: stats.sites };
  }
  return shell;
}

/** Point `i` of STAND_IN_X: an icosahedron, or the bulk limit after the last one. */
function standInPoint(i: number): StandInPoint {
  return i === STAND_IN_MAX_SHELLS ? BULK_POINT : standInShell(i);
}

/**
 * A composition-only recipe has no geometry, but mixing and segregation still depend on its size:
 * it gets the sites of the Mackay icosahedron nearest in N^(−1/3), and a mean √CN interpolated
 * linearly in N^(−1/3) between icosahedra (and towards √12 in the bulk limit), so both change
 * smoothly and monotonically with N.
 */
function standInSites(nMetal: number): StandInSites {
  return standInSitesBySize.getOrAdd(nMetal, interpolatedStandInSites);
}

interface StandInSites {
  sites: BondCentricSites;
  surfaceFraction: number;
}

/** A family sweep asks for the same few sizes for every dopant and count. */
const standInSitesBySize = new BoundedCache<number, StandInSites>(4096);

function interpolatedStandInSites(nMetal: number): StandInSites {
  const x = nMetal ** (-1 / 3);
  let nearest = 0;
  for (let i = 1; i < STAND_IN_MAX_SHELLS; i++) if (Math.abs(STAND_IN_X[i] - x) < Math.abs(STAND_IN_X[nearest] - x)) nearest = i;
  // The last pair of points around x: a size exactly on an icosahedron is read from the pair below it.
  let pair = -1;
  for (let i = 0; i + 1 < STAND_IN_X.length; i++) if (x <= STAND_IN_X[i] && x >= STAND_IN_X[i + 1]) pair = i;
  const { sites } = standInShell(nearest);
  if (pair < 0) return { sites: { ...sites, meanSqrtCn: standInShell(0).s }, surfaceFraction: standInShell(0).f };
  const [hi, lo] = [standInPoint(pair), standInPoint(pair + 1)];
  const t = (x - STAND_IN_X[pair + 1]) / (STAND_IN_X[pair] - STAND_IN_X[pair + 1]);
  return { sites: { ...sites, meanSqrtCn: lo.s + t * (hi.s - lo.s) }, surfaceFraction: lo.f + t * (hi.f - lo.f) };
}

function ligandClassOf(name: string | undefined, facts: FeatureLigand | undefined): LigandClass {
  return facts?.ligandClass ?? (name !== undefined ? builtinLigand(name)?.ligandClass : undefined) ?? 'other';
}

/**
 * The feature vector of one recipe, in FEATURE_NAMES order (definitions in schema.ts), or the
 * reason it cannot be computed. Pure and synchronous: runs the same in Node, worker_threads and a
 * browser Web Worker, given the ligand map (and a structure reader for structure-file recipes).
 */
export function featurize(input: RecipeSpec, context: FeaturizeContext): FeaturizeResult {
  const values = new Float32Array(FEATURE_NAMES.length);
  const failure = featurizeInto(input, context, values, 0);
  return failure ?? { names: FEATURE_NAMES, values };
}

/**
 * `featurize`, writing the row into `out` at `offset` (all FEATURE_NAMES.length columns) instead of
 * allocating one: for batches, one matrix for N recipes (a small typed array per recipe costs
 * about as much as computing its features). Returns the reason when the recipe cannot be
 * featurised, and then leaves `out` untouched.
 */
export function featurizeInto(input: RecipeSpec, context: FeaturizeContext, out: Float32Array, offset: number): { error: string } | undefined {
  const shapeError = checkShape(input);
  if (shapeError) return { error: shapeError };
  const spec = normaliseUnary(input);

  const host = siteVector(spec.host.element);
  if (typeof host === 'string') return { error: `host: ${host}` };
  const dopant = siteVector(spec.dopant.element);
  if (typeof dopant === 'string') return { error: `dopant: ${dopant}` };

  const geometry = geometryStats(spec, context);
  if (geometry && 'error' in geometry) return { error: geometry.error };

  let d: DescriptorSet;
  if (context.descriptors && spec === input) {
    d = context.descriptors;
  } else {
    try {
      d = computeDescriptors(spec, { ligands: context.ligands, phiThreshold: context.phiThreshold, geometry: geometry?.geometry });
    } catch (error) {
      return { error: `descriptors failed: ${(error as Error).message}` };
    }
  }
  const paper: Descriptor[] = [d.chiEnv, d.deltaChi, d.nMetal, d.ratio, d.deltaM, d.hMix, d.distance, d.deltaR];
  const missing = unknownDescriptor(d, spec.ligands.length > 0);
  if (missing) return { error: `a descriptor could not be computed: ${symbolOf(missing)} (${descriptorOf(d, missing).source})` };
  const unrepresentable = beyondFloat32(d);
  if (unrepresentable) {
    const { value, unit } = descriptorOf(d, unrepresentable);
    return { error: `a descriptor is beyond the model's 32-bit inputs (at most ${FLOAT32_MAX_TEXT} in size): ${symbolOf(unrepresentable)} = ${value} ${unit === '–' ? '' : unit}`.trimEnd() };
  }

  out.fill(0, offset, offset + FEATURE_NAMES.length);
  for (let i = 0; i < paper.length; i++) out[offset + COL.paper[i]] = paper[i].value as number;
  const nHost = spec.host.count;
  const nDopant = spec.dopant.count;
  const nMetal = nHost + nDopant;
  const ligandCount = spec.ligands.reduce((s, l) => s + l.count, 0);
  out[offset + COL.reducedDistance] = d.reducedDistance.value as number;
  out[offset + COL.phi] = d.phi.value as number;
  out[offset + COL.logpMean] = d.logP.mean.value ?? 0;
  out[offset + COL.ligandsPerMetal] = ligandCount / nMetal;
  out[offset + COL.charge] = spec.charge ?? 0;
  out[offset + COL.nHost] = nHost;
  out[offset + COL.nDopant] = nDopant;
  out[offset + COL.logNMetal] = Math.log(nMetal);
  out[offset + COL.isUnary] = nDopant === 0 ? 1 : 0;
  out[offset + COL.hMixComputed] = d.hMix.computed ? 1 : 0;

  if (geometry) {
    out[offset + COL.hasGeometry] = 1;
    out[offset + COL.coreFraction] = geometry.stats.coreFraction;
    out[offset + COL.meanCoordination] = geometry.stats.meanCoordination;
  }
  writePhysics(spec, context, geometry, d, out, offset);

  for (let p = 0; p < host.length; p++) {
    out[offset + COL.host + p] = host[p];
    out[offset + COL.dopant + p] = dopant[p];
  }
  const { mean, delta, same } = COL;
  for (let i = 0; i < mean.length; i += 2) out[offset + mean[i]] = (nHost * host[mean[i + 1]] + nDopant * dopant[mean[i + 1]]) / nMetal;
  for (let i = 0; i < delta.length; i += 2) out[offset + delta[i]] = Math.abs(host[delta[i + 1]] - dopant[delta[i + 1]]);
  for (let i = 0; i < same.length; i += 2) out[offset + same[i]] = host[same[i + 1]] === dopant[same[i + 1]] ? 1 : 0;

  const topology = spec.topology?.name && spec.topology.name !== 'none' ? spec.topology.name : 'other';
  out[offset + (COL.topology.get(topology) ?? (COL.topology.get('other') as number))] = 1;
  // A structure file's rows were all `mixed` in training (its arrangement is in bcm_ordering; a stated site, in the ordering term).
  out[offset + (COL.site.get(spec.structure === undefined ? spec.site : 'mixed') as number)] = 1;
  out[offset + (COL.support.get(spec.support?.kind ?? 'none') as number)] = 1;
  if (ligandCount > 0) {
    for (const use of spec.ligands) {
      const cls = ligandClassOf(use.name, context.ligands.get(ligandKey(use)));
      out[offset + (COL.ligandClass.get(cls) as number)] += use.count / ligandCount;
    }
  }
  return undefined;
}

/** The physics columns (schema.ts, group 2b). Elements were checked by the caller (siteVector). */
function writePhysics(
  spec: RecipeSpec,
  context: FeaturizeContext,
  geometry: { stats: GeometryStats; geometry?: CoreGeometry } | undefined,
  d: DescriptorSet,
  out: Float32Array,
  offset: number,
): void {
  const host = spec.host.element;
  const dopant = spec.dopant.element;
  const nMetal = spec.host.count + spec.dopant.count;
  const x = spec.dopant.count / nMetal;
  const { sites, surfaceFraction } = geometry
    ? { sites: geometry.stats.sites, surfaceFraction: 1 - geometry.stats.coreFraction }
    : standInSites(nMetal);
  out[offset + COL.sizeX] = nMetal ** (-1 / 3);
  out[offset + COL.miedemaMixing] = (4 * x * (1 - x) * (d.hMix.value as number)) / KJ_PER_MOL_IN_EV;

  const bcm = host === dopant || hasBondCentricData(host, dopant);
  out[offset + COL.bcmAvailable] = bcm ? 1 : 0;
  if (bcm && host !== dopant) {
    const randomAlloy = bondCentricMeanFieldExcess(host, dopant, x, sites.meanSqrtCn);
    const file = geometry?.geometry;
    const arrangement = file && (context.arrangement ?? structureArrangement(file, spec));
    const configuration = arrangement && filePlacesDopant(arrangement) ? bondCentricConfigurationExcess(arrangement.elements, file.bonds) : null;
    out[offset + COL.bcmExcess] = randomAlloy;
    out[offset + COL.bcmOrdering] = configuration === null ? 0 : configuration - randomAlloy;
    out[offset + COL.bcmSite] = bondCentricSiteEnergy(host, dopant, sites) ?? 0;
  }
  out[offset + COL.hasCoreSite] = sites.core.length > 0 ? 1 : 0;

  const h = getElement(host) as ElementData;
  const m = getElement(dopant) as ElementData;
  out[offset + COL.surfaceEnergyDiff] = (surfaceEnergy(dopant) ?? 0) - (surfaceEnergy(host) ?? 0);
  out[offset + COL.cohesiveEnergyDiff] = (m.cohesiveEnergy ?? 0) - (h.cohesiveEnergy ?? 0);
  out[offset + COL.radiusMismatch] = ((m.metallicRadius ?? 0) - (h.metallicRadius ?? 0)) / (h.metallicRadius ?? 1);

  const uses = bindingAtomUses(spec, context);
  const ligandCount = spec.ligands.reduce((s, l) => s + l.count, 0);
  const { surfaceSites: surfaceAtoms, theta: coverage } = coverageOf(spec, uses, surfaceFraction * nMetal);
  const affinity = ligandAffinityDifference(host, dopant, uses);
  out[offset + COL.ligandCoverage] = coverage;
  // The dopant's site is bound by a measured binding atom with the chance θ times their share of the binding atoms:
  // a phosphine beside thiolates takes sites but adds no pull it is known to have (23 SCH3 and 46 PPh3 on 92 sites
  // pull as 23 SCH3 alone).
  out[offset + COL.ligandAffinityDiff] = coverage * affinity.measuredShare * affinity.value;
  out[offset + COL.ligandAffinityKnown] = affinity.known ? 1 : 0;
  out[offset + COL.ligandsPerSurfaceAtom] = ligandCount / surfaceAtoms;
  // The ligand shell's copies of the bare-surface columns (schema.ts LIGAND_SHELL_SCREENED), read back from
  // the row (h_mix is the paper's column, written before): θ times the column's float32 value, so at θ = 1
  // exactly that value (every training row's), and 0 without ligands.
  if (coverage > 0) {
    for (let i = 0; i < COL.ligated.length; i += 2) out[offset + COL.ligated[i + 1]] = coverage * out[offset + COL.ligated[i]];
  }
  out[offset + COL.hostStructure + CRYSTAL_STRUCTURES.indexOf(crystalStructure(host))] = 1;
}

/** θ, `ligand_coverage`, with what it is made of (coverageOf): the numbers the site terms it scales show beside it. */
export interface LigandCoverage {
  /** min(1, bindingSites / surfaceSites); 1 where the ligand sits on the dopant (`ligandOnDopant`). */
  theta: number;
  /** n_bind: each ligand's count times the surface sites its binding atoms bind (a thiolate's S two, bindingSites.ts). */
  bindingSites: number;
  /** n_surface: the core's surface metal atoms (its template's or structure file's; a composition-only core's stand-in's share of N), at least 1. */
  surfaceSites: number;
  /** The recipe puts its ligand on the dopant's own site (the training's slab rows). */
  onDopant: boolean;
}

function bindingAtomUses(spec: RecipeSpec, context: FeaturizeContext): BindingAtomUse[] {
  return spec.ligands.map((use) => ({ bindingAtoms: context.ligands.get(ligandKey(use))?.bindingAtoms ?? [], count: use.count }));
}

/**
 * θ, the column `ligand_coverage` (schema.ts): the share of the core's surface sites the ligands bind, each
 * ligand binding through each of its binding atoms (the atoms ligandAffinityDifference weighs), each of
 * those on as many metal atoms as it bridges (metalAtomsBound: a thiolate's S two), capped at a full shell.
 * A dopant at the surface is bound with that chance, so it feels that share of the full shell's pull and
 * screening: one SCH3 on the 92 surface atoms of a 147-atom icosahedron, 2/92 of them. A recipe
 * that puts its ligand on the dopant's own site (`ligandOnDopant`: the slab rows, one adsorbate on the
 * dopant) is bound for certain.
 */
function coverageOf(spec: RecipeSpec, uses: readonly BindingAtomUse[], surfaceAtoms: number): LigandCoverage {
  const surfaceSites = Math.max(1, surfaceAtoms);
  const bindingSites = uses.reduce((s, use) => use.bindingAtoms.reduce((t, atom) => t + use.count * metalAtomsBound(atom), s), 0);
  const onDopant = spec.ligandOnDopant === true;
  const bound = spec.ligands.some((use) => use.count > 0);
  const theta = !bound ? 0 : onDopant ? 1 : Math.min(1, bindingSites / surfaceSites);
  return { theta, bindingSites, surfaceSites, onDopant };
}

/**
 * The recipe's ligand coverage θ as the featuriser computes it, with its inputs, for the views; undefined
 * without ligands, or where the recipe cannot be featurised (its core cannot be built).
 */
export function ligandCoverageOf(spec: RecipeSpec, context: FeaturizeContext): LigandCoverage | undefined {
  if (spec.ligands.length === 0) return undefined;
  const geometry = geometryStats(spec, context);
  if (geometry && 'error' in geometry) return undefined;
  const nMetal = spec.host.count + spec.dopant.count;
  const surfaceFraction = geometry ? 1 - geometry.stats.coreFraction : standInSites(nMetal).surfaceFraction;
  return coverageOf(spec, bindingAtomUses(spec, context), surfaceFraction * nMetal);
}

const FLOAT32_MAX_TEXT = '3.4·10^38';

/** The descriptors a feature row is made of, in the first paper's order, then D̃, φ and the mean logP. */
const FEATURE_DESCRIPTORS = ['chiEnv', 'deltaChi', 'nMetal', 'ratio', 'deltaM', 'hMix', 'distance', 'deltaR', 'reducedDistance', 'phi', 'logP'] as const;
type FeatureDescriptor = (typeof FEATURE_DESCRIPTORS)[number];

function descriptorOf(d: DescriptorSet, name: FeatureDescriptor): Descriptor {
  return name === 'logP' ? d.logP.mean : d[name];
}

/** How an error names a descriptor: a row holds the ligands' mean logP, not one ligand's. */
function symbolOf(name: FeatureDescriptor): string {
  return name === 'logP' ? 'mean logP' : DEFINITIONS[name].symbol;
}

/**
 * A descriptor whose value a float32 row would hold as ±∞ (`distance 1e40 Å`): the models' weights
 * multiply every column, and ∞·0 made their outputs NaN, shown as a prediction with no number.
 */
function beyondFloat32(d: DescriptorSet): FeatureDescriptor | undefined {
  return FEATURE_DESCRIPTORS.find((name) => !Number.isFinite(Math.fround(descriptorOf(d, name).value as number)));
}

/**
 * The first descriptor the features need that could not be computed (mean logP only with ligands),
 * by name: the error names its symbol, not its definition (a paragraph of formula).
 */
function unknownDescriptor(d: DescriptorSet, hasLigands: boolean): FeatureDescriptor | undefined {
  // Without ligands the mean logP is undefined; the schema encodes that as 0 (with ligands_per_metal = 0).
  return FEATURE_DESCRIPTORS.find((name) => descriptorOf(d, name).value === null && (name !== 'logP' || hasLigands));
}
