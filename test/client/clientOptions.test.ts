import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bimetalClientOptions, initialisation, webServerAssets } from '../../client/src/clientOptions';
import { activatedClientOptions, EXTENSIONS, installVscodeStandIn } from './extensionStandIn';

const settings = { coverage: 0.8 };
/** What both builds pass as the extension's folder in these tests. */
const extensionRoot = 'https://ext.example/bimetal';
const docsUrl = 'https://ext.example/bimetal/docs/diagnostics.md';

test('desktop and web clients share the selector and the initial settings', () => {
  const desktop = bimetalClientOptions({ settings: () => settings, extensionRoot, workspaceTrusted: () => true });
  const web = bimetalClientOptions({ settings: () => settings, extensionRoot, assets: webServerAssets(extensionRoot), workspaceTrusted: () => true });
  for (const options of [desktop, web]) {
    assert.deepEqual(options.documentSelector, [{ language: 'bimetal' }]);
    assert.deepEqual((initialisation(options) as { settings: unknown }).settings, settings);
  }
  assert.deepEqual(initialisation(desktop), { settings, workspaceTrusted: true, docsUrl }, 'the Node server finds its assets beside the bundle');
});

test("both builds link diagnostic codes to the extension's own docs/diagnostics.md, which the package ships", async () => {
  for (const root of [extensionRoot, `${extensionRoot}/`]) {
    assert.equal((initialisation(bimetalClientOptions({ settings: () => settings, extensionRoot: root, workspaceTrusted: () => true })) as { docsUrl: unknown }).docsUrl, docsUrl);
  }
  // Each extension passes its own folder: the Web Worker server has no __dirname to find the page by.
  installVscodeStandIn({});
  for (const name of EXTENSIONS) {
    const given = initialisation(await activatedClientOptions(name)) as { docsUrl?: unknown };
    assert.equal(given.docsUrl, 'file:///extension/docs/diagnostics.md', `the ${name} extension`);
  }
  const { files } = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { files: string[] };
  assert.ok(files.includes('docs/*.md'), `docs/diagnostics.md is not packaged: ${files.join(', ')}`);
});

test('the web server is given the URLs of the models, the onnxruntime wasm folder and the RDKit wasm', () => {
  const expected = {
    modelDir: 'https://ext.example/bimetal/models',
    wasmDir: 'https://ext.example/bimetal/dist',
    rdkitWasmUrl: 'https://ext.example/bimetal/dist/RDKit_minimal.wasm',
  };
  assert.deepEqual(webServerAssets(extensionRoot), expected);
  assert.deepEqual(webServerAssets(`${extensionRoot}/`), expected);
  assert.deepEqual(initialisation(bimetalClientOptions({ settings: () => settings, extensionRoot, assets: expected, workspaceTrusted: () => true })), { settings, workspaceTrusted: true, docsUrl, ...expected });
});

test('the server is told whether the workspace is trusted, as it is at each start: a restart after the user trusted it starts trusted', () => {
  let trusted = false;
  let current: unknown = settings;
  const options = bimetalClientOptions({ settings: () => current, extensionRoot, workspaceTrusted: () => trusted });
  assert.deepEqual(initialisation(options), { settings, workspaceTrusted: false, docsUrl });
  trusted = true;
  current = { coverage: 0.5 };
  assert.deepEqual(initialisation(options), { settings: { coverage: 0.5 }, workspaceTrusted: true, docsUrl });
});

test('the initial settings reach a Web Worker: a configuration object with methods is sent as its values', () => {
  // What vscode.workspace.getConfiguration('bimetal') returns: the values, and has/get/update/inspect.
  const configuration = { coverage: 0.8, phiThreshold: -0.3, has: () => true, get: () => undefined };
  const options = bimetalClientOptions({ settings: () => configuration, extensionRoot, assets: webServerAssets(extensionRoot), workspaceTrusted: () => true });
  const cloned = structuredClone(initialisation(options)) as { settings: unknown };
  assert.deepEqual(cloned.settings, { coverage: 0.8, phiThreshold: -0.3 });
});
