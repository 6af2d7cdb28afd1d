/**
 * The extension's commands, shared by the desktop (Node) and web (Web Worker) clients:
 * `bimetal.scoreWorkspace` asks the server for every recipe's record and shows them in a webview;
 * `bimetal.restartServer` restarts the server (e.g. after replacing the models).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { scoreReportHtml } from './scoreReport';

export function registerCommands(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('bimetal.scoreWorkspace', () => scoreWorkspace(context, client)),
    vscode.commands.registerCommand('bimetal.restartServer', async () => {
      await client.stop();
      await client.start();
    }),
  );
}

async function scoreWorkspace(context: vscode.ExtensionContext, client: BaseLanguageClient): Promise<void> {
  let records: ScoreRecord[];
  try {
    records = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Bimetal: scoring workspace recipes…', cancellable: true },
      (_progress, token) => client.sendRequest<ScoreRecord[]>('bimetal/scoreWorkspace', {}, token),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`Bimetal: scoring failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
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
