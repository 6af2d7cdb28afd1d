/** The line ending new lines of a document take: the document's own, so a CRLF file stays CRLF whichever client applies the edit. */
export function lineEndingOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
