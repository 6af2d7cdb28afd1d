/**
 * `vscode-languageclient` for client code tested without a workbench: the library itself needs the
 * real `vscode` as it loads, so `require('vscode-languageclient')` resolves to its protocol half
 * (vscode-languageserver-protocol: `WorkDoneProgress` and the like), which needs none. Import this
 * file before the tested module; the client object itself is the test's own stand-in.
 */
import Module from 'node:module';
import * as protocol from 'vscode-languageserver-protocol';

const STUB = 'stub:vscode-languageclient';
type Resolver = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolver; _cache: Record<string, unknown> };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  return request === 'vscode-languageclient' ? STUB : resolve.call(this, request, ...rest);
};
loader._cache[STUB] = { id: STUB, filename: STUB, loaded: true, exports: protocol };
