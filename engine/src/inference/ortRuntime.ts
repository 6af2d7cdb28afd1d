/**
 * onnxruntime-web, initialised once per process (or Web Worker).
 *
 * Facts this module is built around (RUNTIME.md): a failed `initWasm()` cannot be retried, so
 * the first initialisation is kept behind one shared promise and its failure is reported to every
 * caller as the same clear error; `numThreads` and the log level must be set before the first
 * session; in a browser the WASM backend finds `ort-wasm-simd-threaded.{mjs,wasm}` through
 * `env.wasm.wasmPaths`. In Node the `.wasm` is read here and handed over as bytes (localWasmBytes), and no path is set:
 * given bytes and no path, the ESM build that the bundles carry (`ort.wasm.bundle.min.mjs`) takes
 * the `.mjs` glue built into it instead of importing the file, so the command line needs no dynamic
 * import() (cli/src/compileCache.ts); the CommonJS build that runs from source (tests, through
 * tsx) has none built in and imports its package's own `.mjs`.
 * The `onnxruntime-web/wasm` entry is the WASM-only build: in Node it resolves to its CommonJS or
 * ESM file, in a browser bundle to the ESM build, so this one import serves the CLI, the Node
 * language server, worker_threads and the browser Web Worker.
 */
import * as ort from 'onnxruntime-web/wasm';
import { isNode } from '../platform';
import { encodeOnnxModel } from './onnxModelBuilder';

export type Ort = typeof ort;

/** onnxruntime-web could not start (missing or unloadable WASM files, unsupported platform). */
export class RuntimeInitError extends Error {
  constructor(
    message: string,
    readonly wasmPaths: string,
  ) {
    super(message);
    this.name = 'RuntimeInitError';
  }
}

let ready: Promise<Ort> | undefined;

const WASM_FILE = 'ort-wasm-simd-threaded.wasm';

/**
 * Where the two WASM runtime files are, when the caller does not say. In Node: next to the running
 * bundle (the build copies them into `dist/`), else the installed package (running from source).
 * In a browser there is no default: the host must pass the URL of the folder that serves them.
 */
async function defaultWasmPaths(): Promise<string> {
  if (!isNode()) {
    throw new RuntimeInitError('no wasmPaths given: in a browser, pass the URL of the folder holding ort-wasm-simd-threaded.{wasm,mjs}', '');
  }
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { createRequire } = await import('node:module');
  const bundleDir = typeof __dirname === 'string' ? __dirname : undefined;
  if (bundleDir && existsSync(path.join(bundleDir, WASM_FILE))) return pathToFileURL(bundleDir + path.sep).href;
  const requireFromHere = createRequire(bundleDir ? path.join(bundleDir, 'noop.js') : path.join(process.cwd(), 'noop.js'));
  let wasm: string;
  try {
    // The package's package.json is not exported (ERR_PACKAGE_PATH_NOT_EXPORTED); the wasm file is.
    wasm = requireFromHere.resolve(`onnxruntime-web/${WASM_FILE}`);
  } catch {
    // Node's own message lists its require stack over several lines and names no file of ours.
    const besideBundle = bundleDir ? ` in ${bundleDir}, beside the program,` : '';
    throw new RuntimeInitError(`${WASM_FILE} is missing: it is not${besideBundle} and no installed onnxruntime-web package holds it`, '');
  }
  return pathToFileURL(path.dirname(wasm) + path.sep).href;
}

/** A one-node model: creating a session from it forces the WASM backend to initialise. */
function probeModel(): Uint8Array {
  return encodeOnnxModel({
    nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
    initializers: [],
    inputs: [{ name: 'x', dims: [1] }],
    outputs: [{ name: 'y', dims: [1] }],
    opset: 13,
  });
}

/**
 * The runtime's WASM bytes when they are a local file (`file:` wasmPaths, in Node), as one
 * ArrayBuffer for `env.wasm.wasmBinary`; undefined elsewhere (a browser fetches its URL). Left to
 * itself, onnxruntime reads the 14 MB file and copies it whole into a second buffer before
 * compiling: memory touched only to be copied, which on the bench machine cost 30–50 ms and 3,500
 * page faults of every start (a 1-recipe `bimetal score`, alternating runs).
 */
export async function localWasmBytes(wasmPaths: string): Promise<ArrayBuffer | undefined> {
  if (!isNode() || !wasmPaths.startsWith('file:')) return undefined;
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(new URL(WASM_FILE, wasmPaths));
  // A file this size gets a buffer of its own, so its ArrayBuffer is exactly the file.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : new Uint8Array(bytes).buffer;
}

async function initialise(wasmPaths: string): Promise<Ort> {
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  try {
    const bytes = await localWasmBytes(wasmPaths);
    if (!bytes) ort.env.wasm.wasmPaths = wasmPaths;
    ort.env.wasm.wasmBinary = bytes;
    const probe = await ort.InferenceSession.create(probeModel(), { logSeverityLevel: 3 });
    await probe.release();
    // Compiled, the module holds its own copy, but onnxruntime keeps a reference to the bytes for
    // the life of the process: moving them out (transfer) lets the 14 MB go at the next collection.
    if (bytes) structuredClone(bytes, { transfer: [bytes] });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RuntimeInitError(`onnxruntime-web could not initialise its WASM backend from ${wasmPaths}: ${reason}`, wasmPaths);
  }
  return ort;
}

/**
 * The initialised runtime. Every call shares the first call's promise; a `wasmPaths` that differs
 * from the one the runtime started with is ignored (the backend cannot be re-pointed), which is
 * why the first caller should be the one that knows the deployment layout.
 */
export function getOrt(wasmPaths?: string): Promise<Ort> {
  ready ??= (async () => initialise(wasmPaths ?? (await defaultWasmPaths())))();
  return ready;
}
