import { ELEMENT_SYMBOLS, isMetal, symbolIgnoringCase } from '../periodicTable';
import { roundedText } from '../numberText';
import { convertUnit, unrepresentableNumber } from '../storedNumbers';
import { BOHR_IN_ANGSTROM } from './coordinateUnits';
import { AtomSearch, meanBondLength, neighbourGraph, siteLabels, squaredDistance } from './neighbours';
import type { SearchWork } from '../spatial/pointTree';
import type { CoreGeometry, GeometryError } from './types';

/**
 * Reads the first frame of an XYZ text: a count line, a comment line, then one `El x y z` line
 * per atom (further columns ignored). Further frames (a trajectory, or several structures) are
 * counted, not read: `frames` says how many there are, for the user to be told which is used;
 * an atom line right after the first frame (more atoms than its count line says) is an error,
 * where it was dropped unseen; anything else after the frames ends them. The comment may be an
 * extended-XYZ header; when it has `Properties=…`, the species and pos columns are taken from it; when it states the positions'
 * unit as i-PI does (`positions{atomic_unit}`), they are converted to Å. Elements may be symbols
 * in any case or atomic numbers. Only metal atoms are kept (ligand and support atoms do not enter D);
 * their neighbour graph follows neighbours.ts. Two metal atoms on one site (OVERLAP_FRACTION) and
 * coordinates too large to measure (MAX_COORDINATE) are errors: either would give a wrong D. Every
 * search of the atoms counts its work in `work` when one is given (a statistic for tests).
 */
export function parseXyz(text: string, work?: SearchWork): CoreGeometry | GeometryError {
  const lines = text.split(/\r?\n/);
  const countText = lines[0]?.trim() ?? '';
  // Never quote the file: a path the user did not mean (or an attacker chose) must not leak its content.
  if (!/^\d+$/.test(countText)) {
    return { error: countText === '' ? 'not an XYZ file: line 1 is empty where the atom count belongs' : 'not an XYZ file: line 1 is not an atom count' };
  }
  const count = Number(countText);
  if (count === 0) return { error: 'line 1: the atom count is 0' };
  if (lines.length < 2 + count || lines.slice(2, 2 + count).some((l) => l.trim() === '')) {
    const found = lines.slice(2).findIndex((l) => l.trim() === '');
    const atoms = found === -1 ? Math.max(0, lines.length - 2) : found;
    return { error: `the file announces ${count} atoms but has ${atoms} atom line${atoms === 1 ? '' : 's'}` };
  }
  const frames = frameCount(lines, 2 + count);
  if (typeof frames !== 'number') return frames;
  const columns = columnLayout(lines[1]);
  if ('error' in columns) return { error: `line 2: ${columns.error}` };
  const unit = statedLengthUnit(lines[1]);
  if ('error' in unit) return { error: `line 2: ${unit.error}` };

  const elements: string[] = [];
  const coordinates: number[] = [];
  /** The line each kept metal atom was read from, to name atoms in messages. */
  const metalLines: number[] = [];
  let ignored = 0;
  for (let a = 0; a < count; a++) {
    const lineNumber = a + 3;
    const fields = lines[a + 2].trim().split(/\s+/);
    if (fields.length < Math.max(columns.species, columns.pos + 2) + 1) {
      return { error: `line ${lineNumber}: expected 'Element x y z', found ${fields.length} column${fields.length === 1 ? '' : 's'}` };
    }
    const symbol = elementSymbol(fields[columns.species]);
    if (!symbol) return { error: `line ${lineNumber}: the species column is not an element symbol or atomic number` };
    const xyz: number[] = [];
    for (const field of fields.slice(columns.pos, columns.pos + 3)) {
      const coordinate = coordinateInAngstrom(field, unit.angstrom);
      if (typeof coordinate !== 'number') return { error: `line ${lineNumber}: ${coordinate.error}` };
      xyz.push(coordinate);
    }
    const tooLarge = xyz.find((v) => Math.abs(v) > MAX_COORDINATE);
    if (tooLarge !== undefined) {
      return { error: `line ${lineNumber}: the coordinate ${tooLarge} is too large to measure distances from (coordinates must lie within ±${MAX_COORDINATE} Å)` };
    }
    if (!isMetal(symbol)) {
      ignored++;
      continue;
    }
    elements.push(symbol);
    coordinates.push(...xyz);
    metalLines.push(lineNumber);
  }
  if (elements.length < 2) {
    return { error: `the file has ${elements.length === 0 ? 'no metal atoms' : 'a single metal atom'}; D needs at least two` };
  }
  const positions = Float64Array.from(coordinates);
  const span = Math.max(...[0, 1, 2].map((d) => coordinateSpan(positions, d)));
  if (span > 0 && span < MIN_SPAN) {
    return { error: `the metal atoms all lie within ${span.toPrecision(3)} Å of one another, too close to measure distances between (at least ${MIN_SPAN} Å across is needed); coordinates must be in Å` };
  }
  const graph = neighbourGraph(positions, work);
  const { bonds } = graph;
  const overlap = overlappingPair(positions, bonds);
  if (overlap) {
    const [i, j] = overlap.atoms;
    return {
      error:
        `metal atoms overlap: ${elements[i]} on line ${metalLines[i]} and ${elements[j]} on line ${metalLines[j]} are ${roundedText(overlap.distance, 3)} Å apart, ` +
        `at most ${OVERLAP_FRACTION} × the file's median metal–metal bond of ${roundedText(overlap.medianBond, 3)} Å: two atoms on one site; remove the duplicate`,
    };
  }
  const labels = siteLabels(positions, graph);
  const meanNearestNeighbourDistance = meanBondLength(positions, bonds);
  const strays = strayAtoms(positions, bonds, meanNearestNeighbourDistance, work);
  return {
    positions,
    elements,
    labels,
    bonds,
    meanNearestNeighbourDistance,
    origin: `XYZ file${frames > 1 ? `, frame 1 of ${frames}` : ''}: ${elements.length} metal atoms${ignored ? `, ${ignored} non-metal atoms ignored` : ''}${unit.name ? `, positions in ${unit.name} as its comment line states` : ''}`,
    ...(frames > 1 ? { frames } : {}),
    ...(strays.length > 0 ? { strays: strays.length, strayLine: metalLines[strays[0]] } : {}),
  };
}

/** Metal atoms farther than this many D from every atom of the cluster are strays, no part of it. */
const STRAY_DISTANCE_FACTOR = 2;

/**
 * The metal atoms (indices, in file order) that lie farther than STRAY_DISTANCE_FACTOR × D from every atom of the cluster:
 * the largest group the bonds join. A smaller group within that distance belongs to it (the gold
 * atoms of a thiolate shell's staples sit 3–3.5 Å from the core, bound through sulfur, with no
 * metal–metal bond); one beyond it (a line with a wrong coordinate, atoms left from another
 * structure) does not. Each other atom asks a search of the cluster's atoms alone for its nearest
 * one: asking the neighbour graph's search, of every atom, for those within the reach listed a dense
 * group's own atoms to each of its atoms (a second structure of 13,500 atoms, beside a sparse shell
 * that raised D to 61 Å, took 3.6 s).
 */
function strayAtoms(positions: Float64Array, bonds: ReadonlyArray<readonly [number, number]>, meanBond: number, work?: SearchWork): number[] {
  const group = bondedGroups(positions.length / 3, bonds);
  const sizes = new Map<number, number>();
  for (const g of group) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  if (sizes.size === 1) return [];
  const cluster = [...sizes].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const reachSq = (STRAY_DISTANCE_FACTOR * meanBond) ** 2;
  const members: number[] = [];
  group.forEach((g, i) => {
    if (g === cluster) members.push(i);
  });
  const clusterSearch = new AtomSearch(positions, Int32Array.from(members), work);
  // A group is near the cluster when any of its atoms is.
  const nearGroups = new Set<number>();
  group.forEach((g, i) => {
    if (g !== cluster && !nearGroups.has(g) && clusterSearch.nearest(i).squaredDistance <= reachSq) nearGroups.add(g);
  });
  const strays: number[] = [];
  group.forEach((g, i) => {
    if (g !== cluster && !nearGroups.has(g)) strays.push(i);
  });
  return strays;
}

/** Each atom's group, the representative of the atoms the bonds join to it (union–find). */
function bondedGroups(atoms: number, bonds: ReadonlyArray<readonly [number, number]>): Int32Array {
  const parent = Int32Array.from({ length: atoms }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const [i, j] of bonds) parent[root(i)] = root(j);
  return parent.map((_, i) => root(i));
}

/** Whether a line reads as an atom: an element symbol or atomic number, then three decimal coordinates. */
function isAtomLine(line: string): boolean {
  const [species, ...coordinates] = line.split(/\s+/);
  return elementSymbol(species) !== undefined && coordinates.length >= 3 && coordinates.slice(0, 3).every((field) => DECIMAL_NUMBER.test(field));
}

/**
 * How many frames an XYZ text holds whose first frame's atoms end before line index `next`: blank
 * lines may follow a frame, and each further frame starts with its count line. An atom line where
 * the second frame's count belongs is an error; any other line ends the frames. Later frames are
 * only stepped over by their counts, not read.
 */
function frameCount(lines: readonly string[], next: number): number | GeometryError {
  let frames = 1;
  let at = next;
  for (;;) {
    while (at < lines.length && lines[at].trim() === '') at++;
    if (at >= lines.length) return frames;
    const count = lines[at].trim();
    if (!/^\d+$/.test(count)) {
      // An atom past the count would be dropped unseen; a trailer some programs write (`END`, a control character) is no atom.
      return frames === 1 && isAtomLine(count) ? { error: `line ${at + 1}: an atom line follows the atoms that line 1 counts; correct the count on line 1, or remove it` } : frames;
    }
    frames++;
    at += 2 + Number(count);
  }
}

/**
 * One coordinate field in Å (`unitInAngstrom`: the size of the file's unit), or why it cannot be
 * one: not a number, or a number a double cannot hold as written or once in Å (storedNumbers.ts;
 * with the units read now, Å and bohr, a number a double holds stays one). The field is not
 * quoted: it is the file's text, and a run of digits can be megabytes long.
 */
function coordinateInAngstrom(field: string, unitInAngstrom: number): number | GeometryError {
  // Number() also reads `Infinity`, `0x2`, `0b1` and `0o7`, none of which a file of coordinates means.
  if (!DECIMAL_NUMBER.test(field)) return { error: 'coordinates must be numbers' };
  const written = Number(field);
  const unrepresentable = unrepresentableNumber(field);
  if (unrepresentable) return { error: `a coordinate is ${unrepresentable}` };
  const converted = convertUnit(written, unitInAngstrom);
  return 'problem' in converted ? { error: `a coordinate converted to Å is ${converted.problem}` } : converted.value;
}

/** A coordinate as XYZ files write it: decimal, with an optional exponent (`1.5`, `-.5`, `2.`, `3e-2`). */
const DECIMAL_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * The largest coordinate magnitude read, Å: a round number below √(Number.MAX_VALUE / 12) ≈
 * 3.9·10¹⁵³, where the squared distance of two atoms ((2c)² on each of three axes) would overflow.
 * Beyond it every pair became a bond of infinite length and D came out as Infinity. The bound is
 * numerical, not physical: a file whose coordinates are merely absurd (a stray atom 10⁹ Å away)
 * still gives a finite D, which the pipeline then holds to what its metals allow (BM316).
 */
export const MAX_COORDINATE = 1e153;

/**
 * The smallest extent, Å, of a file's metal atoms along its longest axis that can be measured: a
 * round number above √(the smallest normal double, 2.2·10⁻³⁰⁸) ≈ 1.5·10⁻¹⁵⁴, where squared distances
 * lose their digits and then read as 0. Below it a 147-atom icosahedron written at 10⁻¹⁷⁰ Å had
 * every bond 0 Å long, and was refused as two atoms on one site to be removed. Atoms all on one
 * point (an extent of 0) are that, and the overlap check says so.
 */
export const MIN_SPAN = 1e-150;

/** The largest difference between two atoms' coordinates along axis d. */
function coordinateSpan(positions: Float64Array, d: number): number {
  let low = Infinity;
  let high = -Infinity;
  for (let k = d; k < positions.length; k += 3) {
    low = Math.min(low, positions[k]);
    high = Math.max(high, positions[k]);
  }
  return high - low;
}

/**
 * Two metal atoms closer than this share of the file's median metal–metal bond are taken to sit on
 * one site (a line written twice, or a copy shifted a little). The bound is physical: the CN12
 * metallic radii of the metals Bimetal has data for run from 1.24 Å (Ni) to 2.042 Å (Eu), so the
 * shortest bond two of them form (2.48 Å) is 0.61 of the longest (4.08 Å), and no real pair in a
 * cluster sits below about 0.6 of its typical bond; 0.5 leaves room for strain. Relative, not in
 * Å, so that a file in other units (nm, bohr) is not mistaken for overlapping atoms: its D is
 * held to what its metals allow instead (pipeline BM316). An overlap must be refused, not
 * averaged: the pair makes one bond of length ~0, and the cut-off 1.2 × min(nn_i, nn_j) then
 * drops both atoms' real bonds (an Au13 icosahedron plus a copy of one atom read D = 2.80 Å
 * instead of 2.88 Å, and a copy of the centre made the centre a surface atom).
 */
export const OVERLAP_FRACTION = 0.5;

/**
 * The closest pair of metal atoms when it is closer than OVERLAP_FRACTION × the median bond. The
 * closest pair of a file is always one of its bonds (each atom is the other's nearest, so their
 * distance is within the cut-off of both), so the bonds alone find it.
 */
function overlappingPair(
  positions: Float64Array,
  bonds: ReadonlyArray<readonly [number, number]>,
): { atoms: readonly [number, number]; distance: number; medianBond: number } | undefined {
  const lengths = Float64Array.from(bonds, ([i, j]) => Math.sqrt(squaredDistance(positions, i, j)));
  let shortest = 0;
  for (let b = 1; b < lengths.length; b++) if (lengths[b] < lengths[shortest]) shortest = b;
  const sorted = lengths.slice().sort();
  const middle = sorted.length >> 1;
  const medianBond = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  // `<=`: when every bond has length 0 (all atoms on one point), the median is 0 too.
  if (!(lengths[shortest] <= OVERLAP_FRACTION * medianBond)) return undefined;
  return { atoms: bonds[shortest], distance: lengths[shortest], medianBond };
}

/**
 * The length units i-PI names in its XYZ comment line (`positions{atomic_unit}`, its default, or
 * `positions{angstrom}`), in Å. Every other writer states no unit and means Å; a file that states
 * one must not be read in Å regardless, or an i-PI file in bohr gives D 1.89 times too long.
 */
const STATED_LENGTH_UNITS: Readonly<Record<string, number>> = { angstrom: 1, atomic_unit: BOHR_IN_ANGSTROM };

/** The positions' unit the comment line states (i-PI's `positions{…}`), or Å with no name when it states none. */
function statedLengthUnit(comment: string): { name?: string; angstrom: number } | GeometryError {
  const match = /(?:^|\s)positions\{([^}]*)\}/i.exec(comment);
  if (!match) return { angstrom: 1 };
  const name = match[1].trim().toLowerCase();
  // Only the table's own keys: `positions{constructor}` names no unit.
  const angstrom = Object.hasOwn(STATED_LENGTH_UNITS, name) ? STATED_LENGTH_UNITS[name] : undefined;
  if (angstrom === undefined) {
    const known = Object.keys(STATED_LENGTH_UNITS).map((unit) => `positions{${unit}}`).join(' and ');
    return { error: `the comment line states the positions in a unit Bimetal cannot convert (it reads ${known}); write the coordinates in Å` };
  }
  return { name, angstrom };
}

interface ColumnLayout {
  species: number;
  pos: number;
}

/** Column positions from an extended-XYZ `Properties=name:type:count:…` header, else 0 and 1. */
function columnLayout(comment: string): ColumnLayout | GeometryError {
  const match = /(?:^|\s)properties=(\S+)/i.exec(comment);
  if (!match) return { species: 0, pos: 1 };
  const parts = match[1].replace(/^"|"$/g, '').split(':');
  const malformed = { error: 'malformed extended-XYZ Properties= header (expected name:type:count triples)' };
  if (parts.length % 3 !== 0) return malformed;
  let column = 0;
  let species = -1;
  let pos = -1;
  for (let p = 0; p < parts.length; p += 3) {
    const name = parts[p].toLowerCase();
    const width = Number(parts[p + 2]);
    if (!Number.isInteger(width) || width < 1) return malformed;
    if (name === 'species') species = column;
    if (name === 'pos') pos = column;
    column += width;
  }
  if (species < 0 || pos < 0) return { error: 'the Properties= header names no species or pos column' };
  return { species, pos };
}

function elementSymbol(field: string): string | undefined {
  if (/^\d+$/.test(field)) return ELEMENT_SYMBOLS[Number(field) - 1];
  return symbolIgnoringCase(field);
}
