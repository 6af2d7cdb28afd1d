/**
 * The bond-centric model (BCM) of Yan, Taylor, Mascareno & Mpourmpakis, "Size-, shape-, and
 * composition-dependent model for metal nanoparticle stability prediction", Nano Lett. 18, 2696
 * (2018), as the public mpourmpakis/ce_expansion code defines it (atomgraph/bcm.py, data/gamma.py):
 *
 *   CE = (1/N) Σ_i Σ_{j ∈ nb(i)} γ_{t(i)t(j)} · CE_bulk,t(i) / √(CN_bulk,t(i) · CN_i)
 *
 * with the half-bond weights of a heteronuclear A–B bond from dimer bond-dissociation energies,
 *   γ_AB·BDE_AA + γ_BA·BDE_BB = 2·BDE_AB,  γ_AB + γ_BA = 2  (γ_AA = 1).
 * It is the physics baseline of the mixing term and a segregation feature: everything here is a
 * closed form of a core's coordination numbers, so it is cheap enough to run for every recipe.
 */
import { BCM_BOND_DISSOCIATION, BCM_COHESIVE_ENERGY } from './physicsData.generated';
import { bulkCoordination } from './crystalStructure';

/** What a site contributes, independent of which element sits there: √CN_s and Σ_{j∈nb(s)} 1/√CN_j. */
export interface SiteTerm {
  sqrtCn: number;
  neighbourInvSqrtCn: number;
}

/** The coordination facts of one core geometry that the BCM needs. */
export interface BondCentricSites {
  /** Mean of √CN_i over all atoms. */
  meanSqrtCn: number;
  /** Distinct core (no empty cone: neighbours.ts siteLabels) and surface sites. */
  core: SiteTerm[];
  surface: SiteTerm[];
}

/**
 * Values by element pair, in nested maps: no key string is made for a lookup. Only pairs of
 * elements with BCM data are kept, so the pairs are bounded by the periodic table.
 */
class PairMemo<T> {
  private readonly byFirst = new Map<string, Map<string, T>>();

  get(a: string, b: string): T | undefined {
    return this.byFirst.get(a)?.get(b);
  }

  set(a: string, b: string, value: T): T {
    let bySecond = this.byFirst.get(a);
    if (!bySecond) this.byFirst.set(a, (bySecond = new Map()));
    bySecond.set(b, value);
    return value;
  }
}

/** Whether the BCM has the cohesive energy and every dimer energy of this pair (asked for every member of a family). */
export function hasBondCentricData(a: string, b: string): boolean {
  if (BCM_COHESIVE_ENERGY[a] === undefined || BCM_COHESIVE_ENERGY[b] === undefined) return false;
  return pairsWithDimers.get(a, b) ?? pairsWithDimers.set(a, b, bde(a, a) !== undefined && bde(b, b) !== undefined && bde(a, b) !== undefined);
}

/** Of the pairs of elements with a cohesive energy, whether the BCM has their three dimer energies. */
const pairsWithDimers = new PairMemo<boolean>();

function bde(a: string, b: string): number | undefined {
  return BCM_BOND_DISSOCIATION[a]?.[b]?.[0] ?? BCM_BOND_DISSOCIATION[b]?.[a]?.[0];
}

/**
 * γ of A's half of an A–B bond. Equal homonuclear dimer energies make the system singular; the
 * bond is then shared evenly (γ = 1), which is what either limit of the solution tends to.
 */
export function gamma(a: string, b: string): number {
  if (a === b) return 1;
  const aa = bde(a, a);
  const bb = bde(b, b);
  const ab = bde(a, b);
  if (aa === undefined || bb === undefined || ab === undefined) throw new Error(`no bond-dissociation energies for ${a}–${b}`);
  if (Math.abs(aa - bb) < 1e-9) return 1;
  return (2 * (ab - bb)) / (aa - bb);
}

/** CE_bulk / √CN_bulk of an element: the per-√bond energy scale of the BCM. */
function bondScale(symbol: string): number {
  const ce = BCM_COHESIVE_ENERGY[symbol];
  if (ce === undefined) throw new Error(`no bulk cohesive energy for ${symbol}`);
  return ce / Math.sqrt(bulkCoordination(symbol));
}

function coordinationNumbers(atomCount: number, bonds: ReadonlyArray<readonly [number, number]>): Int32Array {
  const cn = new Int32Array(atomCount);
  for (const [i, j] of bonds) {
    cn[i]++;
    cn[j]++;
  }
  return cn;
}

/** Site terms of a bond graph, symmetry-equivalent sites merged (rounded, so exact ties collapse). */
export function bondCentricSites(labels: readonly ('core' | 'surface')[], bonds: ReadonlyArray<readonly [number, number]>): BondCentricSites {
  const n = labels.length;
  const cn = coordinationNumbers(n, bonds);
  const neighbourSum = new Float64Array(n);
  for (const [i, j] of bonds) {
    neighbourSum[i] += 1 / Math.sqrt(cn[j]);
    neighbourSum[j] += 1 / Math.sqrt(cn[i]);
  }
  const core = new Map<string, SiteTerm>();
  const surface = new Map<string, SiteTerm>();
  let sumSqrt = 0;
  for (let i = 0; i < n; i++) {
    const term = { sqrtCn: Math.sqrt(cn[i]), neighbourInvSqrtCn: neighbourSum[i] };
    sumSqrt += term.sqrtCn;
    (labels[i] === 'core' ? core : surface).set(`${cn[i]}|${neighbourSum[i].toFixed(6)}`, term);
  }
  return { meanSqrtCn: n > 0 ? sumSqrt / n : 0, core: [...core.values()], surface: [...surface.values()] };
}

/**
 * Energy change (eV) of putting one dopant atom on a site of an otherwise pure host core: the
 * dopant's own half-bonds replace the host's, and each neighbour's half-bond to it is reweighted.
 * Per site that is `own`·√CN + `neighbours`·Σ 1/√CN(neighbour); the two weights depend on the
 * pair only, so they are worked out once for all of a core's sites (hundreds in a large core).
 */
interface SubstitutionWeights {
  own: number;
  neighbours: number;
}

function substitutionWeights(host: string, dopant: string): SubstitutionWeights {
  return {
    own: gamma(dopant, host) * bondScale(dopant) - bondScale(host),
    neighbours: (gamma(host, dopant) - 1) * bondScale(host),
  };
}

/**
 * BCM site preference of one dopant, E(best core site) − E(best surface site) in eV (negative: the
 * core), or null without a core site or without BCM data for the pair.
 */
export function bondCentricSiteEnergy(host: string, dopant: string, sites: BondCentricSites): number | null {
  if (sites.core.length === 0 || sites.surface.length === 0 || !hasBondCentricData(host, dopant)) return null;
  let byPair = siteEnergies.get(sites);
  if (!byPair) siteEnergies.set(sites, (byPair = new PairMemo()));
  return byPair.get(host, dopant) ?? byPair.set(host, dopant, siteEnergy(host, dopant, sites));
}

function siteEnergy(host: string, dopant: string, sites: BondCentricSites): number {
  const weights = substitutionWeights(host, dopant);
  return lowestSubstitutionEnergy(weights, sites.core) - lowestSubstitutionEnergy(weights, sites.surface);
}

/**
 * Site energies by sites and pair, kept as long as the sites: every member of a family sweep asks
 * for its pair on the sites of its size, a few hundred sites each (34 ms of the 98,600-member
 * sweep's 2 s before, `npm run bench -- batch`).
 */
const siteEnergies = new WeakMap<BondCentricSites, PairMemo<number>>();

/** A plain loop: it runs for every recipe of a batch, and a large core has hundreds of distinct sites. */
function lowestSubstitutionEnergy(weights: SubstitutionWeights, terms: readonly SiteTerm[]): number {
  let lowest = Infinity;
  for (const t of terms) lowest = Math.min(lowest, weights.own * t.sqrtCn + weights.neighbours * t.neighbourInvSqrtCn);
  return lowest;
}

/**
 * BCM excess energy per atom of a random A–B alloy on a core whose mean √CN is given (mean field:
 * every neighbour is B with probability x_B), relative to the pure A and B cores of that shape:
 *   E_exc = x_A·x_B·(γ_AB − 1)·(CE_A·s̄_A − CE_B·s̄_B),  s̄_X = mean √(CN_i / CN_bulk,X).
 */
export function bondCentricMeanFieldExcess(a: string, b: string, xB: number, meanSqrtCn: number): number {
  const xA = 1 - xB;
  const { gammaExcess, scaleDifference } = meanFieldFactors.get(a, b) ?? meanFieldFactors.set(a, b, { gammaExcess: gamma(a, b) - 1, scaleDifference: bondScale(a) - bondScale(b) });
  return xA * xB * gammaExcess * scaleDifference * meanSqrtCn;
}

/** γ_AB − 1 and the difference of the pair's bond scales: the same for every member of a family. */
const meanFieldFactors = new PairMemo<{ gammaExcess: number; scaleDifference: number }>();

/**
 * BCM excess energy per atom of an explicit configuration (a structure file's elements on its bond
 * graph), relative to the same graph filled with each pure element in proportion; null when it
 * holds more than two elements or one without BCM data.
 */
export function bondCentricConfigurationExcess(elements: readonly string[], bonds: ReadonlyArray<readonly [number, number]>): number | null {
  const kinds = [...new Set(elements)];
  if (kinds.length > 2) return null;
  if (kinds.length === 1) return 0;
  const [a, b] = kinds;
  if (!hasBondCentricData(a, b)) return null;
  const n = elements.length;
  const cn = coordinationNumbers(n, bonds);
  const weight = (i: number, j: number) => gamma(elements[i], elements[j]) * bondScale(elements[i]) / Math.sqrt(cn[i]);
  let total = 0;
  for (const [i, j] of bonds) total += weight(i, j) + weight(j, i);
  let meanSqrt = 0;
  let countB = 0;
  for (let i = 0; i < n; i++) {
    meanSqrt += Math.sqrt(cn[i]);
    if (elements[i] === b) countB++;
  }
  meanSqrt /= n;
  const xB = countB / n;
  const pure = (1 - xB) * bondScale(a) * meanSqrt + xB * bondScale(b) * meanSqrt;
  return total / n - pure;
}
