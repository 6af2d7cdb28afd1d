/**
 * The web extension (VS Code for the Web): the same language server runs in a Web Worker
 * (`dist/server-worker.js`). There is no file system there, so the model folder and the wasm
 * files are passed to the server as URLs inside the extension.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { registerCommands } from './commands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'bimetal' }],
    synchronize: { configurationSection: 'bimetal' },
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('bimetal'),
      modelDir: vscode.Uri.joinPath(context.extensionUri, 'models').toString(true),
      wasmDir: dist.toString(true),
      rdkitWasmUrl: vscode.Uri.joinPath(dist, 'RDKit_minimal.wasm').toString(true),
    },
  };
  const worker = new Worker(vscode.Uri.joinPath(dist, 'server-worker.js').toString(true));
  client = new LanguageClient('bimetal', 'Bimetal', clientOptions, worker);
  registerCommands(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
