import type { OffsetRange } from '../../engine/src/recipe';

/**
 * Source ranges inside a string literal, so a SMILES error points at the offending character.
 * A `.bimetal` string escapes `"` and `\` with a backslash (LANGUAGE.md §2), so the SMILES the
 * chemistry toolkit sees can be shorter than its source text; offsets are mapped back through
 * the escapes.
 */

/** The range of the first string literal (quotes included) that starts inside `within`. */
export function stringLiteralIn(text: string, within: OffsetRange): OffsetRange | undefined {
  const open = text.indexOf('"', within.start);
  if (open < 0 || open >= within.end) return undefined;
  let i = open + 1;
  while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return { start: open, end: Math.min(i + 1, text.length) };
}

/** Source offset of character `index` of the decoded contents of the literal starting at `literal.start`. */
function sourceOffset(text: string, literal: OffsetRange, index: number): number {
  let raw = literal.start + 1;
  for (let decoded = 0; decoded < index && raw < literal.end - 1; decoded++) raw += text[raw] === '\\' ? 2 : 1;
  return raw;
}

/**
 * Where to put a diagnostic about a string literal's contents: the one character at `offset`
 * when the toolkit names a position, else the whole literal.
 */
export function rangeInLiteral(text: string, literal: OffsetRange, offset?: number): OffsetRange {
  if (offset === undefined) return literal;
  // An unterminated literal runs to the end of its line, without a closing quote.
  const closed = literal.end - 1 > literal.start && text[literal.end - 1] === '"';
  const lastContent = Math.max(literal.start + 1, literal.end - (closed ? 2 : 1));
  const start = Math.min(sourceOffset(text, literal, offset), lastContent);
  // An escape is two characters, and so is a character beyond U+FFFF (two UTF-16 code units): half of one is no place.
  const width = text[start] === '\\' || (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
  return { start, end: Math.min(start + width, literal.end) };
}
