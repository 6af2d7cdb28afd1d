/**
 * Opens a scored member in its file: the recipe block is revealed and the member itself selected,
 * its name and, for a family member, the very host and dopant alternatives that make it (one
 * selection each), so `AuM[dopant=Fe]` lands on `Fe` in `dopant [Co, Fe, Ni]`, not just on the
 * family. The ranges come from the server's current parse (`bimetal/memberLocation`), not from
 * offsets kept since scoring. Only a .bimetal file of the workspace, or a document already open, is
 * opened: a record's file name comes back through the webview.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { MEMBER_LOCATION, type MemberLocation, type MemberParams } from '../../report/src/recipeDetailProtocol';
import { documentTabName, isUntitled, isUriString, mayReveal } from './results/recipeLocation';

/** Opens the member's document (beside the results, not over them) and selects the member. */
export async function revealRecipe(client: BaseLanguageClient, file: string, recipe: string, besidePanel: vscode.ViewColumn | undefined): Promise<void> {
  const document = await openRecordDocument(file);
  if (!document) return;
  const viewColumn = besidePanel === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(document, { viewColumn });
  const params: MemberParams = { uri: client.code2ProtocolConverter.asUri(document.uri), recipe };
  const location = await client.sendRequest<MemberLocation | null>(MEMBER_LOCATION, params);
  if (!location) {
    void vscode.window.showWarningMessage(`Bimetal: ${recipe} is no longer in ${vscode.workspace.asRelativePath(document.uri)}. Score again to refresh the results.`);
    return;
  }
  const selection = (r: MemberLocation['name']) => {
    const range = client.protocol2CodeConverter.asRange(r);
    return new vscode.Selection(range.start, range.end);
  };
  editor.selections = [location.name, ...location.choices].map(selection);
  editor.revealRange(client.protocol2CodeConverter.asRange(location.recipe), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * The record's document, opened (not shown) so the server has it; undefined (with a warning) when it
 * may not be opened, or is gone.
 */
export async function openRecordDocument(file: string): Promise<vscode.TextDocument | undefined> {
  const uri = recordFileUri(file);
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  const open = vscode.workspace.textDocuments.map((d) => d.uri.toString());
  if (!mayReveal(uri.toString(), folders, open)) {
    const why = isUntitled(uri.toString())
      ? `${documentTabName(uri.toString())} was closed without being saved, so its recipes are gone. Score again to refresh the results.`
      : `${file} is not a .bimetal file of this workspace, so it is not opened.`;
    void vscode.window.showWarningMessage(`Bimetal: ${why}`);
    return undefined;
  }
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch (error) {
    // Deleted or moved since it was scored: said as a recipe gone from its file is (revealRecipe), where
    // VS Code's error named the file three times and offered the log, which says nothing of it.
    if (!(await isMissing(uri))) throw error;
    void vscode.window.showWarningMessage(`Bimetal: ${vscode.workspace.asRelativePath(uri)} no longer exists (deleted or moved since it was scored). Score again to refresh the results.`);
    return undefined;
  }
}

async function isMissing(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => false,
    (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound',
  );
}

/** Records name files by absolute path, by URI (files not on disk), or relative to the workspace. */
export function recordFileUri(file: string): vscode.Uri {
  if (isUriString(file)) return vscode.Uri.parse(file);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const absolute = file.startsWith('/') || /^[a-z]:[\\/]/i.test(file);
  return !absolute && folder ? vscode.Uri.joinPath(folder, file) : vscode.Uri.file(file);
}
