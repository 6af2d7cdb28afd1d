/**
 * Starting and stopping the language client, the same for the desktop and web extensions: the
 * commands are registered against the client, then it starts; deactivation stops it. A grant of
 * workspace trust is passed on to the server.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { WORKSPACE_TRUSTED } from '../../report/src/protocol';
import { registerCommands } from './commands';

let running: BaseLanguageClient | undefined;

export async function startClient(context: vscode.ExtensionContext, client: BaseLanguageClient): Promise<void> {
  running = client;
  registerCommands(context, client);
  // The server started without reading structure files; once the user trusts the folder, it may.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WORKSPACE_TRUSTED)));
  await client.start();
}

export async function stopClient(): Promise<void> {
  await running?.stop();
  running = undefined;
}
