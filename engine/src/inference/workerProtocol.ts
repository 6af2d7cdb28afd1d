import type { ModelFailureKind } from './errors';
import type { PackedPredictions } from './predictionWire';
import type { ModelCard } from './runtime';

/** Messages between `InferenceWorker` (worker.ts) and the worker thread (workerMain.ts). */
export interface WorkerInit {
  modelDir: string;
  wasmPaths?: string;
}

export interface PredictRequest {
  id: number;
  model: 'eform' | 'site';
  data: Float32Array;
  rows: number;
  cols: number;
  coverage: number;
}

export interface SerializedError {
  /** Set for a ModelLoadError, so the main thread can rebuild it (and its BM40x code). */
  kind?: ModelFailureKind;
  model?: string;
  message: string;
}

export type WorkerReply =
  | { type: 'ready'; models: string[]; cards: Record<string, ModelCard>; problems: SerializedError[] }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; predictions: PackedPredictions }
  | { type: 'error'; id: number; error: SerializedError };
