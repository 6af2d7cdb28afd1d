/**
 * `file:` URI ↔ path without Node's `url` module, so the same code runs in the Web Worker build.
 * Only `file:` URIs have paths; anything else (untitled:, vscode-vfs:) has none, and is named to the
 * user by its readable URI.
 */
import { URI } from 'vscode-uri';
import type { ScoreContext } from '../../pipeline/src/index';
import { inFolders } from '../../report/src/protocol';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const { host, pathname } = new URL(uri);
  const path = decodeURIComponent(pathname);
  // file://server/share/x → //server/share/x, a UNC path on Windows
  if (host) return `//${host}${path}`;
  // file:///C:/x → C:/x on Windows
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path;
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

/** The escapes a readable URI keeps: `%` itself, which would read as an escape, and `#` and `?`, which would end its path. */
const KEPT_ESCAPES = /(%(?:25|23|3F))/i;

/**
 * A URI as a person reads it (`my dir`, not `my%20dir`; `é`, not `%C3%A9`), still naming one
 * resource: read back (vscode-uri's or `vscode.Uri.parse`) it is that resource's URI again.
 */
export function readableUri(uri: string): string {
  // Only ASCII characters are kept escaped, so no UTF-8 sequence is ever split between the parts.
  return canonicalUri(uri).replace(/(?:%[0-9A-F]{2})+/gi, (escapes) =>
    escapes
      .split(KEPT_ESCAPES)
      .map((part, i) => (i % 2 === 1 ? part : decodeURIComponent(part)))
      .join(''),
  );
}

/** A document named without its workspace folder: a file by its path, anything else by its readable URI. */
export function documentName(uri: string): string {
  return uriToPath(uri) ?? readableUri(uri);
}

/** A scheme and colon at the start: two characters at least, so that a Windows drive (`C:/…`) is none. */
const URI_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/** The URI of the document `documentName` gave `name` (the `file` of its records). */
export function uriOfDocumentName(name: string): string {
  return URI_SCHEME.test(name) ? canonicalUri(name) : pathToUri(name);
}

/**
 * Where a document is, for scoring it: the name its records carry, and the folder on disk its
 * structure files resolve against. Only a `file:` document has one: an untitled document gets
 * one when it is saved, and one in a virtual file system (vscode-vfs:) never, as the server reads
 * no folder there.
 */
export function documentLocation(uri: string): Pick<ScoreContext, 'file' | 'baseDir' | 'virtualFileSystem'> {
  const file = uriToPath(uri);
  if (file !== undefined) return { file, baseDir: dirnameOf(file) };
  const { scheme } = URI.parse(uri);
  return { file: readableUri(uri), ...(scheme === 'untitled' ? {} : { virtualFileSystem: scheme }) };
}

/** A file's own name, the last part of its path, as the user knows it (not `closed%20one.bimetal`). */
export function baseNameOf(uri: string): string {
  const { path } = URI.parse(uri);
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirnameOf(filePath: string): string {
  const at = filePath.replace(/\\/g, '/').lastIndexOf('/');
  return at <= 0 ? '/' : filePath.slice(0, at);
}

/**
 * A file as VS Code names it to the user (`workspace.asRelativePath`): its path in the innermost
 * workspace folder that holds it, after that folder's name where there are several folders; a file
 * outside them by its documentName. `folders` in canonicalUri's spelling.
 */
export function workspaceRelativeName(uri: string, folders: readonly string[]): string {
  // An editor other than VS Code may spell the URI of a document it opens its own way.
  uri = canonicalUri(uri);
  const holding = folders.filter((folder) => inFolders(uri, [folder]));
  if (holding.length === 0) return documentName(uri);
  const folder = URI.parse(holding.reduce((a, b) => (b.length > a.length ? b : a))).path.replace(/\/$/, '');
  const relative = URI.parse(uri).path.slice(folder.length + 1);
  return folders.length > 1 ? `${folder.slice(folder.lastIndexOf('/') + 1)}/${relative}` : relative;
}
