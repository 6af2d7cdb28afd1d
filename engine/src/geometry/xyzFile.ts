import { readFileSync } from 'node:fs';
import { parseXyz } from './xyz';
import type { CoreGeometry, GeometryError } from './types';

/**
 * Reads and parses an XYZ file (Node only; the browser server passes text to `parseXyz`).
 * Any read or format failure becomes one error message naming the file, never a throw.
 */
export function readXyzStructure(path: string): CoreGeometry | GeometryError {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    return { error: `cannot read structure file '${path}': ${reason}` };
  }
  const parsed = parseXyz(text);
  return 'error' in parsed ? { error: `structure file '${path}': ${parsed.error}` } : parsed;
}
