/**
 * The model runtime of scorers: where the models and wasm files are, loading them once, and
 * running them in-process or in a worker thread. A scorer makes its own unless it is given one
 * (the language server gives each scorer the same: ScorerOptions.models).
 */
import { loadModelRuntime, type ModelRuntime } from '../../engine/src/inference/runtime';
import { isUrl, withTrailingSlash } from '../../engine/src/platform';

/** What the pipeline needs from a model runtime: the in-process one, or the worker-thread one. */
export interface Predictor extends Pick<ModelRuntime, 'predictEForm' | 'predictSite' | 'cards'> {
  /** Models that could not be loaded (a missing site model), each reported once per document. */
  readonly problems: readonly unknown[];
}

/**
 * `in-process`: onnxruntime-web runs on the caller's thread (the CLI, tests, a Web Worker).
 * `worker`: it runs in a Node worker thread, so a large family does not block the caller's event
 * loop while it is predicted (Node only; the Node language servers ask for it).
 */
export type InferenceMode = 'in-process' | 'worker';

/**
 * A model runtime, loaded once on first use behind a shared promise: onnxruntime cannot retry a
 * failed initialisation, and a missing or corrupt model should be reported once per document, not
 * once per recipe. A failure is kept (not thrown) so descriptors keep working. `stopped` says
 * whether a worker thread has exited since (it crashed, or was terminated): its runtime answers
 * nothing more, and the next load starts another.
 */
export type ModelState = { ok: true; runtime: Predictor; release: () => Promise<unknown>; stopped: () => boolean } | { ok: false; error: unknown };

export interface ModelLocation {
  modelDir?: string;
  wasmDir?: string;
  inference?: InferenceMode;
}

/** Without a wasm folder, the inference engine finds the files beside the bundle or in node_modules. */
async function resolveLocation(location: ModelLocation): Promise<{ modelDir: string; wasmPaths?: string }> {
  if (location.modelDir !== undefined && (location.wasmDir === undefined || isUrl(location.wasmDir))) {
    return { modelDir: location.modelDir, wasmPaths: location.wasmDir && withTrailingSlash(location.wasmDir) };
  }
  // Paths need Node; loaded lazily so the Web Worker build (which passes URLs) never loads node:fs.
  const assets = await import('./runtimeAssets');
  const modelDir = location.modelDir ?? assets.defaultModelDir();
  if (!modelDir) throw new Error('no model folder given and none can be found beside the program');
  return { modelDir, wasmPaths: location.wasmDir === undefined ? undefined : assets.wasmPrefix(location.wasmDir) };
}

export class ModelStage {
  private state: Promise<ModelState> | undefined;
  /** What `state` resolved to, once it has. */
  private loaded: ModelState | undefined;

  constructor(private readonly location: ModelLocation) {}

  /** Whether the models run in a worker thread, leaving the caller's thread free while they start and predict. */
  get inWorker(): boolean {
    return this.location.inference === 'worker';
  }

  load(): Promise<ModelState> {
    if (this.loaded?.ok && this.loaded.stopped()) {
      this.state = undefined;
      this.loaded = undefined;
    }
    if (this.state) return this.state;
    const state: Promise<ModelState> = resolveLocation(this.location)
      .then((where) => (this.location.inference === 'worker' ? startWorker(where) : startInProcess(where)))
      .catch((error: unknown): ModelState => ({ ok: false, error }))
      .then((loaded) => {
        // Only while it is still the current one: a release meanwhile let it go.
        if (this.state === state) this.loaded = loaded;
        return loaded;
      });
    this.state = state;
    return state;
  }

  /** Frees the ONNX sessions or stops the worker; a later `load` starts afresh. */
  async release(): Promise<void> {
    // Let go before waiting: a load meanwhile starts afresh instead of being dropped unreleased.
    const pending = this.state;
    this.state = undefined;
    this.loaded = undefined;
    const state = await pending;
    if (state?.ok) await state.release();
  }
}

async function startInProcess(where: { modelDir: string; wasmPaths?: string }): Promise<ModelState> {
  const runtime = await loadModelRuntime(where);
  return { ok: true, runtime, release: () => runtime.release(), stopped: () => false };
}

async function startWorker(where: { modelDir: string; wasmPaths?: string }): Promise<ModelState> {
  // Loaded on demand: node:worker_threads must never be evaluated in the Web Worker build.
  const { InferenceWorker } = await import('../../engine/src/inference/worker');
  const worker = await InferenceWorker.start(where);
  return { ok: true, runtime: worker, release: () => worker.terminate(), stopped: () => worker.stopped };
}
