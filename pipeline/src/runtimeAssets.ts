import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isUrl, withTrailingSlash } from '../../engine/src/platform';

/**
 * Node-only locations of the shipped runtime assets (imported lazily, so the Web Worker build,
 * which passes URLs instead, never loads node:fs).
 *
 * The models live in `models/` at the package root. Bundled (`dist/cli.js`, `dist/server.js`, or
 * an installed extension) that is `../models` from the bundle; run from source through tsx
 * (`pipeline/src/*.ts`) it is `../../models`.
 */
export function defaultModelDir(): string | undefined {
  if (typeof __dirname !== 'string') return undefined;
  const candidates = [path.resolve(__dirname, '../models'), path.resolve(__dirname, '../../models')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

/**
 * onnxruntime-web joins its `wasmPaths` prefix and a file name, so a folder given as a path becomes a
 * `file:` URL ending in a separator (in Node its wasm file is read from there: ortRuntime.ts). A
 * URL (browser) passes through.
 */
export function wasmPrefix(dir: string): string {
  return withTrailingSlash(isUrl(dir) ? dir : pathToFileURL(path.resolve(dir)).href);
}
