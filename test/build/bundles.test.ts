/**
 * Bundle size and contents, watched through the esbuild metafiles of the last build
 * (`dist/meta-*.json`, written by `npm run build`): every bundle stays under its budget
 * (bundleRules.ts), and no bundle pulls in what it must not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import ts from 'typescript';
import { BUNDLE_BUDGETS, contentsMatching, distDir, eagerInputs, eagerNodeBuiltins, readBundles, type Bundle } from './bundleRules';

const bundles = readBundles();
const bundle = (name: string): Bundle => {
  const found = bundles.find((b) => b.name === name);
  assert.ok(found, `dist/meta-${name}.json is missing: run \`npm run build\` first`);
  return found;
};

/** Bundles that run the analysis, and those that only talk to it (the editor side). */
const ANALYSIS = ['server', 'server-worker', 'cli-main', 'inference-worker'];
const EDITOR_SIDE = ['client', 'client-web', 'webview-results'];

test('every bundle was built, has a budget, and stays under it', () => {
  assert.deepEqual(bundles.map((b) => b.name).sort(), Object.keys(BUNDLE_BUDGETS).sort(), 'one budget per bundle (a new bundle needs one in bundleRules.ts)');
  for (const b of bundles) {
    assert.ok(b.bytes <= BUNDLE_BUDGETS[b.name], `${b.file} is ${b.bytes.toLocaleString('en-US')} bytes, over its budget of ${BUNDLE_BUDGETS[b.name].toLocaleString('en-US')}`);
  }
});

test('the vscode module and the language client stay out of the server, worker and CLI bundles', () => {
  for (const name of [...ANALYSIS, 'webview-results']) {
    assert.deepEqual(contentsMatching(bundle(name), /^vscode$|node_modules\/vscode\/|vscode-languageclient/), [], name);
  }
});

test('onnxruntime-web contributes only its WASM-only build (no WebGPU/JSEP/all-backends files)', () => {
  for (const b of bundles) {
    const ort = contentsMatching(b, /onnxruntime-web|onnxruntime-common/);
    assert.ok(ort.every((input) => input === 'node_modules/onnxruntime-web/dist/ort.wasm.bundle.min.mjs'), `${b.name}: ${ort.join(', ')}`);
  }
  assert.ok(contentsMatching(bundle('server-worker'), /onnxruntime-web/).length === 1, 'the worker server runs onnxruntime-web');
});

test('the editor-side bundles and the CSV worker carry no analysis: no parser, chemistry toolkit, ONNX runtime or engine', () => {
  for (const name of [...EDITOR_SIDE, 'csv-worker']) {
    assert.deepEqual(contentsMatching(bundle(name), /chevrotain|@rdkit\/rdkit|onnxruntime-web|^engine\/src\/(inference|ligands|descriptors|features)\/|^grammar\//), [], name);
  }
});

test('the editor-side bundles take nothing from the server or the command line: shared code lives in report/', () => {
  for (const name of EDITOR_SIDE) {
    assert.deepEqual(contentsMatching(bundle(name), /^(server|cli)\//), [], name);
  }
  // The client's number formatting, CSV, settings and protocol names come from the report layer.
  for (const name of ['client', 'client-web']) {
    const inputs = Object.keys(bundle(name).meta.inputs);
    for (const shared of ['report/src/numbers.ts', 'report/src/settings.ts', 'report/src/defaults.ts', 'report/src/protocol.ts', 'report/src/csv.ts']) {
      assert.ok(inputs.includes(shared), `${name} should carry ${shared}`);
    }
  }
});

test('the client sources import nothing from server/ or cli/, not even a type, and copy no scoring default', () => {
  assert.deepEqual(importsUnder('client/src', /^(\.\.\/)+(server|cli)\//).map((i) => `${i.file}: ${i.path}`), []);
  for (const { file, text } of clientSources()) {
    for (const literal of [/\b0\.9\b/, /-0\.3\b/, /100_?000\b/]) assert.doesNotMatch(text, literal, `${file} copies a scoring default instead of importing report/src/defaults.ts`);
  }
});

test('the report layer imports only itself, d3-dsv and the engine\'s record and number modules: no LSP, editor, analysis or Node built-in, so every bundle may carry it', () => {
  const allowed = /^\.\/|^d3-dsv$|^\.\.\/\.\.\/engine\/src\/(scoreRecord|numberText|significant)$/;
  assert.deepEqual(importsUnder('report/src', /./).filter((i) => !allowed.test(i.path)).map((i) => `${i.file}: ${i.path}`), []);
});

test('the report layer compiles without the DOM library (report/tsconfig.json): it names no browser global', () => {
  const run = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'report/tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: path.resolve(distDir, '..'), encoding: 'utf8', timeout: 240_000 });
  assert.equal(run.error, undefined);
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

test('the Web Worker server loads no Node built-in: Node-only code is reached only through dynamic imports', () => {
  const worker = bundle('server-worker');
  // Emscripten's glue requires node:fs and node:crypto only under `if (ENVIRONMENT_IS_NODE)`.
  const guarded = (edge: string) => edge.startsWith('node_modules/@rdkit/rdkit/dist/RDKit_minimal.js → ');
  assert.deepEqual(eagerNodeBuiltins(worker.meta, worker.entryPoint).filter((edge) => !guarded(edge)), []);
  // The Node-only modules are in the bundle, but never evaluated in a browser.
  const eager = eagerInputs(worker.meta, worker.entryPoint);
  for (const nodeOnly of ['engine/src/inference/worker.ts', 'pipeline/src/runtimeAssets.ts', 'engine/src/geometry/xyzFile.ts']) {
    assert.ok(!eager.has(nodeOnly), `${nodeOnly} is loaded eagerly by the worker bundle`);
  }
});

test('the command line keeps no dynamic import(): it runs compiled through node:vm, which gives none in Node 20 (cli/src/compileCache.ts)', () => {
  assert.doesNotMatch(readFileSync(path.join(distDir, '..', bundle('cli-main').file), 'utf8'), /\bimport\(/);
});

test('dist ships only the two wasm files the bundles load (onnxruntime-web SIMD build, RDKit)', () => {
  const wasm = readdirSync(distDir).filter((f) => f.endsWith('.wasm') || /^ort-.*\.mjs$/.test(f));
  assert.deepEqual(wasm.sort(), ['RDKit_minimal.wasm', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']);
});

test('the eager-load rule sees through modules: a static import counts, a dynamic one does not', () => {
  const input = (imports: Metafile['inputs'][string]['imports']) => ({ bytes: 1, imports });
  const meta: Metafile = {
    inputs: {
      'entry.ts': input([
        { path: 'eager.ts', kind: 'import-statement' },
        { path: 'lazy.ts', kind: 'dynamic-import' },
      ]),
      'eager.ts': input([{ path: 'node:fs', kind: 'require-call', external: true }]),
      'lazy.ts': input([{ path: 'node:worker_threads', kind: 'import-statement', external: true }]),
    },
    outputs: {},
  };
  assert.deepEqual([...eagerInputs(meta, 'entry.ts')].sort(), ['eager.ts', 'entry.ts']);
  assert.deepEqual(eagerNodeBuiltins(meta, 'entry.ts'), ['eager.ts → node:fs']);
});

/** Every TypeScript source under `folder` (relative to the repository), read. */
function sourcesUnder(folder: string): { file: string; text: string }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const p = path.join(dir, entry);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
  const root = path.resolve(distDir, '..');
  return walk(path.join(root, folder)).map((p) => ({ file: path.relative(root, p), text: readFileSync(p, 'utf8') }));
}

/** Every TypeScript source of the extension client (extension, webview scripts, results model). */
const clientSources = () => sourcesUnder('client/src');

/**
 * The module paths the sources under `folder` name, as TypeScript's own pre-processor finds them:
 * import and export statements, types included, `import('…')` types and calls, and `require`.
 */
function importsUnder(folder: string, pattern: RegExp): { file: string; path: string }[] {
  return sourcesUnder(folder).flatMap(({ file, text }) =>
    ts
      .preProcessFile(text, true, true)
      .importedFiles.filter((imported) => pattern.test(imported.fileName))
      .map((imported) => ({ file, path: imported.fileName })),
  );
}
