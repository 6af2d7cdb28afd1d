/**
 * The grammar's half-open offset ranges in LSP terms, converted in one place so every feature
 * agrees on where a range ends.
 */
import type { Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { OffsetRange } from '../../engine/src/recipe';

/** Half-open source offsets (the grammar's ranges) → an LSP range. */
export function toRange(document: TextDocument, range: OffsetRange): Range {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}

export function contains(range: OffsetRange, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}
