import { ELEMENT_SYMBOLS, isMetal, symbolIgnoringCase } from '../periodicTable';
import { meanBondLength, nearestNeighbourBonds, siteLabels } from './neighbours';
import type { CoreGeometry, GeometryError } from './types';

/**
 * Reads the first frame of an XYZ text: a count line, a comment line, then one `El x y z` line
 * per atom (further columns ignored). The comment may be an extended-XYZ header; when it has
 * `Properties=…`, the species and pos columns are taken from it. Elements may be symbols in any
 * case or atomic numbers. Only metal atoms are kept (ligand and support atoms do not enter D);
 * their neighbour graph follows neighbours.ts.
 */
export function parseXyz(text: string): CoreGeometry | GeometryError {
  const lines = text.split(/\r?\n/);
  const countText = lines[0]?.trim() ?? '';
  if (!/^\d+$/.test(countText)) {
    return { error: `line 1: expected the atom count, found ${countText === '' ? 'an empty line' : `'${truncate(countText)}'`}` };
  }
  const count = Number(countText);
  if (count === 0) return { error: 'line 1: the atom count is 0' };
  if (lines.length < 2 + count || lines.slice(2, 2 + count).some((l) => l.trim() === '')) {
    const found = lines.slice(2).findIndex((l) => l.trim() === '');
    const atoms = found === -1 ? Math.max(0, lines.length - 2) : found;
    return { error: `the file announces ${count} atoms but has ${atoms} atom line${atoms === 1 ? '' : 's'}` };
  }
  const columns = columnLayout(lines[1]);
  if ('error' in columns) return { error: `line 2: ${columns.error}` };

  const elements: string[] = [];
  const coordinates: number[] = [];
  let ignored = 0;
  for (let a = 0; a < count; a++) {
    const lineNumber = a + 3;
    const fields = lines[a + 2].trim().split(/\s+/);
    if (fields.length < Math.max(columns.species, columns.pos + 2) + 1) {
      return { error: `line ${lineNumber}: expected 'Element x y z', found '${truncate(lines[a + 2].trim())}'` };
    }
    const symbol = elementSymbol(fields[columns.species]);
    if (!symbol) return { error: `line ${lineNumber}: '${truncate(fields[columns.species])}' is not an element` };
    const xyz = fields.slice(columns.pos, columns.pos + 3).map(Number);
    if (xyz.some((v) => !Number.isFinite(v))) {
      return { error: `line ${lineNumber}: coordinates must be numbers, found '${fields.slice(columns.pos, columns.pos + 3).join(' ')}'` };
    }
    if (!isMetal(symbol)) {
      ignored++;
      continue;
    }
    elements.push(symbol);
    coordinates.push(...xyz);
  }
  if (elements.length < 2) {
    return { error: `the file has ${elements.length === 0 ? 'no metal atoms' : 'a single metal atom'}; D needs at least two` };
  }
  const positions = Float64Array.from(coordinates);
  const bonds = nearestNeighbourBonds(positions);
  const labels = siteLabels(elements.length, bonds);
  const meanNearestNeighbourDistance = meanBondLength(positions, bonds);
  if (!(meanNearestNeighbourDistance > 0)) return { error: 'metal atoms sit on top of each other (zero distance)' };
  return {
    positions,
    elements,
    labels,
    bonds,
    meanNearestNeighbourDistance,
    origin: `XYZ file: ${elements.length} metal atoms${ignored ? `, ${ignored} non-metal atoms ignored` : ''}`,
  };
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
  if (parts.length % 3 !== 0) return { error: `malformed Properties=${match[1]}` };
  let column = 0;
  let species = -1;
  let pos = -1;
  for (let p = 0; p < parts.length; p += 3) {
    const name = parts[p].toLowerCase();
    const width = Number(parts[p + 2]);
    if (!Number.isInteger(width) || width < 1) return { error: `malformed Properties=${match[1]}` };
    if (name === 'species') species = column;
    if (name === 'pos') pos = column;
    column += width;
  }
  if (species < 0 || pos < 0) return { error: `Properties=${match[1]} names no species or pos column` };
  return { species, pos };
}

function elementSymbol(field: string): string | undefined {
  if (/^\d+$/.test(field)) return ELEMENT_SYMBOLS[Number(field) - 1];
  return symbolIgnoringCase(field);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
