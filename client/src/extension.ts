/**
 * The desktop VS Code extension: starts the Bimetal language server (`dist/server.js`, Node IPC)
 * and registers the commands. All analysis lives in the server; this file only connects the
 * editor to it.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'bimetal' }],
    // The server pulls `bimetal.*` through workspace/configuration and is told when it changes;
    // structure files are watched so a fixed .xyz clears its diagnostic.
    synchronize: { configurationSection: 'bimetal', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{bimetal,xyz}') },
    initializationOptions: { settings: vscode.workspace.getConfiguration('bimetal') },
  };
  client = new LanguageClient('bimetal', 'Bimetal', serverOptions, clientOptions);
  registerCommands(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
