/**
 * Opens a scored recipe in its file and selects its name. The recipe is found through the
 * document outline (the language server's document symbols), so the location is the server's
 * current parse, not a stale offset from scoring time. Only a .bimetal file of the workspace, or a
 * document already open, is opened: a record's file name comes back through the webview.
 */
import * as vscode from 'vscode';
import { isUriString, mayReveal, recipeBlockName } from './results/recipeLocation';

export async function revealRecipe(file: string, recipe: string, besidePanel: vscode.ViewColumn | undefined): Promise<void> {
  const uri = recordFileUri(file);
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  const open = vscode.workspace.textDocuments.map((d) => d.uri.toString());
  if (!mayReveal(uri.toString(), folders, open)) {
    void vscode.window.showWarningMessage(`Bimetal: ${file} is not a .bimetal file of this workspace, so it is not opened.`);
    return;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  // Open the file next to the results, not over them.
  const viewColumn = besidePanel === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(document, { viewColumn });
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
    'vscode.executeDocumentSymbolProvider',
    document.uri,
  );
  const block = recipeBlockName(recipe);
  const symbol = symbols?.find((s) => s.name === block);
  if (!symbol) {
    void vscode.window.showWarningMessage(`Bimetal: recipe ${block} is no longer in ${vscode.workspace.asRelativePath(document.uri)}. Score again to refresh the results.`);
    return;
  }
  const [range, name] = 'selectionRange' in symbol ? [symbol.range, symbol.selectionRange] : [symbol.location.range, symbol.location.range];
  editor.selection = new vscode.Selection(name.start, name.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Records name files by absolute path, by URI (files not on disk), or relative to the workspace. */
function recordFileUri(file: string): vscode.Uri {
  if (isUriString(file)) return vscode.Uri.parse(file);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const absolute = file.startsWith('/') || /^[a-z]:[\\/]/i.test(file);
  return !absolute && folder ? vscode.Uri.joinPath(folder, file) : vscode.Uri.file(file);
}
