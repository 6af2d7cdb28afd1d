/**
 * Where the code runs and how it names files. The same modules run in Node (command line,
 * desktop language server) and in a browser Web Worker (VS Code for the Web), which has no file
 * system: there every model and wasm file is named by a URL, in Node usually by a path.
 */

export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** `https://…`, `file:///…`: a scheme followed by `//`. A Windows path (`C:\…`) is not a URL. */
export function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/** A folder URL must end in `/` for `new URL(file, folder)` and prefix joins to stay inside it. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
