// Bundles the results webview's script (with chart.js) to dist/webview-results.js: browser, IIFE,
// loaded by the panel under its CSP. scripts/build.mjs calls buildWebviews(); it also runs alone:
// `node client/build-webview.mjs`.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export async function buildWebviews() {
  const dist = path.join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  const result = await esbuild.build({
    entryPoints: ['client/src/webview/results.ts'],
    outfile: path.join(dist, 'webview-results.js'),
    absWorkingDir: root,
    bundle: true,
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
  writeFileSync(path.join(dist, 'meta-webview-results.json'), JSON.stringify(result.metafile));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildWebviews();
