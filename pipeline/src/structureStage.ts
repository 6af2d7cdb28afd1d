import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { CoreGeometry, GeometryError } from '../../engine/src/geometry/types';
import type { RecipeSpec } from '../../engine/src/recipe';
import { LruCache } from './lruCache';

/**
 * `structure "core.xyz"` files, resolved against the recipe file's folder and read once per
 * version of the file (its size and modification time), so editing a recipe does not re-read it
 * and editing the file does.
 */
export const STRUCTURE_FILE_CODE = 'BM310';

export interface StructureResult {
  geometry?: CoreGeometry;
  /** Identifies the file version; part of the member cache key. */
  stamp: string;
  diagnostic?: BimetalDiagnostic;
}

const NO_STRUCTURE: StructureResult = { stamp: '' };

export class StructureFiles {
  private readonly cache = new LruCache<string, CoreGeometry | GeometryError>(256);

  async forMember(spec: RecipeSpec, baseDir: string | undefined): Promise<StructureResult> {
    if (spec.structure === undefined) return NO_STRUCTURE;
    const range = spec.ranges?.structure ?? spec.ranges?.name ?? { start: 0, end: 0 };
    const fail = (message: string, stamp: string): StructureResult => ({
      stamp,
      diagnostic: { code: STRUCTURE_FILE_CODE, severity: 'error', message, range },
    });
    // Node only, loaded on demand: the Web Worker build has no file system.
    const [{ statSync }, path, { readXyzStructure }] = await Promise.all([
      import('node:fs'),
      import('node:path'),
      import('../../engine/src/geometry/xyzFile'),
    ]);
    if (!path.isAbsolute(spec.structure) && baseDir === undefined) {
      return fail(`Structure file "${spec.structure}" is relative, but this document has no folder to resolve it against; save the file first`, 'unresolved');
    }
    const file = path.resolve(baseDir ?? '', spec.structure);
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${file}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return fail(`Structure file "${spec.structure}" not found (looked for ${file})`, `${file}:missing`);
    }
    let geometry = this.cache.get(stamp);
    if (!geometry) {
      geometry = readXyzStructure(file);
      this.cache.set(stamp, geometry);
    }
    if ('error' in geometry) return fail(geometry.error, stamp);
    return { geometry, stamp };
  }
}
