// Bundles the extension-host test suite (Mocha, run inside VS Code's extension host) with esbuild:
//  - dist-test/extension-host-web.js: for the web extension host (a Web Worker; Mocha's browser build
//    is bundled in, `vscode` is the only module the host provides);
//  - dist-test/extension-host-node.js: for desktop VS Code (@vscode/test-electron; Mocha is
//    required from node_modules at run time).
// The bundles live outside dist/, so the VSIX never ships them. `node test/extension-host/build.mjs`.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const outDir = path.join(root, 'dist-test');

export async function buildExtensionHostTests() {
  const common = { bundle: true, sourcemap: 'inline', logLevel: 'warning', absWorkingDir: root, format: 'cjs' };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: ['test/extension-host/webEntry.ts'],
      outfile: path.join(outDir, 'extension-host-web.js'),
      platform: 'browser',
      target: 'es2022',
      external: ['vscode'],
      // The `assert` package (Node's assert for browsers) reads this at load; the worker has no `process`.
      define: { 'process.env.NODE_DEBUG': '""' },
    }),
    esbuild.build({
      ...common,
      entryPoints: ['test/extension-host/nodeEntry.ts'],
      outfile: path.join(outDir, 'extension-host-node.js'),
      platform: 'node',
      target: 'node20',
      external: ['vscode', 'mocha'],
    }),
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildExtensionHostTests();
