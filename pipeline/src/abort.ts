/**
 * Stops a scoring run between stages when the caller has given up on it (the language server
 * aborts a run when the document changes again). Throws the signal's reason, a DOMException named
 * `AbortError` unless the caller chose another.
 */
export function checkAborted(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
