import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { CoreGeometry } from '../../engine/src/geometry/types';
import { BOHR_IN_ANGSTROM, plausibleDistanceForMetals, RADIUS_BOND_SCALE } from '../../engine/src/geometry/coordinateUnits';
import { arrangementNote, filePlacesDopant, structureArrangement, structureSizeMismatch, type StructureArrangement } from '../../engine/src/geometry/structureFit';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { roundedText } from '../../engine/src/numberText';
import { tidy } from '../../engine/src/significant';
import type { FamilyHead } from '../../grammar/src/families';
import { DISTANCE_UNITS, PLAUSIBLE_DISTANCE_RANGE } from '../../grammar/src/vocabulary';
import type { TimeSlices } from '../../report/src/timeSlices';
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
  /** The file holds several frames (a trajectory, or several structures): only the first is read. */
  frames: 'BM317',
  /** Metal atoms of the file lie far from the cluster (more than 2 × D from all its atoms): strays, no part of it. */
  strays: 'BM318',
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
   * What the file holds, as a material (geometry/structureIdentity.ts); none when it could not be
   * read. Made on first call and kept with the file's reading: only a labelled recipe's material key
   * asks, and a 2,000-atom file costs ~0.4 s, which a batch without labels should not pay.
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

  /**
   * The structure of each member of one scoring run of a document. `heads` are the heads of the
   * very member list whose members are then looked up: the members of one recipe share its file,
   * so its head names it. Every file they name is located (and, where allowed, read) before the
   * first member asks, so that the look-up is synchronous: the scorer asks for every member of a
   * batch, and a promise per member cost a sweep a turn of the microtask queue each (c9bcca8).
   * Between files the editor's `slices` yield, and throw once the run was aborted: a file refused
   * without I/O resolves in microtasks alone, and 10,000 of them would hold the event loop.
   */
  async forDocument(heads: readonly FamilyHead[], access: StructureAccess, slices?: TimeSlices): Promise<(spec: RecipeSpec) => StructureResult> {
    const located = new Map<string, Located>();
    for (const { first } of heads) {
      if (first.structure === undefined || located.has(first.structure)) continue;
      located.set(first.structure, await this.locate(first.structure, access));
      if (slices?.due) await slices.next();
    }
    return (spec) => {
      if (spec.structure === undefined) return NO_STRUCTURE;
      const result = located.get(spec.structure);
      if (!result) throw new Error(`structure file ${JSON.stringify(spec.structure)} is named by a member but by none of its document's recipe heads`);
      const range = spec.ranges?.structure ?? spec.ranges?.name ?? { start: 0, end: 0 };
      if (!('geometry' in result)) return { stamp: result.stamp, diagnostics: [{ code: STRUCTURE_CODES.file, severity: 'error', message: result.message, range }] };
      return withFit(result, spec, range);
    };
  }

  private async locate(requested: string, access: StructureAccess): Promise<Located> {
    const { allowedStructurePath } = await import('./structureAccess');
    const allowed = await allowedStructurePath(requested, access);
    if ('refusal' in allowed) return { message: allowed.refusal, stamp: `refused:${allowed.refusal}` };
    // Node only, loaded on demand: the Web Worker build has no file system, and was refused above.
    const [{ stat }, { readXyzStructure }, { structureIdentity }] = await Promise.all([
      import('node:fs/promises'),
      import('../../engine/src/geometry/xyzFile'),
      import('../../engine/src/geometry/structureIdentity'),
    ]);
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
          : { geometry, stamp, diagnostics: NO_DIAGNOSTICS, arrangement: { kind: 'own', elements: geometry.elements }, identity: once(() => structureIdentity(geometry)) };
      this.cache.set(stamp, found);
    }
    return found;
  }
}

/** `make`, called at most once: its result kept for every later call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * The file's geometry with what its fit to this member says: another number of metal atoms is an
 * error (the featuriser refuses such a member too); other metals in the right number, information
 * when its arrangement is read with the recipe's metals or a stated site stands in for it, a warning
 * when neither does; a stated site the file makes unused, a warning on the site; a D outside
 * what the file's metals allow, a warning (BM316); a file of several frames (BM317) or with a metal
 * atom far from every other (BM318), a warning. Made per member, since the members of one
 * family differ in counts, elements and distances.
 */
function withFit(found: Read, spec: RecipeSpec, range: OffsetRange): StructureResult {
  const distanceWarning = implausibleFileDistance(found.geometry, spec, range);
  const diagnostics: BimetalDiagnostic[] = distanceWarning ? [distanceWarning] : [];
  const { frames } = found.geometry;
  if (frames !== undefined) {
    const message = `the structure file holds ${frames} frames (the steps of an optimisation, or several structures); only the first is read, which for an optimisation is its starting geometry: save the frame meant in a file of its own`;
    diagnostics.push({ code: STRUCTURE_CODES.frames, severity: 'warning', message, range });
  }
  const { strays, strayLine } = found.geometry;
  if (strays !== undefined) {
    const message =
      strays === 1
        ? `the metal atom on line ${strayLine} of the structure file lies more than 2 × D from every atom of the cluster: no part of it, yet counted as a surface atom; correct its coordinates or remove it`
        : `${strays} metal atoms of the structure file (the first on line ${strayLine}) lie more than 2 × D from every atom of the cluster: no part of it, yet counted as surface atoms; correct their coordinates or remove them`;
    diagnostics.push({ code: STRUCTURE_CODES.strays, severity: 'warning', message, range });
  }
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
