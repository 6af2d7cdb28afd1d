import { readRegularFileSync } from '../boundedFile';
import { parseXyz } from './xyz';
import type { CoreGeometry, GeometryError } from './types';

/** The largest structure file read: far above any cluster core, far below what hurts the editor. */
export const MAX_STRUCTURE_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Reads and parses an XYZ file (Node only; the browser server passes text to `parseXyz`), through
 * the bounded reader: regular files up to MAX_STRUCTURE_FILE_BYTES only. Any read or format failure
 * becomes one error message naming the file, never a throw, and never quoting its content.
 */
export function readXyzStructure(path: string, maxBytes = MAX_STRUCTURE_FILE_BYTES): CoreGeometry | GeometryError {
  const read = readRegularFileSync(path, maxBytes);
  if ('reason' in read) return { error: `cannot read structure file '${path}': ${read.reason}` };
  const parsed = parseXyz(read.text);
  return 'error' in parsed ? { error: `structure file '${path}': ${parsed.error}` } : parsed;
}
