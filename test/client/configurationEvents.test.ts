/**
 * Each change of a `bimetal.*` setting reaches the server once in VS Code, desktop and web (each
 * that reaches it makes the server pull the settings: workspace/configuration).
 * vscode-languageclient sends workspace/didChangeConfiguration for every section it listens to, and
 * listens alike (SyncConfigurationFeature, lib/common/configuration.js) for the client options'
 * `synchronize.configurationSection`, taken when the client starts, and for each section the
 * server registers dynamically. Both extensions once had the first beside the server's
 * registration, so every change came twice. Here each extension is activated on a stand-in for
 * `vscode`, its client options are given to the library's own feature as the client hands them
 * over, the running server's registration is given to it too, and settings are changed as VS Code
 * announces a change.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DidChangeConfigurationNotification, type ClientCapabilities, type Registration } from 'vscode-languageserver-protocol';
import type { LanguageClientOptions } from 'vscode-languageclient';
import type { TestServer } from '../server/lspHarness';
import { activatedClientOptions, EXTENSIONS, installVscodeStandIn, startServerRegistering } from './extensionStandIn';

type ChangeListener = (event: { affectsConfiguration(section: string): boolean }) => void;

/** Every configuration listener made through the stand-in, by the extensions or by the library. */
const listeners = new Set<ChangeListener>();

function onDidChangeConfiguration(listener: ChangeListener) {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}

/** What VS Code does when the user changes the setting `key`: every listener hears of it, and can ask which sections it affects. */
function changeSetting(key: string): void {
  const event = { affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) };
  for (const listener of [...listeners]) listener(event);
}

// The library reads the section's values for the notification it sends; the server pulls them instead.
installVscodeStandIn({ onDidChangeConfiguration, getConfiguration: () => ({ get: () => undefined }) });

interface ConfigurationFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void;
  initialize(): void;
  register(data: { id: string; registerOptions: unknown }): void;
  clear(): void;
}
interface FeatureClient {
  clientOptions: LanguageClientOptions;
  middleware: object;
  sendNotification(type: { method: string }, params: unknown): Promise<void>;
  error(message: string, error: unknown): void;
}
const { SyncConfigurationFeature } = require('vscode-languageclient/lib/common/configuration') as { SyncConfigurationFeature: new (client: FeatureClient) => ConfigurationFeature };

/** The notifications the library's feature hands the client to send, by method, in order. */
let delivered: string[] = [];

/** The library's feature inside a client made with `clientOptions`. */
function configurationFeature(clientOptions: LanguageClientOptions): ConfigurationFeature {
  return new SyncConfigurationFeature({
    clientOptions,
    middleware: {},
    sendNotification: async (type) => void delivered.push(type.method),
    error: (message, error) => assert.fail(`${message}: ${String(error)}`),
  });
}

let server: TestServer;
let registration: Registration;
before(async () => {
  // What vscode-languageclient announces, and so what the server sees from VS Code.
  const capabilities: ClientCapabilities = {};
  configurationFeature({}).fillClientCapabilities(capabilities);
  ({ server, registration } = await startServerRegistering(DidChangeConfigurationNotification.method, capabilities));
});
after(() => server?.stop());

for (const name of EXTENSIONS) {
  test(`${name}: a settings change reaches the server once, the server's registration its only source`, async () => {
    listeners.clear();
    const feature = configurationFeature(await activatedClientOptions(name));
    // As BaseLanguageClient.initializeFeatures does once the client started, then the server's registration as it arrives.
    feature.initialize();
    feature.register({ id: registration.id, registerOptions: registration.registerOptions });

    const changes: [string, number][] = [
      ['bimetal.coverage', 1],
      ['bimetal.inlayHints.enabled', 1],
      ['editor.tabSize', 0],
    ];
    for (const [key, times] of changes) {
      delivered = [];
      changeSetting(key);
      assert.deepEqual(delivered, Array(times).fill(DidChangeConfigurationNotification.method), `a change of ${key}`);
    }
    feature.clear();
  });
}
