/**
 * The VSIX `npm run package` builds (what the Marketplace and `code --install-extension` take):
 * both extensions' bundles, the web ones included, their WASM files and the models; no tests, no
 * training code, no TypeScript sources or source maps, no node_modules.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { ensureVsix, repoRoot } from '../workbench/harness';

let zip: JSZip;
let files: string[];

before(async () => {
  zip = await JSZip.loadAsync(readFileSync(ensureVsix(180_000)));
  // Everything the extension ships lives under extension/; the rest is the VSIX's own manifest.
  files = Object.keys(zip.files).filter((f) => f.startsWith('extension/') && !f.endsWith('/')).map((f) => f.slice('extension/'.length));
});

test('the VSIX ships the desktop and web bundles, their WASM files and the models', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string; browser: string };
  const models = readdirSync(path.join(repoRoot, 'models')).filter((f) => /\.(onnx|conformal\.json|terms\.json)$/.test(f));
  const required = [
    'package.json',
    manifest.main.replace(/^\.\//, ''),
    manifest.browser.replace(/^\.\//, ''),
    'dist/server.js',
    'dist/inference-worker.js',
    'dist/server-worker.js',
    'dist/webview-results.js',
    'dist/ort-wasm-simd-threaded.wasm',
    'dist/ort-wasm-simd-threaded.mjs',
    'dist/RDKit_minimal.wasm',
    'syntaxes/bimetal.tmLanguage.json',
    'language-configuration.json',
    'client/media/results.css',
    ...models.map((m) => `models/${m}`),
  ];
  assert.deepEqual(required.filter((f) => !files.includes(f)), [], `missing from the VSIX; it has:\n${files.join('\n')}`);
});

test('the VSIX ships no tests, training code, sources, source maps or node_modules', () => {
  const unwanted = files.filter(
    (f) =>
      /^(test|training|bench|scripts|grammar|engine|pipeline|server|cli|dist-test|node_modules|\.vscode-test(-web)?)\//.test(f) ||
      /^client\/src\//.test(f) ||
      /\.(ts|map|py)$/.test(f) ||
      /^dist\/meta-/.test(f),
  );
  assert.deepEqual(unwanted, []);
});

test('every image the VSIX ships is shown by a document it ships (the README, docs/): none is packaged for nothing', async () => {
  const documents = await Promise.all(files.filter((f) => f.endsWith('.md')).map((f) => zip.file(`extension/${f}`)!.async('string')));
  const images = files.filter((f) => f.endsWith('.png'));
  assert.ok(images.length > 0);
  assert.deepEqual(images.filter((image) => !documents.some((text) => text.includes(path.basename(image)))), []);
});
