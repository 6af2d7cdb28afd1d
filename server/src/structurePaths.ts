/**
 * The structure files that recipes name (`structure "core.xyz"`), as files: resolved the way the
 * scorer resolves them, for links to them, and matched against changes on disk, so that a changed
 * structure file rescores the recipes that read it and no others.
 *
 * A file event may name the file a recipe reads otherwise than the recipe does: in another case
 * where the file system ignores case (Windows, macOS), or through a symbolic link, which the
 * scorer follows. So a file is matched by each name it goes by (namesOf): its URI, and its real
 * path's where it or a folder above it exists, both in one case where the file system ignores it.
 * Real paths need Node's file system, loaded only there: the Web Worker reads no structure file
 * (pipeline/src/structureAccess.ts), and matches by URI.
 */
import { isNode } from '../../engine/src/platform';
import { inFolders } from '../../report/src/protocol';
import { pathToUri, readableUri, uriToPath } from './uris';

/** The operating system whose file system holds the server's files (`process.platform`); undefined in a Web Worker. */
export type Platform = string | undefined;

const hostPlatform = (): Platform => (isNode() ? process.platform : undefined);

/** The file systems of these ignore case, as they are set up by default: a false match costs only a rescore. */
const CASE_INSENSITIVE: ReadonlySet<Platform> = new Set(['win32', 'darwin']);

/** A document on a Windows drive (`file:///c:/…`, `file:///c%3A/…`): Windows paths, wherever the server runs. */
const ON_A_DRIVE = /^file:\/\/\/[A-Za-z](?::|%3A)/i;

/** Whether a document's structure paths are Windows paths, where `\\` separates folders (structureFileUri). */
export function windowsPaths(documentUri: string, platform = hostPlatform()): boolean {
  return documentUri.startsWith('file:') && (platform === 'win32' || ON_A_DRIVE.test(documentUri));
}

/**
 * The file a structure path names, as the scorer resolves it (path.resolve against the recipe
 * file's folder, pipeline/src/structureAccess.ts): `\` separates folders where the document's path
 * is a Windows path (any `file:` URI on Windows, a drive's or a UNC share's, `file://server/share/…`,
 * and a document on a drive anywhere); elsewhere it is a character of the name.
 */
export function structureFileUri(documentUri: string, written: string, platform = hostPlatform()): string | undefined {
  const windows = windowsPaths(documentUri, platform);
  const slashed = windows ? written.replace(/\\/g, '/') : written;
  try {
    if (slashed.startsWith('/') || (windows && /^[A-Za-z]:\//.test(slashed))) return pathToUri(slashed);
    return new URL(slashed.split('/').map(encodeURIComponent).join('/'), documentUri).href;
  } catch {
    return undefined;
  }
}

/** The names (namesOf) of the files that the structure paths `written` in a document's recipes name. */
export async function structureFilesNamed(documentUri: string, written: Iterable<string | undefined>, platform = hostPlatform()): Promise<Set<string>> {
  const files = new Set<string>();
  for (const path of written) {
    const file = path?.trim() ? structureFileUri(documentUri, path, platform) : undefined;
    if (file) files.add(file);
  }
  return new Set((await Promise.all([...files].map((file) => namesOf(file, platform)))).flat());
}

/** The names (namesOf) of the files and folders that file events say changed, as the URIs the client gave them. */
export async function changedFileNames(changed: readonly string[], platform = hostPlatform()): Promise<string[]> {
  return (await Promise.all(changed.map((uri) => namesOf(uri, platform)))).flat();
}

/**
 * Whether a file of `named` is one of `changed` (both their names) or lies inside one: a folder's
 * deletion comes as one event for the folder.
 */
export function namesAnyOf(named: ReadonlySet<string>, changed: readonly string[]): boolean {
  for (const file of named) if (changed.includes(file) || inFolders(file, changed)) return true;
  return false;
}

/** What a file is compared by: its URI, and its real path's where that differs, each spelt one way for one file. */
async function namesOf(uri: string, platform: Platform): Promise<string[]> {
  const real = await realUri(uri);
  return [...new Set((real === undefined ? [uri] : [uri, real]).map((name) => comparableUri(name, platform)))];
}

/**
 * A URI spelt one way for one file: decoded, so that a character escaped in one URI and not in
 * the other compares alike, and in one case where the file system ignores it (letters beyond
 * ASCII fold too: É, é). A `%` of the name stays `%25` (readableUri): decoded, `a%2520b` would read
 * back as `a b`.
 */
export function comparableUri(uri: string, platform = hostPlatform()): string {
  const decoded = readableUri(uri);
  return CASE_INSENSITIVE.has(platform) ? decoded.toLowerCase() : decoded;
}

/**
 * The URI of a `file:` URI's real path, symbolic links followed. A file that does not exist, being
 * deleted or not yet made, keeps its own name under the real path of the nearest folder above it
 * that exists. Undefined without a file system to ask: in a Web Worker, for a URI other than `file:`.
 */
async function realUri(uri: string): Promise<string | undefined> {
  if (!isNode()) return undefined;
  let file: string | undefined;
  try {
    file = uriToPath(uri);
  } catch {
    return undefined; // no URL (`file://[x`), so no file either
  }
  if (file === undefined) return undefined;
  const [{ realpath }, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  const missing: string[] = [];
  for (let at = path.resolve(file); ; ) {
    try {
      return pathToUri(path.join(await realpath(at), ...missing));
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return undefined;
      missing.unshift(path.basename(at));
      at = parent;
    }
  }
}
