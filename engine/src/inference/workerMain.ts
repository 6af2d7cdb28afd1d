/**
 * Entry of the inference worker thread: loads the models once, then answers predict requests.
 * Started by `InferenceWorker` (worker.ts); never imported by other code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelLoadError } from './errors';
import { packPredictions, transferables } from './predictionWire';
import { loadModelRuntime, type ModelRuntime } from './runtime';
import type { PredictRequest, SerializedError, WorkerInit, WorkerReply } from './workerProtocol';

function serialize(error: unknown): SerializedError {
  if (error instanceof ModelLoadError) return { kind: error.kind, model: error.model, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

const port = parentPort;
if (!port) throw new Error('workerMain.ts must run in a worker thread');
const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
const init = workerData as WorkerInit;

loadModelRuntime({ modelDir: init.modelDir, wasmPaths: init.wasmPaths }).then(
  (runtime: ModelRuntime) => {
    send({ type: 'ready', models: [...runtime.models], cards: { ...runtime.cards }, problems: runtime.problems.map(serialize) });
    port.on('message', async (request: PredictRequest) => {
      try {
        const matrix = { data: request.data, rows: request.rows, cols: request.cols };
        const options = { coverage: request.coverage };
        const predictions = request.model === 'eform' ? await runtime.predictEForm(matrix, options) : await runtime.predictSite(matrix, options);
        const packed = packPredictions(predictions);
        send({ type: 'result', id: request.id, predictions: packed }, transferables(packed));
      } catch (error) {
        send({ type: 'error', id: request.id, error: serialize(error) });
      }
    });
  },
  (error: unknown) => send({ type: 'failed', error: serialize(error) }),
);
