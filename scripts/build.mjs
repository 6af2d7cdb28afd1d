// Builds the esbuild bundles: extension client, language server (Node and Web Worker), and CLI.
// Writes dist/meta-*.json metafiles so bundle size can be watched, and copies the WASM assets
// that onnxruntime-web and RDKit load at run time next to the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
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

const nodeTargets = [
  { name: 'client', entry: 'client/src/extension.ts', external: ['vscode'] },
  { name: 'server', entry: 'server/src/main.ts', external: [] },
  { name: 'cli', entry: 'cli/src/main.ts', external: [] },
  // worker_threads entry for large inference batches, so they do not block the server's event loop
  { name: 'inference-worker', entry: 'engine/src/inference/workerMain.ts', external: [] },
];

const builds = [];
for (const t of nodeTargets) {
  if (!existsSync(path.join(root, t.entry))) continue;
  builds.push(
    esbuild
      .build({
        ...common,
        entryPoints: [t.entry],
        outfile: path.join(dist, `${t.name}.js`),
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: t.external,
      })
      .then((r) => writeFileSync(path.join(dist, `meta-${t.name}.json`), JSON.stringify(r.metafile))),
  );
}
// Web extension client (VS Code for the Web): same commands, language server in a Web Worker.
const browserClient = 'client/src/browserExtension.ts';
if (existsSync(path.join(root, browserClient))) {
  builds.push(
    esbuild
      .build({
        ...common,
        entryPoints: [browserClient],
        outfile: path.join(dist, 'client-web.js'),
        platform: 'browser',
        format: 'cjs',
        target: 'es2022',
        external: ['vscode'],
      })
      .then((r) => writeFileSync(path.join(dist, 'meta-client-web.json'), JSON.stringify(r.metafile))),
  );
}
const browserServer = 'server/src/browserMain.ts';
if (existsSync(path.join(root, browserServer))) {
  builds.push(
    esbuild
      .build({
        ...common,
        entryPoints: [browserServer],
        outfile: path.join(dist, 'server-worker.js'),
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        external: ['fs', 'path', 'url', 'module', 'worker_threads', 'node:*'],
      })
      .then((r) => writeFileSync(path.join(dist, 'meta-server-worker.json'), JSON.stringify(r.metafile))),
  );
}
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
