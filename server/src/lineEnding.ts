/**
 * The line ending new lines of a document take: the document's own, so a CRLF file stays CRLF (and
 * a file of lone CRs, as classic Mac OS saved, stays so) whichever client applies the edit.
 */
export function lineEndingOf(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}

/** The first line break at or after `from`: `start` where it begins, `end` after it (both `text.length` when none follows). */
export function nextLineBreak(text: string, from: number): { start: number; end: number } {
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */) return { start: i, end: i + 1 };
    if (ch === 13 /* \r */) return { start: i, end: text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1 };
  }
  return { start: text.length, end: text.length };
}
