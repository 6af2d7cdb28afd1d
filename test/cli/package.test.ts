/**
 * The npm package the `bimetal` command is installed from (docs/editors.md: `npm pack`, then
 * `npm install -g` the tarball). It must ship the bundles, models and WASM files, and its
 * `bin/bimetal.js` must run on its own: unpacked with no node_modules, outside any checkout, the
 * way an editor starts it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { startTestServer } from '../server/lspHarness';
import { ensureBuilt, ROOT } from './runCli';

const RECIPE = 'recipe Au12Pt {\n  host     Au 12\n  dopant   Pt 1\n  ligands  PET x 18\n}\n';

let work: string;
let packedFiles: string[];
let packedBin: string;
/** A folder outside the checkout, where the recipes are and the command runs. */
let elsewhere: string;

before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-pack-'));
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
  const [manifest] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = manifest.files.map((f) => f.path);
  const untar = spawnSync('tar', ['-xzf', path.join(work, manifest.filename), '-C', work], { encoding: 'utf8' });
  assert.equal(untar.status, 0, untar.stderr);
  packedBin = path.join(work, 'package', 'bin', 'bimetal.js');
  elsewhere = path.join(work, 'project');
  mkdirSync(elsewhere);
  writeFileSync(path.join(elsewhere, 'bad.bimetal'), 'recipe R {\n  host Au 4\n  dopant S 2\n}\n');
});
after(() => work && rmSync(work, { recursive: true, force: true }));

test('the tarball ships the command, every bundle, the WASM files and the models, and no sources or tests', () => {
  const shippedModels = readdirSync(path.join(ROOT, 'models')).filter((f) => /\.(onnx|conformal\.json)$/.test(f));
  assert.ok(shippedModels.length >= 2, 'no models in the repository');
  const required = [
    'package.json',
    'bin/bimetal.js',
    'dist/cli.js',
    'dist/cli-main.js',
    'dist/csv-worker.js',
    'dist/server.js',
    'dist/inference-worker.js',
    'dist/ort-wasm-simd-threaded.wasm',
    'dist/ort-wasm-simd-threaded.mjs',
    'dist/RDKit_minimal.wasm',
    'docs/diagnostics.md',
    ...shippedModels.map((m) => `models/${m}`),
  ];
  for (const file of required) assert.ok(packedFiles.includes(file), `${file} is not in the package`);
  const unwanted = packedFiles.filter((f) => /^(test|server|engine|grammar|pipeline|cli|training|bench|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
  assert.deepEqual(unwanted, []);
});

test('the packed command checks a file in another folder, with no node_modules', () => {
  const run = spawnSync(process.execPath, [packedBin, 'check', 'bad.bimetal'], { cwd: elsewhere, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /^bad\.bimetal:3:10: error BM203 /m);
});

test('the packed `bimetal lsp --stdio` answers hovers with a prediction from the packed models', async () => {
  const server = await startTestServer({ command: [packedBin, 'lsp', '--stdio'], cwd: elsewhere, capabilities: {} });
  try {
    const uri = `file://${elsewhere}/one.bimetal`;
    await server.open(uri, RECIPE);
    const diagnostics = await server.waitFor(uri, 1, 'scored');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1), []);
    assert.ok(!diagnostics.some((d) => /BM40[12]/.test(String(d.code))), `models or WASM missing from the package: ${JSON.stringify(diagnostics)}`);
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } });
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /^E_form −?\d+\.\d+ eV\/atom, 90 % interval/m);
    assert.equal(server.stderr(), '');
  } finally {
    await server.stop();
  }
});
