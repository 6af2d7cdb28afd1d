/**
 * Highlights of a ligand's or recipe's name wherever the file names it (textDocument/documentHighlight):
 * its declaration as written to, its uses as read, the same symbol that references and rename act on
 * (navigation.ts symbolAt), so a ligand shadowing a built-in, or a name declared twice, lights up
 * what it refers to and not every word spelt alike. Elsewhere nothing is answered, and the editor
 * falls back to highlighting the word's other occurrences.
 */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver';
import type { AnalysedDocument } from './documentModel';
import { symbolAt } from './navigation';
import { toRange } from './ranges';

export function documentHighlights(analysed: AnalysedDocument, position: Position): DocumentHighlight[] | null {
  const symbol = symbolAt(analysed, position);
  if (!symbol) return null;
  const highlight = (kind: DocumentHighlightKind) => (range: { start: number; end: number }) => ({ range: toRange(analysed.document, range), kind });
  return [...symbol.declarations.map(highlight(DocumentHighlightKind.Write)), ...symbol.uses.map(highlight(DocumentHighlightKind.Read))];
}
