import { PointTree, type SearchWork } from '../spatial/pointTree';
import type { SiteLabel } from './types';

/**
 * The nearest-neighbour graph used everywhere in the geometry code (templates and XYZ files),
 * so that "neighbour" means one thing.
 *
 * Rule: atoms i and j are neighbours when d_ij ≤ NEIGHBOUR_CUTOFF × min(nn_i, nn_j), where nn_i is
 * the distance from i to its closest atom. 1.2 sits between the first (1) and second (√2 ≈ 1.41)
 * neighbour shells of fcc and survives the ≈5 % radial/tangential strain of Mackay icosahedra and
 * Ino decahedra. Being relative, it needs no radii, so any metal in an XYZ file can be read.
 */
export const NEIGHBOUR_CUTOFF = 1.2;

/** The nearest-neighbour graph, and what the cone test (siteLabels) takes of the search that found it. */
export interface NeighbourGraph {
  /** The bonds in order (i < j, then by j), as a search over every pair would list them. */
  readonly bonds: Array<[number, number]>;
  /** Each atom's squared distance to its closest other atom (∞ for a lone atom): the scale of its bonds and of its cone. */
  readonly nearestSq: Float64Array;
  /** The atoms, searchable by distance, for further searches on the same coordinates. */
  readonly search: AtomSearch;
}

/**
 * The bonds by NEIGHBOUR_CUTOFF. Each search visits only the atoms near one atom (AtomSearch): every
 * pair made this O(N²), and a structure file of 50,000 atoms took 11 s. Atoms on one site (0 Å
 * apart: a line written twice) bond only to each other by the rule, every pair of them: 20,000 copies
 * of one line made 2·10⁸ bonds and ran out of memory. Each bonds instead to the copy its search
 * found, so two copies bond as the rule says, and more make about one bond each; a file with them
 * is refused for its overlap either way (xyz.ts).
 */
export function neighbourGraph(positions: Float64Array, work?: SearchWork): NeighbourGraph {
  const n = positions.length / 3;
  const search = new AtomSearch(positions, undefined, work);
  const nearestSq = new Float64Array(n);
  const onOneSite: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const { squaredDistance, atom } = search.nearest(i);
    nearestSq[i] = squaredDistance;
    if (squaredDistance === 0) onOneSite.push([Math.min(i, atom), Math.max(i, atom)]);
  }
  const cutoffSq = NEIGHBOUR_CUTOFF * NEIGHBOUR_CUTOFF;
  const bonds: Array<[number, number]> = [];
  const partners: number[] = [];
  const byAtoms = (a: readonly [number, number], b: readonly [number, number]) => a[0] - b[0] || a[1] - b[1];
  onOneSite.sort(byAtoms);
  for (let i = 0; i < n; i++) {
    // An atom with a copy on its site bonds to no atom off it: its bonds are among onOneSite.
    if (nearestSq[i] === 0) continue;
    partners.length = 0;
    search.within(i, nearestSq[i] * cutoffSq, (j, distanceSq) => {
      if (j > i && distanceSq <= Math.min(nearestSq[i], nearestSq[j]) * cutoffSq) partners.push(j);
    });
    partners.sort((a, b) => a - b);
    for (const j of partners) bonds.push([i, j]);
  }
  if (onOneSite.length > 0) {
    // Two copies each found the other: one bond.
    onOneSite.forEach((pair, k) => {
      if (k === 0 || byAtoms(pair, onOneSite[k - 1]) !== 0) bonds.push(pair);
    });
    bonds.sort(byAtoms);
  }
  return { bonds, nearestSq, search };
}

/** The distance between the two closest atoms (∞ for fewer than two). */
export function closestPairDistance(positions: Float64Array): number {
  const search = new AtomSearch(positions);
  let best = Infinity;
  for (let i = 0; i < positions.length / 3; i++) best = Math.min(best, search.nearest(i).squaredDistance);
  return Math.sqrt(best);
}

/**
 * Atoms searchable by distance: a k-d tree (PointTree, spatial/pointTree.ts) over their coordinates, each
 * atom its own fold, so that the nearest label outside atom i's fold is its closest other atom. The
 * tree splits where the atoms are, so a search visits about log N boxes and the atoms near its
 * answer however they are spread: the grid of cells it replaced sized its cells from the whole box,
 * so a clump of 19,652 atoms inside a shell of 3,000 atoms 10⁴ Å across fell into a few cells and
 * was searched pairwise (10.6 s of CPU to read). Squared distances come out as squaredDistance
 * computes them, to the bit.
 */
export class AtomSearch {
  private readonly tree: PointTree;
  /** The atoms searched, by their index in `positions`. */
  private readonly atoms: Int32Array;

  /**
   * A search over `atoms` (indices in `positions`; every atom when left out), from any atom of
   * `positions`, counting its work in `work` (its own tally when left out).
   */
  constructor(
    private readonly positions: Float64Array,
    atoms?: Int32Array,
    work?: SearchWork,
  ) {
    this.atoms = atoms ?? Int32Array.from({ length: positions.length / 3 }, (_, i) => i);
    this.tree = new PointTree(
      Array.from(this.atoms, (i) => this.point(i)),
      Array.from(this.atoms),
      work,
    );
  }

  /** The distance evaluations (an atom's or a box's) counted in this search's tally so far: a statistic for tests. */
  get evaluations(): number {
    return this.tree.work.evaluations;
  }

  /** Atom i's closest other atom searched (−1 where there is none) and its squared distance (∞ where there is none). */
  nearest(i: number): { squaredDistance: number; atom: number } {
    const { squaredDistance, fold } = this.tree.nearestWithout(this.point(i), i);
    return { squaredDistance, atom: Number.isNaN(fold) ? -1 : fold };
  }

  /** Calls `visit` for every atom searched within squared distance `reachSq` of atom i, i itself included, with that squared distance. */
  within(i: number, reachSq: number, visit: (j: number, distanceSq: number) => void): void {
    this.tree.within(this.point(i), reachSq, (point, distanceSq) => visit(this.atoms[point], distanceSq));
  }

  private point(i: number): number[] {
    return [this.positions[3 * i], this.positions[3 * i + 1], this.positions[3 * i + 2]];
  }
}

export function squaredDistance(positions: Float64Array, i: number, j: number): number {
  const dx = positions[3 * i] - positions[3 * j];
  const dy = positions[3 * i + 1] - positions[3 * j + 1];
  const dz = positions[3 * i + 2] - positions[3 * j + 2];
  return dx * dx + dy * dy + dz * dz;
}

export function meanBondLength(positions: Float64Array, bonds: ReadonlyArray<readonly [number, number]>): number {
  if (bonds.length === 0) return NaN;
  let sum = 0;
  for (const [i, j] of bonds) sum += Math.sqrt(squaredDistance(positions, i, j));
  return sum / bonds.length;
}

/**
 * The cone's half-angle. An interior atom of fcc, Ino decahedra and Mackay icosahedra has no empty
 * cone wider than 45° (the widest gap, under a (100) facet; 35° under a (111) one), an atom of a
 * flat facet has 90° (the half-space outside it), edges and vertices more: 60° sits midway, so
 * strain of ±15° either way does not move a label.
 */
const CONE_HALF_ANGLE = Math.PI / 3;

/**
 * The cone's side, in units of the atom's own nearest-neighbour distance: past the first two fcc
 * shells (1 and √2 ≈ 1.41, 1.49 with 5 % strain), short of the third (√3 ≈ 1.73, 1.65 with 5 %).
 * The second shell fills the gaps a missing or stretched first neighbour leaves; the third would
 * make each atom's test cost (42/18)³ ≈ 13 times as much.
 */
const CONE_LENGTH = 1.55;

const COS_CONE = Math.cos(CONE_HALF_ANGLE);
const SIN_CONE = Math.sin(CONE_HALF_ANGLE);
/** Two directions whose caps' circles meet lie within twice the half-angle of each other. */
const COS_TWICE_CONE = Math.cos(2 * CONE_HALF_ANGLE);
/** A direction on a cap's circle counts as outside the cap, whatever the rounding. */
const ON_CIRCLE = 1e-9;

/**
 * 'surface' for atoms with an empty cone, 'core' for the rest: the cone algorithm of Y. Wang,
 * S. Teitel and C. Dellago, J. Chem. Phys. 122, 214722 (2005). An atom is on the surface when
 * some cone with its apex on the atom, half-angle CONE_HALF_ANGLE and side CONE_LENGTH × the
 * atom's nearest-neighbour distance holds no other atom. It reads directions, not bond lengths:
 * counting 12 neighbours in the bond list (neighbourGraph) found only 14 of the 55
 * interior atoms of a relaxed Pt–Au 147-atom icosahedron (CANELa), the rest having a bond longer
 * than NEIGHBOUR_CUTOFF × the closest distance of one of its atoms. On the templates it gives the
 * 12-neighbour atoms exactly. An atom that misses one first neighbour but whose second shell
 * closes the gap (beside a vacancy) is core. The nearest-neighbour distances and the search are the
 * graph's: the cone test searches only for the atoms within each open atom's cone.
 */
export function siteLabels(positions: Float64Array, graph: NeighbourGraph): SiteLabel[] {
  const n = positions.length / 3;
  const partners = bondPartners(n, graph.bonds);
  let directions: Float64Array = new Float64Array(3 * 64);
  const labels: SiteLabel[] = [];
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let b = partners.start[i]; b < partners.start[i + 1]; b++) {
      if (3 * m === directions.length) directions = growTo(directions, 2 * directions.length);
      m = addDirection(directions, m, positions, i, partners.atoms[b]);
    }
    // The bonds alone close a bulk-like atom's sphere: its search, and the test on all its
    // directions (three times as many crossings), are needed only where they leave a cone open.
    if (!hasEmptyCone(directions, m)) {
      labels.push('core');
      continue;
    }
    m = 0;
    graph.search.within(i, graph.nearestSq[i] * CONE_LENGTH * CONE_LENGTH, (j) => {
      if (j === i) return;
      if (3 * m === directions.length) directions = growTo(directions, 2 * directions.length);
      m = addDirection(directions, m, positions, i, j);
    });
    labels.push(hasEmptyCone(directions, m) ? 'surface' : 'core');
  }
  return labels;
}

/** Each atom's bond partners: atom i's at `atoms[start[i]]` … `atoms[start[i + 1] - 1]`. */
function bondPartners(n: number, bonds: ReadonlyArray<readonly [number, number]>): { start: Int32Array; atoms: Int32Array } {
  const start = new Int32Array(n + 1);
  for (const [i, j] of bonds) {
    start[i + 1]++;
    start[j + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const filled = start.slice(0, n);
  const atoms = new Int32Array(2 * bonds.length);
  for (const [i, j] of bonds) {
    atoms[filled[i]++] = j;
    atoms[filled[j]++] = i;
  }
  return { start, atoms };
}

/** Writes the unit direction from atom i to atom j as the m-th direction, and returns the new count (unchanged for an atom on i's site). */
function addDirection(directions: Float64Array, m: number, positions: Float64Array, i: number, j: number): number {
  const d = Math.sqrt(squaredDistance(positions, i, j));
  if (d === 0) return m;
  for (let k = 0; k < 3; k++) directions[3 * m + k] = (positions[3 * j + k] - positions[3 * i + k]) / d;
  return m + 1;
}

function growTo(values: Float64Array, length: number): Float64Array {
  const grown = new Float64Array(length);
  grown.set(values);
  return grown;
}

/**
 * Whether the cones around the first m unit directions (flat x, y, z) leave some direction out,
 * i.e. whether their caps on the unit sphere fail to cover it.
 */
function hasEmptyCone(directions: Float64Array, m: number): boolean {
  if (m === 0) return true;
  // A surface atom's open cone mostly lies away from its neighbours' mean direction: one O(m) test there settles most.
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (let k = 0; k < m; k++) {
    mx += directions[3 * k];
    my += directions[3 * k + 1];
    mz += directions[3 * k + 2];
  }
  const mean = Math.hypot(mx, my, mz);
  if (mean > 1e-9 * m && outsideEvery(directions, m, -mx / mean, -my / mean, -mz / mean)) return true;
  if (m <= FEW_DIRECTIONS) return uncoveredDirection(directions, m) !== undefined;
  // The exact test costs O(m³): an atom at the centre of a hollow shell of 8,000 atoms, which sees all of
  // them, took 11 s, and one beside a clump of 4,000 atoms (the every-few-th sample all clump) 3.4 s. So it
  // runs on a sample (every few-th direction, in the search's order), and each direction the sample leaves
  // open is looked up among all m: one that no cone holds is an empty cone, else the direction nearest it
  // joins the sample, until the sample covers the sphere.
  const stride = Math.ceil(m / FEW_DIRECTIONS);
  let sample: Float64Array = new Float64Array(3 * 2 * FEW_DIRECTIONS);
  let s = 0;
  for (let k = 0; k < m; k += stride) sample.set(directions.subarray(3 * k, 3 * k + 3), 3 * s++);
  for (;;) {
    const open = uncoveredDirection(sample, s);
    if (!open) return false;
    const nearest = nearestCone(directions, m, open);
    if (nearest < 0) return true;
    if (3 * s === sample.length) sample = growTo(sample, 2 * sample.length);
    sample.set(directions.subarray(3 * nearest, 3 * nearest + 3), 3 * s++);
  }
}

/**
 * A direction outside the cones around the first m unit directions (flat x, y, z), if their caps
 * on the unit sphere fail to cover it. When the uncovered part is not empty, its border is made of
 * cap circles: it holds a point where two circles cross, or a whole circle that crosses none. So it
 * is enough to test those crossings and one point of each circle.
 */
function uncoveredDirection(directions: Float64Array, m: number): [number, number, number] | undefined {
  if (m === 0) return [1, 0, 0];
  for (let a = 0; a < m; a++) {
    const ax = directions[3 * a];
    const ay = directions[3 * a + 1];
    const az = directions[3 * a + 2];
    // A vector perpendicular to a, not near zero: a tilted towards it by the half-angle is on a's circle.
    const wide = Math.abs(ax) < 0.9;
    const px = wide ? 0 : -ay;
    const py = wide ? -az : ax;
    const pz = wide ? ay : 0;
    const tilt = SIN_CONE / Math.hypot(px, py, pz);
    const onCircle: [number, number, number] = [COS_CONE * ax + tilt * px, COS_CONE * ay + tilt * py, COS_CONE * az + tilt * pz];
    if (outsideEvery(directions, m, ...onCircle)) return onCircle;
    for (let b = a + 1; b < m; b++) {
      const bx = directions[3 * b];
      const by = directions[3 * b + 1];
      const bz = directions[3 * b + 2];
      const c = ax * bx + ay * by + az * bz;
      // Circles that do not meet, or coincide (two atoms in one direction), have no crossing.
      if (c < COS_TWICE_CONE || 1 - c * c < 1e-12) continue;
      // The crossings are α(a + b) ± β(a × b), at COS_CONE from both a and b.
      const alpha = COS_CONE / (1 + c);
      const beta = Math.sqrt(Math.max(0, 1 - 2 * alpha * alpha * (1 + c)) / (1 - c * c));
      const cx = beta * (ay * bz - az * by);
      const cy = beta * (az * bx - ax * bz);
      const cz = beta * (ax * by - ay * bx);
      const sx = alpha * (ax + bx);
      const sy = alpha * (ay + by);
      const sz = alpha * (az + bz);
      if (outsideEvery(directions, m, sx + cx, sy + cy, sz + cz)) return [sx + cx, sy + cy, sz + cz];
      if (outsideEvery(directions, m, sx - cx, sy - cy, sz - cz)) return [sx - cx, sy - cy, sz - cz];
    }
  }
  return undefined;
}

/** The one of the first m directions nearest direction (x, y, z) when its cone holds it, else −1. */
function nearestCone(directions: Float64Array, m: number, [x, y, z]: readonly number[]): number {
  let nearest = -1;
  let best = COS_CONE + ON_CIRCLE;
  for (let k = 0; k < m; k++) {
    const c = x * directions[3 * k] + y * directions[3 * k + 1] + z * directions[3 * k + 2];
    if (c > best) [nearest, best] = [k, c];
  }
  return nearest;
}

/** More directions than a close-packed atom's 18 within CONE_LENGTH, with room for disorder. */
const FEW_DIRECTIONS = 64;

/** Whether direction (x, y, z) lies in none of the first m directions' cones. */
function outsideEvery(directions: Float64Array, m: number, x: number, y: number, z: number): boolean {
  for (let k = 0; k < m; k++) {
    if (x * directions[3 * k] + y * directions[3 * k + 1] + z * directions[3 * k + 2] > COS_CONE + ON_CIRCLE) {
      return false;
    }
  }
  return true;
}
