/**
 * Cancellation in the server: stale document versions and cancelled requests end work with one
 * recognisable error, which handlers answer with null (Bimetal's own requests: with LSP's error
 * code for it) instead of reporting.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
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

/**
 * A request handler whose cancellation reaches the client in LSP's codes: RequestCancelled when the
 * client cancelled it, ContentModified when a newer version of a document made the answer stale,
 * where the JSON-RPC library would answer the error that stopped the work as an internal error.
 */
export function answeringCancellation<P, R>(handler: (params: P, token: CancellationToken) => Promise<R>): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    try {
      return await handler(params, token);
    } catch (error) {
      if (!isCancelled(error)) throw error;
      throw token.isCancellationRequested
        ? new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled')
        : new ResponseError(LSPErrorCodes.ContentModified, 'a document changed while the request ran; ask again');
    }
  };
}
