/**
 * `bimetal lsp --stdio`: the language server for editors other than VS Code (Neovim, Helix,
 * Emacs, …). Loaded on demand so `check` and `score` do not pay for the LSP libraries.
 * Standard output carries only LSP messages; everything else goes to standard error.
 */
export async function runLsp(options: { models?: string }): Promise<void> {
  const [{ createConnection, ProposedFeatures }, { connectionEndingAtShutdown }, { startServer }] = await Promise.all([
    import('vscode-languageserver/node'),
    import('../../../server/src/shutdown'),
    import('../../../server/src/startServer'),
  ]);
  const connection = connectionEndingAtShutdown((options) => createConnection(ProposedFeatures.all, process.stdin, process.stdout, options));
  startServer(connection, {
    modelDir: options.models ?? (process.env.BIMETAL_MODEL_DIR || undefined),
    wasmDir: process.env.BIMETAL_WASM_DIR || undefined,
    inference: 'worker',
  });
}
