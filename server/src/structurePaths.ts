/**
 * The structure files that recipes name (`structure "core.xyz"`), as files: resolved the way the
 * scorer resolves them, for links to them, and matched against changes on disk, so that a changed
 * structure file rescores the recipes that read it and no others.
 */
import { inFolders } from '../../report/src/protocol';
import { canonicalUri, pathToUri } from './uris';

/**
 * The file a structure path names, as the scorer resolves it (path.resolve against the recipe
 * file's folder, pipeline/src/structureAccess.ts): `\` separates folders only where the server's
 * paths are Windows paths (a document on a drive), elsewhere it is a character of the name.
 */
export function structureFileUri(documentUri: string, written: string): string | undefined {
  const windows = /^file:\/\/\/[A-Za-z](?::|%3A)/i.test(documentUri);
  const slashed = windows ? written.replace(/\\/g, '/') : written;
  try {
    if (slashed.startsWith('/') || (windows && /^[A-Za-z]:\//.test(slashed))) return pathToUri(slashed);
    return new URL(slashed.split('/').map(encodeURIComponent).join('/'), documentUri).href;
  } catch {
    return undefined;
  }
}

/** The files that the structure paths `written` in a document's recipes name, in canonicalUri's spelling, as file events are compared. */
export function structureFilesNamed(documentUri: string, written: Iterable<string | undefined>): Set<string> {
  const files = new Set<string>();
  for (const path of written) {
    const file = path?.trim() ? structureFileUri(documentUri, path) : undefined;
    if (file) files.add(canonicalUri(file));
  }
  return files;
}

/**
 * Whether a file of `named` is one of `changed` (canonical URIs of files changed on disk) or lies
 * inside one: a folder's deletion comes as one event for the folder.
 */
export function namesAnyOf(named: ReadonlySet<string>, changed: readonly string[]): boolean {
  for (const file of named) if (changed.includes(file) || inFolders(file, changed)) return true;
  return false;
}
