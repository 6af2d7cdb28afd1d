/**
 * The identity of the shipped models a calibration sits on: a SHA-256 over the bytes of their
 * files, so a calibration is never applied on top of other models than the ones it measured.
 */
import { ModelFileMissingError, readModelBytes } from '../../../engine/src/inference/modelFiles';
import { EFORM_MODEL, ENERGY_TERMS_FILE, modelFile, SITE_MODEL } from '../../../engine/src/inference/runtime';

/** Every file whose change changes a prediction (the site model is optional: a missing one is skipped). */
const BASE_FILES = [modelFile(EFORM_MODEL, 'graph'), modelFile(EFORM_MODEL, 'conformal'), ENERGY_TERMS_FILE, modelFile(SITE_MODEL, 'graph'), modelFile(SITE_MODEL, 'conformal')];

async function resolveModelDir(modelDir: string | URL | undefined): Promise<string | URL> {
  if (modelDir !== undefined) return modelDir;
  // Node only; the Web Worker always passes a URL.
  const assets = await import('../runtimeAssets');
  const dir = assets.defaultModelDir();
  if (!dir) throw new Error('no model folder given and none can be found beside the program');
  return dir;
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function baseModelHash(modelDir?: string | URL): Promise<string> {
  const dir = await resolveModelDir(modelDir);
  const parts: Uint8Array[] = [];
  for (const file of BASE_FILES) {
    try {
      const bytes = await readModelBytes(dir, file);
      parts.push(new TextEncoder().encode(`${file}\u0000${bytes.length}\u0000`), bytes);
    } catch (error) {
      if (!(error instanceof ModelFileMissingError) || file.startsWith(EFORM_MODEL)) throw error;
    }
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return `sha256:${hex(await globalThis.crypto.subtle.digest('SHA-256', all))}`;
}

export const BASE_MODEL_NAME = EFORM_MODEL;
