/**
 * A recipe file's text from its bytes, decoded as editors decode it: UTF-8, unless a byte order
 * mark says UTF-16 (what Windows Notepad saves as "Unicode"), whose bytes read as UTF-8 gave an
 * error at every character. The mark itself is dropped, so columns on line 1 are the editor's.
 * Shared by the command line, the language server's reading of closed files and the web client.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}
