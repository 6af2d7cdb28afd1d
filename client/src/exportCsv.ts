/**
 * Saves a results panel's records as CSV through a save dialog (workspace.fs, so it also works in
 * VS Code for the Web and on remote workspaces), atomically: a failed save leaves no partial CSV.
 */
import * as vscode from 'vscode';
import { writeAtomically } from './atomicWrite';
import { csvFileName, resultsCsv } from './results/csv';
import { newNonce } from './results/html';
import type { ResultsState } from './results/state';
import type { ScoreRecord } from '../../engine/src/scoreRecord';

/**
 * Written before the CSV: a file saved from the editor is opened by double-click, in Excel as often
 * as not, and Excel reads a CSV without a byte order mark in the system's code page (Windows-1252 in
 * Western Europe), so the headers' Å (`descriptors.distance (Å)`) and a recipe's or note's
 * non-ASCII characters came out as `Ã…`. LibreOffice, pandas and `bimetal import` skip it.
 * `bimetal score --format csv` writes none: it feeds pipelines, where a mark would become part of
 * the first column's name (Python's csv module, cut, awk).
 */
const BYTE_ORDER_MARK = '\uFEFF';

/** Exports `rows` of the panel's records (all of them by default), columns as resultsCsv lays them out. */
export async function exportCsv(state: ResultsState, rows: readonly ScoreRecord[] = state.records): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Export Bimetal scores as CSV',
    saveLabel: 'Export',
    filters: { CSV: ['csv'] },
    defaultUri: folder && vscode.Uri.joinPath(folder, csvFileName(state.scope)),
  });
  if (!target) return;
  // Not named after the target: a name the disk takes (up to 255 bytes) must leave room for its temporary file's.
  const temporary = vscode.Uri.joinPath(target, '..', `.bimetal-export-${newNonce().slice(0, 8)}.tmp`);
  await writeAtomically(vscode.workspace.fs, target, temporary, new TextEncoder().encode(BYTE_ORDER_MARK + resultsCsv(state, rows)), vscode.workspace.asRelativePath(target));
  const choice = await vscode.window.showInformationMessage(
    `Bimetal: saved ${rows.length} records to ${vscode.workspace.asRelativePath(target)}.`,
    'Open',
  );
  if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', target);
}
