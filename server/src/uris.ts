/**
 * `file:` URI ↔ path without Node's `url` module, so the same code runs in the Web Worker build.
 * Only `file:` URIs have paths; anything else (untitled:, vscode-vfs:) has none.
 */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const pathname = decodeURIComponent(new URL(uri).pathname);
  // file:///C:/x → C:/x on Windows
  return /^\/[A-Za-z]:/.test(pathname) ? pathname.slice(1) : pathname;
}

export function pathToUri(filePath: string): string {
  const slashed = filePath.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/') ? slashed : `/${slashed}`;
  return `file://${absolute.split('/').map(encodeURIComponent).join('/').replace(/^(\/[A-Za-z])%3A/, '$1:')}`;
}

export function dirnameOf(filePath: string): string {
  const at = filePath.replace(/\\/g, '/').lastIndexOf('/');
  return at <= 0 ? '/' : filePath.slice(0, at);
}
