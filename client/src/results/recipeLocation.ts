/**
 * From a score record back to its source: records name the file (a path, or a URI for files not on
 * disk) and the member (`NAME` or `NAME[dopant=Fe,dopantCount=2]` for a family member), while the
 * document outline names recipe blocks. Pure.
 */

/** The recipe block a member came from: the name before the family's `[…]`. */
export function recipeBlockName(member: string): string {
  const bracket = member.indexOf('[');
  return bracket > 0 ? member.slice(0, bracket) : member;
}

/**
 * Whether a record's `file` is a URI (`untitled:Untitled-1`, `vscode-vfs://…`) rather than a path.
 * A scheme has at least two characters, so a Windows drive (`C:\…`) is a path.
 */
export function isUriString(file: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(file);
}

/**
 * A document's name as the editor's tab shows it, for a panel's title: the last part of its path,
 * decoded (`b c.bimetal` of `file:///a/b%20c.bimetal`, `Untitled-1` of `untitled:Untitled-1`).
 */
export function documentTabName(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]+:(\/\/[^/]*)?/i, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** An unsaved document's URI (`untitled:Untitled-1`): once closed, its recipes are nowhere. */
export function isUntitled(uri: string): boolean {
  return uri.startsWith('untitled:');
}

/**
 * Whether a record's file may be opened: a `.bimetal` file inside one of the workspace folders, or
 * a document the editor already has open (an unsaved one, say). URIs are compared as strings in
 * VS Code's normal form (`Uri.toString()`); a folder must match up to a `/` boundary.
 */
export function mayReveal(uri: string, workspaceFolders: readonly string[], openDocuments: readonly string[]): boolean {
  if (openDocuments.includes(uri)) return true;
  if (!/\.bimetal$/i.test(uri) || /(^|\/)\.\.(\/|$)/.test(uri)) return false;
  return workspaceFolders.some((folder) => uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`));
}
