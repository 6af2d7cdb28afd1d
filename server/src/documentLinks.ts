/** Document links: the path of each `structure "file.xyz"` opens that file, resolved against this document. */
import type { DocumentLink } from 'vscode-languageserver';
import type { AnalysedDocument } from './documentModel';
import { toRange } from './ranges';
import { propertyOf } from '../../grammar/src/index';
import { pathToUri } from './uris';

export function documentLinks(analysed: AnalysedDocument): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const recipe of analysed.ast.recipes) {
    const path = propertyOf(recipe, 'structure')?.path;
    if (!path || !path.terminated || path.value.trim() === '') continue;
    const target = resolveAgainst(analysed.uri, path.value);
    if (!target) continue;
    // The link covers the path, not the quotes.
    const inner = { start: path.start + 1, end: path.end - 1 };
    links.push({ range: toRange(analysed.document, inner), target, tooltip: `Open ${path.value}` });
  }
  return links;
}

/**
 * The file a structure path names, as the scorer resolves it (path.resolve against the recipe
 * file's folder, pipeline/src/structureAccess.ts): `\` separates folders only where the server's
 * paths are Windows paths (a document on a drive), elsewhere it is a character of the name.
 */
function resolveAgainst(documentUri: string, written: string): string | undefined {
  const windows = /^file:\/\/\/[A-Za-z](?::|%3A)/i.test(documentUri);
  const slashed = windows ? written.replace(/\\/g, '/') : written;
  try {
    if (slashed.startsWith('/') || (windows && /^[A-Za-z]:\//.test(slashed))) return pathToUri(slashed);
    return new URL(slashed.split('/').map(encodeURIComponent).join('/'), documentUri).href;
  } catch {
    return undefined;
  }
}
