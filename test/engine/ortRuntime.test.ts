import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getOrt, localWasmBytes } from '../../engine/src/inference/ortRuntime';

/**
 * onnxruntime-web started from a local folder (the command line, the Node language server and
 * its inference worker): Bimetal reads the runtime's WASM file itself and hands it over as one
 * ArrayBuffer, so onnxruntime does not copy the 14 MB file into a second buffer of its own, and
 * moves the bytes out once the module is compiled, since onnxruntime would keep them for good
 * (ortRuntime.ts). A folder without the file is still a clear RuntimeInitError.
 */
const ROOT = path.join(__dirname, '..', '..');
const WASM = createRequire(__filename).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
const WASM_FOLDER = pathToFileURL(path.dirname(WASM) + path.sep).href;

test('the WASM bytes of a local folder are the file, whole, as an ArrayBuffer (which onnxruntime wraps without copying)', async () => {
  const bytes = await localWasmBytes(WASM_FOLDER);
  assert.ok(bytes instanceof ArrayBuffer);
  assert.deepEqual(Buffer.from(bytes), readFileSync(WASM));
  assert.equal(await localWasmBytes('https://ext.example/bimetal/dist/'), undefined, 'a browser fetches its URL itself');
});

test('a local runtime starts from those bytes and lets them go once compiled', async () => {
  const ort = await getOrt(WASM_FOLDER);
  const given = ort.env.wasm.wasmBinary;
  assert.ok(given instanceof ArrayBuffer, 'the bytes were handed over');
  assert.equal(given.byteLength, 0, 'and moved out after start-up (a detached buffer holds nothing)');
  // The runtime works without them: a model loads.
  const session = await ort.InferenceSession.create(readFileSync(path.join(ROOT, 'models', 'eform-v2.onnx')));
  assert.ok(session.inputNames.length > 0);
  await session.release();
});

test('a folder without the runtime WASM file fails with a RuntimeInitError naming the folder', () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'bimetal-no-wasm-'));
  try {
    const folder = pathToFileURL(empty + path.sep).href;
    const script = `
      const { getOrt, RuntimeInitError } = require(${JSON.stringify(path.join(ROOT, 'engine', 'src', 'inference', 'ortRuntime.ts'))});
      getOrt(${JSON.stringify(folder)}).then(
        () => { console.log('started'); },
        (e) => { console.log(JSON.stringify({ isInitError: e instanceof RuntimeInitError, message: e.message, wasmPaths: e.wasmPaths })); },
      );`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const outcome = JSON.parse(child.stdout.trim()) as { isInitError: boolean; message: string; wasmPaths: string };
    assert.equal(outcome.isInitError, true);
    assert.equal(outcome.wasmPaths, folder);
    assert.match(outcome.message, /could not initialise its WASM backend from file:/);
    assert.ok(outcome.message.includes(empty), outcome.message);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
