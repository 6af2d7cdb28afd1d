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
  const columns = columnLayout(lines[1]);
  if ('error' in columns) return { error: `line 2: ${columns.error}` };

  const elements: string[] = [];
  const coordinates: number[] = [];
  let ignored = 0;
  for (let a = 0; a < count; a++) {
    const lineNumber = a + 3;
    const fields = lines[a + 2].trim().split(/\s+/);
    if (fields.length < Math.max(columns.species, columns.pos + 2) + 1) {
      return { error: `line ${lineNumber}: expected 'Element x y z', found ${fields.length} column${fields.length === 1 ? '' : 's'}` };
    }
    const symbol = elementSymbol(fields[columns.species]);
    if (!symbol) return { error: `line ${lineNumber}: the species column is not an element symbol or atomic number` };
    const xyz = fields.slice(columns.pos, columns.pos + 3).map(Number);
    if (xyz.some((v) => !Number.isFinite(v))) {
      return { error: `line ${lineNumber}: coordinates must be numbers` };
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
