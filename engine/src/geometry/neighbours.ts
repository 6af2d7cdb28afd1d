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

/** Pairwise search is O(N²); clusters handled here have at most a few thousand atoms. */
export function nearestNeighbourBonds(positions: Float64Array): Array<[number, number]> {
  const n = positions.length / 3;
  const nearestSq = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d2 = squaredDistance(positions, i, j);
      if (d2 < nearestSq[i]) nearestSq[i] = d2;
      if (d2 < nearestSq[j]) nearestSq[j] = d2;
    }
  }
  const cutoffSq = NEIGHBOUR_CUTOFF * NEIGHBOUR_CUTOFF;
  const bonds: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const limit = Math.min(nearestSq[i], nearestSq[j]) * cutoffSq;
      if (squaredDistance(positions, i, j) <= limit) bonds.push([i, j]);
    }
  }
  return bonds;
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

/** Bulk fcc/icosahedral coordination: an atom with all 12 neighbours is not on the surface. */
const FULL_COORDINATION = 12;

/** 'core' for atoms with 12 or more neighbours in the bond list, 'surface' for the rest. */
export function siteLabels(atomCount: number, bonds: ReadonlyArray<readonly [number, number]>): SiteLabel[] {
  const cn = new Int32Array(atomCount);
  for (const [i, j] of bonds) {
    cn[i]++;
    cn[j]++;
  }
  return Array.from(cn, (c): SiteLabel => (c >= FULL_COORDINATION ? 'core' : 'surface'));
}
