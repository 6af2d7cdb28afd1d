/**
 * The desktop VS Code extension: starts the Bimetal language server (`dist/server.js`, Node IPC)
 * and registers the commands. All analysis lives in the server; this file only connects the
 * editor to it.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { startClient, stopClient } from './clientLifecycle';
import type { TestProbe } from './testProbe';
import { bimetalClientOptions } from './clientOptions';
import { answerWorkspaceFileRequests } from './workspaceFileRequests';

export async function activate(context: vscode.ExtensionContext): Promise<TestProbe | undefined> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions = bimetalClientOptions({
    settings: () => vscode.workspace.getConfiguration('bimetal'),
    workspaceTrusted: () => vscode.workspace.isTrusted,
    extensionRoot: context.extensionUri.toString(),
  });
  const client = new LanguageClient('bimetal', 'Bimetal', serverOptions, clientOptions);
  // The server reads file: folders itself; a virtual one (GitHub Repositories) only through the editor.
  answerWorkspaceFileRequests(client);
  return startClient(context, client);
}

export const deactivate = stopClient;
