/**
 * Each file event reaches the server once in VS Code, desktop and web. vscode-languageclient
 * delivers the events of two kinds of watcher alike (lib/common/fileSystemWatcher.js): the static
 * ones of the client options' `synchronize.fileEvents`, and those the server registers
 * dynamically (client/registerCapability). The desktop extension once had both, so every event
 * came twice. Here each extension is activated on a stand-in for `vscode`, its client options are
 * given to the library's own watcher feature as the client hands them over, the running server's
 * registration is given to it too, and file events are fired on every watcher that would see them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type ClientCapabilities, type FileEvent, type Registration } from 'vscode-languageserver-protocol';
import type { TestServer } from '../server/lspHarness';
import { activatedClientOptions, EXTENSIONS, installVscodeStandIn, startServerRegistering } from './extensionStandIn';

interface Watcher {
  glob: string;
  ignores: Record<FileChangeType, boolean>;
  listeners: Map<FileChangeType, ((uri: { toString(): string }) => void)[]>;
}

/** Every watcher made through the stand-in, by the extensions or by the library. */
const watchers: Watcher[] = [];

function createFileSystemWatcher(glob: string, ignoreCreate = false, ignoreChange = false, ignoreDelete = false) {
  const watcher: Watcher = {
    glob,
    ignores: { [FileChangeType.Created]: ignoreCreate, [FileChangeType.Changed]: ignoreChange, [FileChangeType.Deleted]: ignoreDelete },
    listeners: new Map(),
  };
  watchers.push(watcher);
  const on = (type: FileChangeType) => (listener: (uri: { toString(): string }) => void, _thisArg?: unknown, disposables?: { dispose(): void }[]) => {
    watcher.listeners.set(type, [...(watcher.listeners.get(type) ?? []), listener]);
    const disposable = { dispose: () => undefined };
    disposables?.push(disposable);
    return disposable;
  };
  return { onDidCreate: on(FileChangeType.Created), onDidChange: on(FileChangeType.Changed), onDidDelete: on(FileChangeType.Deleted), dispose: () => undefined };
}

/** What VS Code's file watching does with a change on disk: each watcher whose glob matches and that does not ignore its kind reports it. */
function fire(filePath: string, type: FileChangeType): void {
  for (const watcher of watchers) {
    if (watcher.ignores[type] || !path.matchesGlob(filePath, watcher.glob)) continue;
    for (const listener of watcher.listeners.get(type) ?? []) listener({ toString: () => `file://${filePath}` });
  }
}

installVscodeStandIn({ createFileSystemWatcher });

interface WatcherFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void;
  register(data: { id: string; registerOptions: unknown }): void;
  registerRaw(id: string, watchers: unknown[]): void;
  clear(): void;
}
const { FileSystemWatcherFeature } = require('vscode-languageclient/lib/common/fileSystemWatcher') as { FileSystemWatcherFeature: new (client: unknown, notify: (event: FileEvent) => void) => WatcherFeature };

/** The events the library's watcher feature hands the client to send, in order. */
let delivered: FileEvent[] = [];
const feature = new FileSystemWatcherFeature(
  { protocol2CodeConverter: { asGlobPattern: (glob: string) => glob }, code2ProtocolConverter: { asUri: (uri: { toString(): string }) => uri.toString() } },
  (event) => delivered.push(event),
);

let server: TestServer;
let registration: Registration;
before(async () => {
  // What vscode-languageclient announces, and so what the server sees from VS Code.
  const capabilities: ClientCapabilities = {};
  feature.fillClientCapabilities(capabilities);
  ({ server, registration } = await startServerRegistering(DidChangeWatchedFilesNotification.method, capabilities));
});
after(() => server?.stop());

for (const name of EXTENSIONS) {
  test(`${name}: a file event reaches the server once, the server's registration its only source`, async () => {
    watchers.length = 0;
    feature.clear();
    const options = await activatedClientOptions(name);
    // As BaseLanguageClient.hookFileEvents does once the client started, then the server's registration as it arrives.
    const fileEvents = options.synchronize?.fileEvents;
    if (fileEvents) feature.registerRaw('static', Array.isArray(fileEvents) ? fileEvents : [fileEvents]);
    feature.register({ id: registration.id, registerOptions: registration.registerOptions });

    const changes: [string, FileChangeType, string][] = [
      ['/workspace/core.xyz', FileChangeType.Changed, 'a structure file changed'],
      ['/workspace/new.bimetal', FileChangeType.Created, 'a recipe file created'],
      ['/workspace/old.bimetal', FileChangeType.Deleted, 'a recipe file deleted'],
      ['/workspace/structures', FileChangeType.Deleted, "a folder deleted (one event for the folder, which no file's glob matches)"],
    ];
    for (const [filePath, type, what] of changes) {
      delivered = [];
      fire(filePath, type);
      assert.deepEqual(delivered, [{ uri: `file://${filePath}`, type }], what);
    }
  });
}
