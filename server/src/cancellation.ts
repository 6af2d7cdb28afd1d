/**
 * Cancellation in the server: stale document versions and cancelled requests end work with one
 * recognisable error, which handlers answer with null instead of reporting.
 */
import type { CancellationToken } from 'vscode-languageserver';
import { isAbortError } from '../../pipeline/src/abort';

/** Thrown (and recognised) when work was cancelled: stale document version or cancelled request. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof CancelledError || isAbortError(error);
}

/**
 * Waits for shared work (one scoring run per document version) on behalf of one request: a
 * cancelled request stops waiting but does not abort the work other requests still need.
 */
export function untilCancelled<T>(work: Promise<T>, token: CancellationToken | undefined): Promise<T> {
  if (!token) return work;
  if (token.isCancellationRequested) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const subscription = token.onCancellationRequested(() => reject(new CancelledError()));
    work.then(
      (value) => {
        subscription.dispose();
        resolve(value);
      },
      (error: unknown) => {
        subscription.dispose();
        reject(error);
      },
    );
  });
}
