import { createHash } from 'node:crypto';
import { squaredDistance } from './neighbours';
import type { CoreGeometry } from './types';

/**
 * What a structure file holds, as a material: a hash of the shape of the metal core it gives, so
 * that a calibration's labels are told apart by it (materialKey). The shape, not the file's path,
 * resolved or as written: a path names the file only from one folder (`s.xyz` beside a recipe is
 * `../s.xyz` from a subfolder, and `s.xyz` in two folders may be two files), and even resolved it
 * is this machine's: a calibration outlives the folder it was fitted in. And the shape, not the
 * coordinates: nothing Bimetal computes from a core (D, the neighbour graph, the sites, the
 * arrangement of its elements) depends on where it lies or how it is turned, so a copy moved,
 * rotated or mirrored, its atoms listed in another order, or written in another unit (bohr, read
 * back to Å some 10⁻¹² Å off) is the same material, as is what nothing reads (the comment
 * line, ligand and support atoms, the number format). The shape is the elements with their counts
 * and, for each pair of elements, the sorted distances between their atoms, each rounded to
 * IDENTITY_DISTANCE_STEP: cores whose distances differ anywhere by a step or more (an atom moved
 * 0.1 Å, a file scaled, a dopant on a site its symmetry does not make equivalent, the file edited)
 * are other materials.
 *
 * What the rounding cannot promise: two writings whose distances differ by δ < 10⁻⁴ Å (a file
 * written to 6 decimals in bohr and in Å, δ ≈ 10⁻⁶ Å) round one distance apart with a chance of
 * about δ / 10⁻⁴ per distance, and are then two materials; double round-off (δ ≈ 10⁻¹⁴ Å) never
 * does in practice. Nor do sorted distances fix a core in every case: rare different point sets
 * share all their distances (homometric sets), and two such cores would read as one material.
 *
 * Above ALL_DISTANCES_MAX_ATOMS atoms, all n(n − 1)/2 distances cost too much, and the shape is
 * the cheaper, weaker one of shapeNearCentre: for each element, the sorted distances of its atoms
 * to the core's centroid, and for each pair of elements, the sorted lengths of their
 * nearest-neighbour bonds. It still tells apart a moved atom, a scaled core and dopants that are
 * neighbours from dopants that are not, but confuses two placements of the same atoms at the same
 * distances from the centre with the same bonds: two dopant atoms that are not neighbours, second
 * or third neighbours on one surface shell, are one material.
 *
 * Node only (node:crypto), like the reading of the file it identifies (xyzFile.ts).
 */
export function structureIdentity(geometry: CoreGeometry): string {
  const { elements } = geometry;
  const symbols = [...new Set(elements)].sort();
  const kinds = Int32Array.from(elements, (element) => symbols.indexOf(element));
  const counts = symbols.map((_, kind) => kinds.filter((k) => k === kind).length);
  const hash = createHash('sha256').update(symbols.map((symbol, kind) => `${symbol} ${counts[kind]}`).join(' '));
  const allDistances = elements.length <= ALL_DISTANCES_MAX_ATOMS;
  const groups = allDistances ? distancesByElementPair(geometry.positions, kinds, symbols, counts) : shapeNearCentre(geometry, kinds, symbols);
  for (const [label, distances] of groups) {
    // In place: a 2,000-atom core has 2 M distances.
    for (let i = 0; i < distances.length; i++) distances[i] = Math.round(distances[i] / IDENTITY_DISTANCE_STEP);
    hash.update(`\n${label}:`).update(littleEndianBytes(distances.sort()));
  }
  return `${allDistances ? 'distances' : 'centre-and-bonds'}:sha256:${hash.digest('hex')}`;
}

/** The resolution of a structure identity's distances, Å: far below what sets one relaxed core apart from another, far above double round-off. */
const IDENTITY_DISTANCE_STEP = 1e-4;

/**
 * The most metal atoms whose identity hashes every distance: their sorting dominates, and a
 * 2,048-atom fcc block (2.1 M distances) took 0.42–0.44 s once per file version on the project's
 * shared 2-core machine (864 atoms: 0.08 s; 2,916: 0.75–0.95 s). A 10 MB file
 * (MAX_STRUCTURE_FILE_BYTES) may hold 250,000 atoms, 3·10¹⁰ distances. The clusters Bimetal's
 * models are fitted on have 13–147 atoms, and a DFT-relaxed core a user labels rarely has 2,000.
 */
export const ALL_DISTANCES_MAX_ATOMS = 2000;

/** Every distance between two atoms, grouped by their pair of elements (`Au-Pt`, …), each pair once. */
function distancesByElementPair(positions: Float64Array, kinds: Int32Array, symbols: readonly string[], counts: readonly number[]): Map<string, Float64Array> {
  const k = symbols.length;
  const groups = Array.from({ length: k * k }, (_, slot) => {
    const [a, b] = [Math.floor(slot / k), slot % k];
    return new Float64Array(a > b ? 0 : a === b ? (counts[a] * (counts[a] - 1)) / 2 : counts[a] * counts[b]);
  });
  const filled = new Int32Array(k * k);
  for (let i = 0; i < kinds.length; i++) {
    for (let j = i + 1; j < kinds.length; j++) {
      const slot = pairSlot(kinds[i], kinds[j], k);
      groups[slot][filled[slot]++] = Math.sqrt(squaredDistance(positions, i, j));
    }
  }
  return pairGroups(groups, symbols);
}

/**
 * The weaker shape of a large core (structureIdentity): each element's distances to the centroid
 * of all the metal atoms, and each pair of elements' nearest-neighbour bond lengths (the geometry's
 * bonds, already found through its grid), in O(n + bonds).
 */
function shapeNearCentre({ positions, bonds }: CoreGeometry, kinds: Int32Array, symbols: readonly string[]): Map<string, Float64Array> {
  const n = kinds.length;
  const centroid = [0, 1, 2].map((axis) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += positions[3 * i + axis];
    return sum / n;
  });
  const groups = new Map<string, Float64Array>();
  symbols.forEach((symbol, kind) => {
    const atoms = [...kinds.keys()].filter((i) => kinds[i] === kind);
    groups.set(`${symbol}-centre`, Float64Array.from(atoms, (i) => Math.hypot(...centroid.map((c, axis) => positions[3 * i + axis] - c))));
  });
  const k = symbols.length;
  const lengths = Array.from({ length: k * k }, (): number[] => []);
  for (const [i, j] of bonds) lengths[pairSlot(kinds[i], kinds[j], k)].push(Math.sqrt(squaredDistance(positions, i, j)));
  for (const [label, bondLengths] of pairGroups(lengths.map((l) => Float64Array.from(l)), symbols)) groups.set(`${label} bonds`, bondLengths);
  return groups;
}

/** The slot of elements a and b (indices into the sorted symbols, of k) in a k × k table, the same either way round. */
function pairSlot(a: number, b: number, k: number): number {
  return a <= b ? a * k + b : b * k + a;
}

/** The filled slots of a pair table, by their elements' names (`Au-Pt`). */
function pairGroups(slots: readonly Float64Array[], symbols: readonly string[]): Map<string, Float64Array> {
  const k = symbols.length;
  const groups = new Map<string, Float64Array>();
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) if (slots[a * k + b].length > 0) groups.set(`${symbols[a]}-${symbols[b]}`, slots[a * k + b]);
  return groups;
}

/** The values' bytes in one order on every machine: an identity is kept in calibration files, which travel. */
function littleEndianBytes(values: Float64Array): Uint8Array {
  const bytes = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => bytes.setFloat64(8 * i, v, true));
  return new Uint8Array(bytes.buffer);
}
