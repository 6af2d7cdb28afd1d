/**
 * Node entry of the language server (bundled to `dist/server.js`). The transport comes from the
 * command line (`--stdio`, `--node-ipc`, `--socket=N`), as vscode-languageserver resolves it, so
 * the same bundle serves VS Code (IPC) and terminal editors (`npx bimetal lsp --stdio`).
 * Without overrides the pipeline finds the shipped models and wasm files beside the bundle.
 */
// First, before anything allocates or compiles WebAssembly: see v8Flags.ts.
import '../../pipeline/src/v8Flags';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { connectionEndingAtShutdown } from './shutdown';
import { startServer } from './startServer';

startServer(connectionEndingAtShutdown((options) => createConnection(ProposedFeatures.all, options)), {
  modelDir: process.env.BIMETAL_MODEL_DIR || undefined,
  wasmDir: process.env.BIMETAL_WASM_DIR || undefined,
  inference: 'worker',
});
