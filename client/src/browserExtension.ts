/**
 * The web extension (VS Code for the Web): the same language server runs in a Web Worker
 * (`dist/server-worker.js`). There is no file system there, so the model folder and the wasm
 * files are passed to the server as URLs inside the extension.
 */
import * as vscode from 'vscode';
import { startClient, stopClient } from './clientLifecycle';
import type { TestProbe } from './testProbe';
import { bimetalClientOptions, webServerAssets } from './clientOptions';
import { answerWorkspaceFileRequests } from './workspaceFileRequests';
import { WorkerLanguageClient } from './workerLanguageClient';

export async function activate(context: vscode.ExtensionContext): Promise<TestProbe | undefined> {
  const extensionRoot = context.extensionUri.toString();
  const clientOptions = bimetalClientOptions({
    settings: () => vscode.workspace.getConfiguration('bimetal'),
    workspaceTrusted: () => vscode.workspace.isTrusted,
    extensionRoot,
    assets: webServerAssets(extensionRoot),
  });
  const serverUrl = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server-worker.js').toString(true);
  const client = new WorkerLanguageClient('bimetal', 'Bimetal', clientOptions, () => new Worker(serverUrl));
  answerWorkspaceFileRequests(client);
  return startClient(context, client);
}

export const deactivate = stopClient;
