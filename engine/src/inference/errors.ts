/**
 * Why a model cannot be used. One class, with a `kind` the diagnostics map to a stable code, so
 * every caller (CLI, language server, worker) reports the same failure the same way.
 *  - missing: a model file is absent or unreadable;
 *  - invalid: a file is corrupt, breaks models/FORMAT.md, or was trained on another feature schema;
 *  - runtime: onnxruntime-web itself could not start (no model can run in this process).
 */
export type ModelFailureKind = 'missing' | 'invalid' | 'runtime';

export class ModelLoadError extends Error {
  constructor(
    readonly kind: ModelFailureKind,
    readonly model: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelLoadError';
  }
}
