/**
 * Saves a results panel's records as CSV through a save dialog (workspace.fs, so it also works in
 * VS Code for the Web and on remote workspaces).
 */
import * as vscode from 'vscode';
import { csvFileName, resultsCsv } from './results/csv';
import type { ResultsState } from './results/state';

export async function exportCsv(state: ResultsState): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Export Bimetal scores as CSV',
    saveLabel: 'Export',
    filters: { CSV: ['csv'] },
    defaultUri: folder && vscode.Uri.joinPath(folder, csvFileName(state.scope)),
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(resultsCsv(state)));
  const choice = await vscode.window.showInformationMessage(
    `Bimetal: saved ${state.records.length} records to ${vscode.workspace.asRelativePath(target)}.`,
    'Open',
  );
  if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', target);
}
