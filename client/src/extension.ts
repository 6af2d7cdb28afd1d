/**
 * The VS Code extension: starts the Bimetal language server (`dist/server.js`, Node IPC) and adds
 * the `bimetal.scoreWorkspace` and `bimetal.restartServer` commands. All analysis lives in the
 * server; this file only connects the editor to it.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { scoreReportHtml } from './scoreReport';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'bimetal' }],
    // The server pulls `bimetal.*` through workspace/configuration and is told when it changes.
    synchronize: { configurationSection: 'bimetal', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{bimetal,xyz}') },
    initializationOptions: { settings: vscode.workspace.getConfiguration('bimetal') },
  };
  client = new LanguageClient('bimetal', 'Bimetal', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('bimetal.scoreWorkspace', () => scoreWorkspace(context)),
    vscode.commands.registerCommand('bimetal.restartServer', () => client?.restart()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function scoreWorkspace(context: vscode.ExtensionContext): Promise<void> {
  const running = client;
  if (!running) return;
  const records = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Bimetal: scoring workspace recipes…', cancellable: true },
    (_progress, token) => running.sendRequest<ScoreRecord[]>('bimetal/scoreWorkspace', {}, token),
  );
  const panel = vscode.window.createWebviewPanel('bimetal.scores', 'Bimetal scores', vscode.ViewColumn.Beside, {
    enableScripts: false,
    localResourceRoots: [context.extensionUri],
  });
  panel.webview.html = scoreReportHtml(records, nonce(), panel.webview.cspSource);
}

function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
