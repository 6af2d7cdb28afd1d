import { loadModelRuntime, type ModelRuntime } from '../../engine/src/inference/runtime';

/**
 * The model runtime of one scorer, loaded once on first use behind a shared promise: onnxruntime
 * cannot retry a failed initialisation, and a missing or corrupt model should be reported once per
 * document, not once per recipe. A failure is kept (not thrown) so descriptors keep working.
 */
export type ModelState = { ok: true; runtime: ModelRuntime } | { ok: false; error: unknown };

export interface ModelLocation {
  modelDir?: string;
  wasmDir?: string;
}

/** Without a wasm folder, the inference engine finds the files beside the bundle or in node_modules. */
async function resolveLocation(location: ModelLocation): Promise<{ modelDir: string; wasmPaths?: string }> {
  const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
  if (location.modelDir !== undefined && (location.wasmDir === undefined || isUrl(location.wasmDir))) {
    return { modelDir: location.modelDir, wasmPaths: location.wasmDir && withSlash(location.wasmDir) };
  }
  // Paths need Node; loaded lazily so the Web Worker build (which passes URLs) never loads node:fs.
  const assets = await import('./runtimeAssets');
  const modelDir = location.modelDir ?? assets.defaultModelDir();
  if (!modelDir) throw new Error('no model folder given and none can be found beside the program');
  return { modelDir, wasmPaths: location.wasmDir === undefined ? undefined : assets.wasmPrefix(location.wasmDir) };
}

export class ModelStage {
  private state: Promise<ModelState> | undefined;

  constructor(private readonly location: ModelLocation) {}

  load(): Promise<ModelState> {
    this.state ??= resolveLocation(this.location)
      .then(({ modelDir, wasmPaths }) => loadModelRuntime({ modelDir, wasmPaths }))
      .then((runtime): ModelState => ({ ok: true, runtime }))
      .catch((error: unknown): ModelState => ({ ok: false, error }));
    return this.state;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
