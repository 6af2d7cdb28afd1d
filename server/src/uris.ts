/**
 * `file:` URI ↔ path without Node's `url` module, so the same code runs in the Web Worker build.
 * Only `file:` URIs have paths; anything else (untitled:, vscode-vfs:) has none.
 */
import { URI } from 'vscode-uri';
import { inFolders } from '../../report/src/protocol';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const pathname = decodeURIComponent(new URL(uri).pathname);
  // file:///C:/x → C:/x on Windows
  return /^\/[A-Za-z]:/.test(pathname) ? pathname.slice(1) : pathname;
}

/**
 * A file's URI spelt as VS Code spells the URIs of the documents it opens (vscode-uri: `(` as
 * `%28`, a drive as `c%3A`), so that a file listed from disk and the same file open in the editor
 * have one URI: diagnostics published for the one are the other's, and neither counts twice.
 */
export function pathToUri(filePath: string): string {
  const slashed = filePath.replace(/\\/g, '/');
  return URI.file(slashed.startsWith('/') ? slashed : `/${slashed}`).toString();
}

/**
 * One spelling for every URI of one resource, for comparing a URI listed from disk with an open
 * document's: editors other than VS Code encode a path's characters their own way (`(`, `:`, `~`).
 */
export function canonicalUri(uri: string): string {
  return URI.parse(uri).toString();
}

export function dirnameOf(filePath: string): string {
  const at = filePath.replace(/\\/g, '/').lastIndexOf('/');
  return at <= 0 ? '/' : filePath.slice(0, at);
}

/**
 * A file as VS Code names it to the user (`workspace.asRelativePath`): its path in the innermost
 * workspace folder that holds it, after that folder's name where there are several folders; a file
 * outside them by its path, or its URI where it has none. `folders` in canonicalUri's spelling.
 */
export function workspaceRelativeName(uri: string, folders: readonly string[]): string {
  // An editor other than VS Code may spell the URI of a document it opens its own way.
  uri = canonicalUri(uri);
  const holding = folders.filter((folder) => inFolders(uri, [folder]));
  if (holding.length === 0) return uriToPath(uri) ?? uri;
  const folder = URI.parse(holding.reduce((a, b) => (b.length > a.length ? b : a))).path.replace(/\/$/, '');
  const relative = URI.parse(uri).path.slice(folder.length + 1);
  return folders.length > 1 ? `${folder.slice(folder.lastIndexOf('/') + 1)}/${relative}` : relative;
}
