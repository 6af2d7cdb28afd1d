// Builds the esbuild bundles: extension client, language server (Node and Web Worker), and CLI.
// Writes dist/meta-*.json metafiles so bundle size can be watched, and copies the WASM assets
// that onnxruntime-web and RDKit load at run time next to the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

const NODE = { platform: 'node', format: 'cjs', target: 'node20' };
// The web bundles are downloaded by every browser that opens the extension: minified (names kept, so
// errors and stack traces, mapped back by the source maps, still name their functions and classes).
const BROWSER = { platform: 'browser', target: 'es2022', minify: true, keepNames: true };

const targets = [
  { name: 'client', entry: 'client/src/extension.ts', ...NODE, external: ['vscode'] },
  { name: 'server', entry: 'server/src/main.ts', ...NODE },
  // The command line, started by the small `cli` bundle from V8's code cache (cli/src/compileCache.ts).
  // Its dynamic imports become requires: code compiled through node:vm has no dynamic import() in Node 20.
  { name: 'cli-main', entry: 'cli/src/main.ts', ...NODE, supported: { 'dynamic-import': false } },
  { name: 'cli', entry: 'cli/src/launch.ts', ...NODE },
  // worker_threads entry that makes `bimetal score --format csv`'s text (cli/src/formats/csvThread.ts)
  { name: 'csv-worker', entry: 'cli/src/formats/csvWorkerMain.ts', ...NODE },
  // worker_threads entry for large inference batches, so they do not block the server's event loop
  { name: 'inference-worker', entry: 'engine/src/inference/workerMain.ts', ...NODE },
  // Web extension (VS Code for the Web): the same commands, with the language server in a Web Worker.
  {
    name: 'client-web',
    entry: 'client/src/browserExtension.ts',
    ...BROWSER,
    format: 'cjs',
    external: ['vscode'],
  },
  {
    name: 'server-worker',
    entry: 'server/src/browserMain.ts',
    ...BROWSER,
    format: 'iife',
    external: ['fs', 'path', 'url', 'module', 'worker_threads', 'node:*'],
  },
];

const builds = targets.map(({ name, entry, ...options }) =>
  esbuild
    .build({ ...common, ...options, entryPoints: [entry], outfile: path.join(dist, `${name}.js`) })
    .then((r) => writeFileSync(path.join(dist, `meta-${name}.json`), JSON.stringify(r.metafile))),
);
// The results panel's webview script (chart.js bundled in) has its own small build.
builds.push(import('../client/build-webview.mjs').then((m) => m.buildWebviews()));
await Promise.all(builds);

// Runtime assets: only the two onnxruntime-web files the WASM backend needs, and RDKit's wasm.
const ortWasm = require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
for (const f of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']) {
  copyFileSync(path.join(path.dirname(ortWasm), f), path.join(dist, f));
}
const rdkitJs = require.resolve('@rdkit/rdkit');
copyFileSync(path.join(path.dirname(rdkitJs), 'RDKit_minimal.wasm'), path.join(dist, 'RDKit_minimal.wasm'));
