/**
 * Starting and stopping the language client, the same for the desktop and web extensions: the
 * commands are registered against the client, then it starts; deactivation stops it. A grant of
 * workspace trust is passed on to the server, and the open results panels follow it. Under test,
 * the activation's result is a probe of what the commands show (testProbe.ts).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { WORKSPACE_TRUSTED } from '../../report/src/protocol';
import { registerCommands } from './commands';
import { testProbe, type TestProbe } from './testProbe';

let running: BaseLanguageClient | undefined;

export async function startClient(context: vscode.ExtensionContext, client: BaseLanguageClient): Promise<TestProbe | undefined> {
  running = client;
  const probe = testProbe(context);
  const commands = registerCommands(context, client, probe);
  // The server started without reading structure files; once the user trusts the folder, it may, and
  // the open results panels are made again once it knows (a recipe whose structure file it refused
  // has an E_form now). A stopped client cannot send it, and needs not: its next start reads the
  // trust (clientOptions.ts).
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(
      () => void client.sendNotification(WORKSPACE_TRUSTED).then(() => commands.remakePanels('The workspace is trusted now'), () => undefined),
    ),
  );
  await client.start();
  return probe;
}

export async function stopClient(): Promise<void> {
  await running?.stop();
  running = undefined;
}
