/**
 * Starts a Node worker thread from its own bundle, or from its TypeScript source when the code
 * runs from source through tsx (tests): Node 20 workers do not inherit `--import tsx`, so the
 * source is started through tsx's require hook. Node only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface WorkerScript {
  /** The bundle the build emits next to the running bundle (`inference-worker.js`). */
  bundle: string;
  /** The entry's source file, for runs from source. */
  source: string;
  /** The folder of the running code: the bundle's when bundled, the caller's source folder otherwise (`__dirname`). */
  here: string;
}

/** The script's path: the bundle next to the running code, else its source; null when neither exists. */
export function workerScriptPath(script: WorkerScript): string | null {
  const bundled = path.join(script.here, script.bundle);
  if (existsSync(bundled)) return bundled;
  const source = path.join(script.here, script.source);
  return existsSync(source) ? source : null;
}

/** A worker running the script at `file` (workerScriptPath). */
export function startWorker(file: string, options: WorkerOptions = {}): Worker {
  return file.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { ...options, eval: true }) : new Worker(file, options);
}
