import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { CoreGeometry } from '../../engine/src/geometry/types';
import { BOHR_IN_ANGSTROM, plausibleDistanceForMetals, RADIUS_BOND_SCALE } from '../../engine/src/geometry/coordinateUnits';
import { arrangementNote, filePlacesDopant, structureArrangement, structureSizeMismatch, type StructureArrangement } from '../../engine/src/geometry/structureFit';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { roundedText } from '../../engine/src/numberText';
import { tidy } from '../../engine/src/significant';
import { DISTANCE_UNITS, PLAUSIBLE_DISTANCE_RANGE } from '../../grammar/src/vocabulary';
import { squaredDistance } from '../../engine/src/geometry/neighbours';
import { LruCache } from './lruCache';
import type { StructureAccess } from './structureAccess';

/**
 * `structure "core.xyz"` files: checked against the access rules (structureAccess.ts), then read
 * by the bounded reader once per version of the file (its size and modification time), so editing
 * a recipe does not re-read it and editing the file does. Members of one document that name the
 * same path share one look-up.
 */
export const STRUCTURE_CODES = {
  /** The file cannot be used: refused, missing, unreadable or not XYZ. */
  file: 'BM310',
  /** The file holds another number of metal atoms than host + dopant (structureFit.ts). */
  size: 'BM311',
  /** The file holds two other metals in the recipe's counts: its arrangement is read with the recipe's metals. */
  relabelled: 'BM312',
  /** The file does not place the dopant and no site is stated: D and the sites are used, no ordering energy. */
  noOrdering: 'BM313',
  /** A `site core` or `site surface` beside a file that places the dopant atoms itself: not used. */
  siteNotUsed: 'BM314',
  /** A file that does not place the dopant, beside a stated `site core` or `site surface`, which then does. */
  siteStands: 'BM315',
  /** The file's D lies outside what its metals allow (or, without their radii, BM217's range): its coordinates are probably not in Å. */
  implausibleDistance: 'BM316',
} as const;

export interface StructureResult {
  geometry?: CoreGeometry;
  /** Identifies the file version; part of the member cache key. */
  stamp: string;
  /** What this member is told about its file; an error when the file cannot be used for it. */
  diagnostics: readonly BimetalDiagnostic[];
  /** How the file's arrangement of elements reads for this member (structureFit.ts); none when it cannot be used. */
  arrangement?: StructureArrangement;
  /**
   * What the file holds, as a material (structureIdentity); none when it could not be read. Made on
   * first call and kept with the file's reading: only a labelled recipe's material key asks, and a
   * 2,000-atom file costs ~0.4 s, which a batch without labels should not pay.
   */
  identity?: () => string;
}

/** A file that was read, as the result of every member it holds the own metals of without remark: one object for them all. */
type Read = StructureResult & { geometry: CoreGeometry; identity: () => string };
type Located = Read | { message: string; stamp: string };

const NO_DIAGNOSTICS: readonly BimetalDiagnostic[] = [];

const NO_STRUCTURE: StructureResult = { stamp: '', diagnostics: NO_DIAGNOSTICS };

export class StructureFiles {
  /** Each file version's reading (by its stamp), with its identity, so neither is made again while the file is unchanged. */
  private readonly cache = new LruCache<string, Located>(256);

  /** The structure of each member of one scoring run of a document. */
  forDocument(access: StructureAccess): (spec: RecipeSpec) => Promise<StructureResult> {
    const located = new Map<string, Promise<Located>>();
    return async (spec) => {
      if (spec.structure === undefined) return NO_STRUCTURE;
      let pending = located.get(spec.structure);
      if (!pending) located.set(spec.structure, (pending = this.locate(spec.structure, access)));
      const result = await pending;
      const range = spec.ranges?.structure ?? spec.ranges?.name ?? { start: 0, end: 0 };
      if (!('geometry' in result)) return { stamp: result.stamp, diagnostics: [{ code: STRUCTURE_CODES.file, severity: 'error', message: result.message, range }] };
      return withFit(result, spec, range);
    };
  }

  private async locate(requested: string, access: StructureAccess): Promise<Located> {
    // Node only, loaded on demand: the Web Worker build has no file system.
    const [{ stat }, { createHash }, { allowedStructurePath }, { readXyzStructure }] = await Promise.all([
      import('node:fs/promises'),
      import('node:crypto'),
      import('./structureAccess'),
      import('../../engine/src/geometry/xyzFile'),
    ]);
    const allowed = await allowedStructurePath(requested, access);
    if ('refusal' in allowed) return { message: allowed.refusal, stamp: `refused:${allowed.refusal}` };
    let stamp: string;
    try {
      const info = await stat(allowed.file);
      stamp = `${allowed.file}:${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch {
      return { message: `Structure file ${JSON.stringify(requested)} not found`, stamp: `${allowed.file}:missing` };
    }
    let found = this.cache.get(stamp);
    if (!found) {
      const geometry = readXyzStructure(allowed.file);
      found =
        'error' in geometry
          ? { message: geometry.error, stamp }
          : { geometry, stamp, diagnostics: NO_DIAGNOSTICS, arrangement: { kind: 'own', elements: geometry.elements }, identity: once(() => structureIdentity(geometry, createHash)) };
      this.cache.set(stamp, found);
    }
    return found;
  }
}

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
 */
function structureIdentity(geometry: CoreGeometry, createHash: typeof import('node:crypto').createHash): string {
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

/** `make`, called at most once: its result kept for every later call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
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

/**
 * The file's geometry with what its fit to this member says: another number of metal atoms is an
 * error (the featuriser refuses such a member too); other metals in the right number, information
 * when its arrangement is read with the recipe's metals or a stated site stands in for it, a warning
 * when neither does; a stated site the file makes unused, a warning on the site; and a D outside
 * what the file's metals allow, a warning (BM316). Made per member, since the members of one
 * family differ in counts, elements and distances.
 */
function withFit(found: Read, spec: RecipeSpec, range: OffsetRange): StructureResult {
  const distanceWarning = implausibleFileDistance(found.geometry, spec, range);
  const diagnostics: BimetalDiagnostic[] = distanceWarning ? [distanceWarning] : [];
  const sizeMismatch = structureSizeMismatch(found.geometry, spec);
  if (sizeMismatch) return { ...found, diagnostics: [{ code: STRUCTURE_CODES.size, severity: 'error', message: sizeMismatch, range }, ...diagnostics], arrangement: undefined };
  const arrangement = structureArrangement(found.geometry, spec);
  const note = arrangementNote(found.geometry, spec, arrangement);
  if (note !== undefined) {
    const unplaced = arrangement.kind === 'none' && spec.site === 'mixed';
    const code = arrangement.kind === 'relabelled' ? STRUCTURE_CODES.relabelled : unplaced ? STRUCTURE_CODES.noOrdering : STRUCTURE_CODES.siteStands;
    diagnostics.push({ code, severity: unplaced ? 'warning' : 'information', message: note, range });
  }
  if (filePlacesDopant(arrangement) && spec.site !== 'mixed') {
    diagnostics.push({
      code: STRUCTURE_CODES.siteNotUsed,
      severity: 'warning',
      message: `the structure file places the dopant atoms itself, so 'site ${spec.site}' is not used; remove it`,
      range: spec.ranges?.site ?? range,
      data: { removable: true },
    });
  }
  // The file's own metals without remark: every such member shares the file's one result.
  return diagnostics.length === 0 && arrangement.kind === 'own' ? found : { ...found, diagnostics, arrangement };
}

/**
 * The units a structure file's coordinates may be in besides Å: the distance units of a recipe,
 * and the bohr that quantum-chemistry codes write.
 */
const FILE_DISTANCE_UNITS: Readonly<Record<string, number>> = { ...DISTANCE_UNITS, bohr: BOHR_IN_ANGSTROM };

/** Each file's BM316 message (null: its D is plausible), once per file read: the members of a family share it, and a large file has many bonds to sum. */
const unitsMessages = new WeakMap<CoreGeometry, string | null>();

/**
 * The file's D held to what its metals allow: XYZ coordinates are read in Å, and a D far from the
 * metals' bond lengths says they are in other units (a file in nm reads 10 times short, one in
 * bohr 1.89 times long). Where every metal has a metallic radius the range is the band real
 * clusters lie in around r_i + r_j (coordinateUnits.ts); otherwise it is the plausible range of a
 * written `distance` (BM217). Not said where the recipe's own `distance` replaces the file's D:
 * the neighbour graph and the sites do not depend on the units.
 */
function implausibleFileDistance(geometry: CoreGeometry, spec: RecipeSpec, range: OffsetRange): BimetalDiagnostic | undefined {
  if (spec.distance !== undefined) return undefined;
  let message = unitsMessages.get(geometry);
  if (message === undefined) unitsMessages.set(geometry, (message = unitsMessage(geometry)));
  if (message === null) return undefined;
  return { code: STRUCTURE_CODES.implausibleDistance, severity: 'warning', message, range, data: { angstrom: geometry.meanNearestNeighbourDistance } };
}

function unitsMessage(geometry: CoreGeometry): string | null {
  const angstrom = geometry.meanNearestNeighbourDistance;
  const forMetals = plausibleDistanceForMetals(geometry);
  const { min, max } = forMetals ?? PLAUSIBLE_DISTANCE_RANGE;
  if (angstrom >= min && angstrom <= max) return null;
  const plausible = forMetals
    ? `the ${roundedText(min, 2)}–${roundedText(max, 2)} Å its metals allow (${RADIUS_BOND_SCALE.min}–${RADIUS_BOND_SCALE.max} × their bond length from metallic radii, r_i + r_j = ${roundedText(forMetals.radiusBond, 3)} Å)`
    : `the plausible ${min}–${max} Å`;
  const plausibleIn = Object.entries(FILE_DISTANCE_UNITS).find(([, factor]) => factor !== 1 && angstrom * factor >= min && angstrom * factor <= max);
  const hint = plausibleIn ? `; read in ${plausibleIn[0]}, D would be ${tidy(angstrom * plausibleIn[1])} Å` : '';
  return `the structure file's mean metal–metal distance D = ${tidy(angstrom)} Å is outside ${plausible}: XYZ coordinates are read in Å, and this file's are probably in other units${hint}`;
}
