/**
 * Structure paths follow their files. When the editor is about to rename or move files or folders
 * (workspace/willRenameFiles: the explorer's rename and drag and drop), every `structure "…"` path
 * of the workspace's recipe files that names a moved file, or is written in a moved recipe file, is
 * rewritten to name the same file from where both will be; without it the recipes lose their
 * structure (BM310: not found) at the first rename. A path that would name the same file as
 * written is left alone, as is one that names no `file:` URI (the Web Worker reads no structure file).
 */
import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BimetalFile } from '../../grammar/src/ast';
import { toRange } from './ranges';
import { comparableUri, structureFileUri, windowsPaths, type Platform } from './structurePaths';
import { canonicalUri, readableUri, uriToPath } from './uris';

/** A recipe file as the edits read it: open (the editor's text) or closed (read from disk). */
export interface RecipeSource {
  document: TextDocument;
  ast: BimetalFile;
}

export interface FileRename {
  oldUri: string;
  newUri: string;
}

/** The edits, by the recipe file's URI as it is before the renames (willRename edits are applied first). */
export function structurePathEdits(sources: Iterable<RecipeSource>, renames: readonly FileRename[], platform?: Platform): Record<string, TextEdit[]> {
  // Spelt as comparableUri spells them, but for case, so that the rest of a path moves from one to the other.
  const moves = renames.map((r) => ({ from: comparableUri(r.oldUri, platform), to: readableUri(r.newUri) }));
  /** Where a file will be, in canonicalUri's spelling; compared as the file system compares names. */
  const movedTo = (uri: string): string => {
    const name = comparableUri(uri, platform);
    for (const { from, to } of moves) {
      if (name === from) return canonicalUri(to);
      // The rest of the path as the URI spells it (comparableUri keeps every decoded character's place).
      if (name.startsWith(`${from}/`)) return canonicalUri(to + readableUri(uri).slice(from.length));
    }
    return canonicalUri(uri);
  };
  const changes: Record<string, TextEdit[]> = {};
  for (const { document, ast } of sources) {
    if (!document.uri.startsWith('file:')) continue;
    const recipeFile = canonicalUri(document.uri);
    const recipeFileAfter = movedTo(document.uri);
    const windows = windowsPaths(document.uri, platform);
    for (const recipe of ast.recipes) {
      for (const property of recipe.properties) {
        const path = property.kind === 'structure' ? property.path : undefined;
        if (!path?.terminated || path.value.trim() === '') continue;
        const target = structureFileUri(document.uri, path.value, platform);
        if (!target) continue;
        const targetAfter = movedTo(target);
        if (recipeFileAfter === recipeFile && targetAfter === canonicalUri(target)) continue;
        const written = pathFrom(recipeFileAfter, targetAfter, path.value, windows);
        if (written === undefined || written === path.value) continue;
        // The path between the quotes, with the string's two escapes.
        const range = toRange(document, { start: path.start + 1, end: path.end - 1 });
        (changes[document.uri] ??= []).push({ range, newText: written.replace(/[\\"]/g, '\\$&') });
      }
    }
  }
  return changes;
}

/**
 * How the recipe file at `recipeFile` names `target`, in the style `written` had: an absolute path
 * stays absolute; a relative one is made from the recipe file's folder (keeping a leading `./`, and
 * `\` as the separator where it was one); a target on another Windows drive or share can only be
 * named absolutely.
 */
function pathFrom(recipeFile: string, target: string, written: string, windows: boolean): string | undefined {
  const from = uriToPath(recipeFile);
  const to = uriToPath(target);
  if (from === undefined || to === undefined) return undefined;
  const separator = windows && written.includes('\\') ? '\\' : '/';
  const slashed = windows ? written.replace(/\\/g, '/') : written;
  const absolute = slashed.startsWith('/') || (windows && /^[A-Za-z]:\//.test(slashed));
  const relative = absolute ? undefined : relativePath(from.slice(0, from.lastIndexOf('/')), to, windows);
  const path = relative === undefined ? to : slashed.startsWith('./') && !relative.startsWith('../') ? `./${relative}` : relative;
  return path.replace(/\//g, separator);
}

/**
 * `to` relative to the folder `fromFolder` (both `/`-separated paths); undefined where they share
 * no root: another Windows drive (`C:` and `D:`) or another share (`//server/share`).
 */
function relativePath(fromFolder: string, to: string, windows: boolean): string | undefined {
  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  const base = fromFolder.split('/');
  const parts = to.split('/');
  let common = 0;
  while (common < base.length && common < parts.length - 1 && same(base[common], parts[common])) common++;
  // The root's segments: `` of `/…`, `C:` of `C:/…`, and ``, ``, server and share of `//server/share/…`.
  const root = fromFolder.startsWith('//') ? 4 : 1;
  if (common < root) return undefined;
  return [...base.slice(common).map(() => '..'), ...parts.slice(common)].join('/');
}
