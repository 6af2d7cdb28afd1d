/** Document links: the path of each `structure "file.xyz"` opens that file, resolved against this document. */
import type { DocumentLink } from 'vscode-languageserver';
import type { AnalysedDocument } from './documentModel';
import { toRange } from './ranges';
import { propertyOf } from '../../grammar/src/index';
import { structureFileUri } from './structurePaths';

export function documentLinks(analysed: AnalysedDocument): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const recipe of analysed.ast.recipes) {
    const path = propertyOf(recipe, 'structure')?.path;
    if (!path || !path.terminated || path.value.trim() === '') continue;
    const target = structureFileUri(analysed.uri, path.value);
    if (!target) continue;
    // The link covers the path, not the quotes.
    const inner = { start: path.start + 1, end: path.end - 1 };
    links.push({ range: toRange(analysed.document, inner), target, tooltip: `Open ${path.value}` });
  }
  return links;
}
