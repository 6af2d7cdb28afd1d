/**
 * A recipe file's text from its bytes, decoded as editors decode it: UTF-8, unless a byte order
 * mark says UTF-16 (what Windows Notepad saves as "Unicode"), whose bytes read as UTF-8 gave an
 * error at every character. The mark itself is dropped, so columns on line 1 are the editor's.
 * Shared by the command line, the language server's reading of closed files and the web client.
 */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(textEncodingOf(bytes)).decode(bytes);
}

/** The encoding of a text that starts with `bytes` (its first two or more), as decodeText reads it; a TextDecoder of it drops the mark. */
export function textEncodingOf(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-8' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
