/**
 * The line ending new lines of a document take: the document's own, so a CRLF file stays CRLF (and
 * a file of lone CRs, as classic Mac OS saved, stays so) whichever client applies the edit.
 */
export function lineEndingOf(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}
