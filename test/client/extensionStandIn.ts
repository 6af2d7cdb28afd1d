/**
 * The desktop and web extensions activated outside VS Code, and the running server's dynamic
 * registrations, for tests that hand vscode-languageclient's own features what VS Code hands them:
 * an extension's client options and the server's registration. `vscode` and the language-client
 * classes are stand-ins; each test supplies the members of `vscode.workspace` its feature uses.
 */
import assert from 'node:assert/strict';
import Module from 'node:module';
import path from 'node:path';
import type { ClientCapabilities, Registration } from 'vscode-languageserver-protocol';
import type { LanguageClientOptions } from 'vscode-languageclient';
import { startTestServer, type TestServer } from '../server/lspHarness';

const EXTENSION_ENTRIES = { desktop: '../../client/src/extension', web: '../../client/src/browserExtension' } as const;
export type ExtensionName = keyof typeof EXTENSION_ENTRIES;
export const EXTENSIONS = Object.keys(EXTENSION_ENTRIES) as ExtensionName[];

/** The client options of the language client made last. */
let madeWith: LanguageClientOptions | undefined;

class FakeLanguageClient {
  constructor(...args: unknown[]) {
    // LanguageClient(id, name, serverOptions, clientOptions) on the desktop; BaseLanguageClient(id, name, clientOptions) under the web's.
    madeWith = args[args.length - 1] as LanguageClientOptions;
  }
  onRequest(): void {}
}

/**
 * Makes `require('vscode')`, the language-client entries and the client's start resolve to stand-ins,
 * with `workspace` added to the stand-in's `vscode.workspace`. Call it before loading a library
 * feature: those require `vscode` as they load.
 */
export function installVscodeStandIn(workspace: Record<string, unknown>): void {
  const stubs: Record<string, unknown> = {
    vscode: {
      workspace: { getConfiguration: () => ({}), isTrusted: true, ...workspace },
      Uri: { joinPath: (base: { toString(): string }, ...parts: string[]) => ({ toString: () => [base.toString(), ...parts].join('/') }) },
      CancellationError: class extends Error {},
    },
    'vscode-languageclient/node': { LanguageClient: FakeLanguageClient, TransportKind: { ipc: 1 } },
    'vscode-languageclient/browser': { BaseLanguageClient: FakeLanguageClient, BrowserMessageReader: class {}, BrowserMessageWriter: class {}, State: {} },
    // Starting the client registers the commands, which these tests have no use for.
    [path.resolve(__dirname, '../../client/src/clientLifecycle.ts')]: { startClient: async () => undefined, stopClient: async () => undefined },
  };
  type Resolver = (request: string, ...rest: unknown[]) => string;
  const loader = Module as unknown as { _resolveFilename: Resolver; _cache: Record<string, unknown> };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request, ...rest) {
    if (request in stubs) return `stub:${request}`;
    const resolved = resolve.call(this, request, ...rest);
    return resolved in stubs ? `stub:${resolved}` : resolved;
  };
  for (const [name, exports] of Object.entries(stubs)) loader._cache[`stub:${name}`] = { id: name, filename: name, loaded: true, exports };
}

/** Activates the named extension and returns the client options it gave its language client. */
export async function activatedClientOptions(name: ExtensionName): Promise<LanguageClientOptions> {
  madeWith = undefined;
  const { activate } = (await import(EXTENSION_ENTRIES[name])) as { activate(context: unknown): Promise<unknown> };
  await activate({ asAbsolutePath: (p: string) => `/extension/${p}`, subscriptions: [], extensionUri: { toString: () => 'file:///extension' } });
  assert.ok(madeWith, `the ${name} extension made no language client`);
  return madeWith;
}

/**
 * Starts the built server as a client announcing `capabilities` (what a library feature fills in,
 * and so what the server sees from VS Code) and waits for its registration of `method`.
 */
export async function startServerRegistering(method: string, capabilities: ClientCapabilities): Promise<{ server: TestServer; registration: Registration }> {
  const server = await startTestServer({ capabilities });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const registration = server.registrations().find((r) => r.method === method);
    if (registration) return { server, registration };
    if (Date.now() >= deadline) {
      await server.stop();
      assert.fail(`the server registered no ${method}; stderr:\n${server.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
