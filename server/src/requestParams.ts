/**
 * The params of Bimetal's own requests, checked before a handler reads them. LSP's own requests
 * come from the client library with their params in place; these come from any client, and one
 * that sends none (`null`) or leaves a field out must get InvalidParams naming what is missing,
 * not an internal error from reading a property of null.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

/** The required fields of a request's params and the type each must have. */
export type RequiredFields<P> = { readonly [K in keyof P]?: 'string' | 'number' };

/** `handler`, called only with params that hold every field of `required` with its type; else InvalidParams. */
export function withCheckedParams<P, Rest extends unknown[], R>(
  method: string,
  required: RequiredFields<P>,
  handler: (params: P, ...rest: Rest) => R,
): (params: P | null | undefined, ...rest: Rest) => R {
  const fields = Object.entries(required) as [string, string][];
  const expected = fields.map(([field, type]) => `${field} (a ${type})`).join(' and ');
  return (params, ...rest) => {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      const got = params === undefined ? 'none' : params === null ? 'null' : Array.isArray(params) ? 'an array' : `a ${typeof params}`;
      throw new ResponseError(ErrorCodes.InvalidParams, `${method} needs params: an object with ${expected}; got ${got}`);
    }
    const missing = fields.filter(([field, type]) => typeof (params as Record<string, unknown>)[field] !== type);
    if (missing.length > 0) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${method} needs ${missing.map(([field, type]) => `${field} (a ${type})`).join(' and ')} in its params`);
    }
    return handler(params, ...rest);
  };
}

/** InvalidParams unless `uri` is an absolute URI (it has a scheme), the only kind a document or file is named by. */
export function checkUri(method: string, uri: string): void {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) throw new ResponseError(ErrorCodes.InvalidParams, `${method} needs uri (a URI) in its params; got ${JSON.stringify(uri)}`);
}

/** InvalidParams unless `value` is a positive integer: a count asked for, which `bimetal suggest --n` refuses otherwise too. */
export function checkPositiveInteger(method: string, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new ResponseError(ErrorCodes.InvalidParams, `${method} needs ${field} (a positive integer) in its params; got ${value}`);
}
