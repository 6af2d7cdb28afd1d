/**
 * The language-client options of both extensions (desktop: server over Node IPC; web: server in a
 * Web Worker), built in one place so the two cannot drift apart. Pure: no `vscode` at run time,
 * so tests (and the Web Worker test's initialisation) use the same builder.
 */
import type { LanguageClientOptions } from 'vscode-languageclient';
import { withTrailingSlash } from '../../engine/src/platform';
import type { ServerAssets } from '../../report/src/protocol';

/**
 * Read at each start of the server (a restart included), not once at activation: a restarted
 * server that was given the activation's values started untrusted after the user had trusted the
 * workspace, and so read no structure file and kept the calibration off until a window reload.
 */
export interface ClientOptionsInput {
  /** The `bimetal` settings section, sent in `initializationOptions`; later changes are pulled. */
  settings: () => unknown;
  /**
   * The extension's folder, as a URI (`context.extensionUri`). Diagnostic codes link to its
   * docs/diagnostics.md: the Web Worker server cannot find the page beside its bundle, as the
   * Node server can, and the extension's own copy is the one for its version.
   */
  extensionRoot: string;
  /** Web: where the worker finds its models and wasm files (it has no file system; see webServerAssets). */
  assets?: ServerAssets;
  /** `vscode.workspace.isTrusted`: an untrusted workspace's recipes may not make the server read files. */
  workspaceTrusted: () => boolean;
}

export function bimetalClientOptions({ settings, extensionRoot, assets, workspaceTrusted }: ClientOptionsInput): LanguageClientOptions {
  const docsUrl = `${withTrailingSlash(extensionRoot)}docs/diagnostics.md`;
  return {
    documentSelector: [{ language: 'bimetal' }],
    // No `synchronize`: the server registers what it must hear of, changes of the `bimetal` section
    // (which it then pulls) and the files it watches (startServer.ts), with every client that lets
    // it, VS Code's included. The library delivers a static source and a registered one alike, so a
    // `configurationSection` or `fileEvents` here would send each change twice.
    initializationOptions: () => ({ settings: plainData(settings()), workspaceTrusted: workspaceTrusted(), docsUrl, ...assets }),
  };
}

/** The `initializationOptions` a start sends (vscode-languageclient calls a function at each start). */
export function initialisation(options: LanguageClientOptions): unknown {
  const given: unknown = options.initializationOptions;
  return typeof given === 'function' ? given() : given;
}

/**
 * The settings as plain data. The web client hands `initializationOptions` to its Worker by
 * structured clone, which refuses the methods of a `WorkspaceConfiguration` (and so the whole
 * activation); Node IPC's JSON dropped them silently. JSON keeps exactly what the server reads.
 */
function plainData(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The asset URLs of the Web Worker server inside an extension served from `extensionRoot` (a URL). */
export function webServerAssets(extensionRoot: string): Required<ServerAssets> {
  const root = withTrailingSlash(extensionRoot);
  return { modelDir: `${root}models`, wasmDir: `${root}dist`, rdkitWasmUrl: `${root}dist/RDKit_minimal.wasm` };
}
