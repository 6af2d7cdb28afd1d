/**
 * Starting and stopping the language client, the same for the desktop and web extensions: the
 * commands are registered against the client, then it starts; deactivation stops it.
 */
import type * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { registerCommands } from './commands';

let running: BaseLanguageClient | undefined;

export async function startClient(context: vscode.ExtensionContext, client: BaseLanguageClient): Promise<void> {
  running = client;
  registerCommands(context, client);
  await client.start();
}

export async function stopClient(): Promise<void> {
  await running?.stop();
  running = undefined;
}
