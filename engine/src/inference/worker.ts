/**
 * Runs inference in a Node worker thread, so large batches do not block the language server's
 * event loop (RUNTIME.md: inference blocks). Node only: import this module directly, never from
 * code that is bundled for the browser (there the whole server already runs in a Web Worker and
 * calls `loadModelRuntime` itself).
 *
 * The worker script is `inference-worker.js` next to the running bundle when present (the build
 * must emit it from engine/src/inference/workerMain.ts), else `workerMain.ts` next to this file
 * when running from source through tsx (engine/src/nodeWorker.ts).
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerScriptPath } from '../nodeWorker';
import { ModelLoadError } from './errors';
import { unpackPredictions } from './predictionWire';
import { toFeatureMatrix, type FeatureMatrix, type ModelCard, type Prediction, type PredictOptions } from './runtime';
import type { PredictRequest, SerializedError, WorkerInit, WorkerReply } from './workerProtocol';

export interface InferenceWorkerOptions {
  modelDir: string;
  wasmPaths?: string;
  /** Path of the worker script; see the module comment for the default. */
  workerScript?: string;
}

const WORKER_BUNDLE_NAME = 'inference-worker.js';

function defaultWorkerScript(): string {
  const script = workerScriptPath({ bundle: WORKER_BUNDLE_NAME, source: 'workerMain.ts', here: __dirname });
  if (script) return script;
  throw new ModelLoadError('runtime', 'inference-worker', `no inference worker script: expected ${WORKER_BUNDLE_NAME} in ${__dirname} (built from engine/src/inference/workerMain.ts)`);
}

function deserialize(error: SerializedError): Error {
  return error.kind ? new ModelLoadError(error.kind, error.model ?? '', error.message) : new Error(error.message);
}

export class InferenceWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (p: Prediction[]) => void; reject: (e: Error) => void }>();
  private exitError: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly models: readonly string[],
    readonly cards: Readonly<Record<string, ModelCard>>,
    readonly problems: readonly Error[],
  ) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'result' && reply.type !== 'error') return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!waiter) return;
      if (reply.type === 'error') waiter.reject(deserialize(reply.error));
      else {
        try {
          waiter.resolve(unpackPredictions(reply.predictions));
        } catch (error) {
          waiter.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    });
    const failAll = (error: Error) => {
      this.exitError = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the inference worker stopped (exit code ${code})`)));
  }

  /** Starts a worker and waits until its models are loaded; rejects with the load failure. */
  static start(options: InferenceWorkerOptions): Promise<InferenceWorker> {
    const init: WorkerInit = { modelDir: options.modelDir, wasmPaths: options.wasmPaths };
    let worker: Worker;
    try {
      worker = startWorker(options.workerScript ?? defaultWorkerScript(), { workerData: init });
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new ModelLoadError('runtime', 'inference-worker', `the inference worker exited during start-up (code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (reply.type === 'ready') {
          resolve(new InferenceWorker(worker, reply.models, reply.cards, reply.problems.map(deserialize)));
        } else {
          void worker.terminate();
          reject(reply.type === 'failed' ? deserialize(reply.error) : new Error('unexpected first message from the inference worker'));
        }
      });
    });
  }

  predictEForm(rows: Float32Array[] | FeatureMatrix, options: PredictOptions): Promise<Prediction[]> {
    return this.request('eform', rows, options);
  }

  predictSite(rows: Float32Array[] | FeatureMatrix, options: PredictOptions): Promise<Prediction[]> {
    return this.request('site', rows, options);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  /** Whether the thread has exited (it crashed, or was terminated): every request is refused from then on. */
  get stopped(): boolean {
    return this.exitError !== undefined;
  }

  private request(model: PredictRequest['model'], rows: Float32Array[] | FeatureMatrix, options: PredictOptions): Promise<Prediction[]> {
    if (this.exitError) return Promise.reject(this.exitError);
    const cols = Array.isArray(rows) ? (rows[0]?.length ?? 0) : rows.cols;
    const matrix = toFeatureMatrix(rows, cols);
    // Transferred, so the worker gets memory of its own: the matrix toFeatureMatrix built from
    // separate rows is that already; the caller's matrix, or a view of its rows, is copied, so
    // that the caller's arrays stay usable and nothing is cloned twice.
    const built = Array.isArray(rows) && matrix.data.buffer !== rows[0]?.buffer;
    const data = built ? matrix.data : matrix.data.slice(0, matrix.rows * matrix.cols);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: PredictRequest = { id, model, data, rows: matrix.rows, cols: matrix.cols, coverage: options.coverage };
      this.worker.postMessage(request, [data.buffer as ArrayBuffer]);
    });
  }
}
