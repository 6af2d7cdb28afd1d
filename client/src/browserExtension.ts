/**
 * The web extension (VS Code for the Web): the same language server runs in a Web Worker
 * (`dist/server-worker.js`). There is no file system there, so the model folder and the wasm
 * files are passed to the server as URLs inside the extension.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { startClient, stopClient } from './clientLifecycle';
import type { TestProbe } from './testProbe';
import { bimetalClientOptions, webServerAssets } from './clientOptions';
import { answerWorkspaceFileRequests } from './workspaceFileRequests';

export async function activate(context: vscode.ExtensionContext): Promise<TestProbe | undefined> {
  const clientOptions = bimetalClientOptions({
    settings: vscode.workspace.getConfiguration('bimetal'),
    workspaceTrusted: vscode.workspace.isTrusted,
    assets: webServerAssets(context.extensionUri.toString(true)),
  });
  const worker = new Worker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'server-worker.js').toString(true));
  const client = new LanguageClient('bimetal', 'Bimetal', clientOptions, worker);
  answerWorkspaceFileRequests(client);
  return startClient(context, client);
}

export const deactivate = stopClient;
