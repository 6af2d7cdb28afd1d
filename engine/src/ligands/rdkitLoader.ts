import initRDKitModule from '@rdkit/rdkit';
import type { MainModule as RDKitModule } from '@rdkit/rdkit';

export interface ChemistryLoadOptions {
  /**
   * URL (or file path) of `RDKit_minimal.wasm`. Needed in a Web Worker, where the wasm is not
   * next to the script. In Node it defaults to the copy next to the running script: the
   * package's own in development, `dist/RDKit_minimal.wasm` inside the esbuild bundles.
   */
  wasmUrl?: string;
}

let shared: Promise<RDKitModule> | undefined;

/**
 * Initialises RDKit once per process (about 0.1–0.5 s and 135 MB). Every caller shares the same
 * promise; a failed initialisation stays failed, because the emscripten module cannot be
 * re-initialised reliably, and every caller gets the same clear error instead of a retry loop.
 */
export function loadRDKit(options: ChemistryLoadOptions = {}): Promise<RDKitModule> {
  shared ??= initRDKitModule({
    locateFile: (file: string, scriptDirectory: string) => options.wasmUrl ?? scriptDirectory + file,
    // Emscripten prints to stdout by default, which would corrupt an LSP speaking over stdio.
    print: (text: string) => console.error(text),
    printErr: (text: string) => console.error(text),
  }).then(
    (module) => module as RDKitModule,
    (cause: unknown) => {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`The chemistry toolkit (RDKit WASM) failed to initialise: ${reason}`);
    },
  );
  return shared;
}
