import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bimetalClientOptions, initialisation, webServerAssets } from '../../client/src/clientOptions';

const settings = { coverage: 0.8 };

test('desktop and web clients share the selector and the initial settings', () => {
  const desktop = bimetalClientOptions({ settings: () => settings, workspaceTrusted: () => true });
  const web = bimetalClientOptions({ settings: () => settings, assets: webServerAssets('https://ext.example/bimetal'), workspaceTrusted: () => true });
  for (const options of [desktop, web]) {
    assert.deepEqual(options.documentSelector, [{ language: 'bimetal' }]);
    assert.deepEqual((initialisation(options) as { settings: unknown }).settings, settings);
  }
  assert.deepEqual(initialisation(desktop), { settings, workspaceTrusted: true }, 'the Node server finds its assets beside the bundle');
});

test('the web server is given the URLs of the models, the onnxruntime wasm folder and the RDKit wasm', () => {
  const expected = {
    modelDir: 'https://ext.example/bimetal/models',
    wasmDir: 'https://ext.example/bimetal/dist',
    rdkitWasmUrl: 'https://ext.example/bimetal/dist/RDKit_minimal.wasm',
  };
  assert.deepEqual(webServerAssets('https://ext.example/bimetal'), expected);
  assert.deepEqual(webServerAssets('https://ext.example/bimetal/'), expected);
  assert.deepEqual(initialisation(bimetalClientOptions({ settings: () => settings, assets: expected, workspaceTrusted: () => true })), { settings, workspaceTrusted: true, ...expected });
});

test('the server is told whether the workspace is trusted, as it is at each start: a restart after the user trusted it starts trusted', () => {
  let trusted = false;
  let current: unknown = settings;
  const options = bimetalClientOptions({ settings: () => current, workspaceTrusted: () => trusted });
  assert.deepEqual(initialisation(options), { settings, workspaceTrusted: false });
  trusted = true;
  current = { coverage: 0.5 };
  assert.deepEqual(initialisation(options), { settings: { coverage: 0.5 }, workspaceTrusted: true });
});

test('the initial settings reach a Web Worker: a configuration object with methods is sent as its values', () => {
  // What vscode.workspace.getConfiguration('bimetal') returns: the values, and has/get/update/inspect.
  const configuration = { coverage: 0.8, phiThreshold: -0.3, has: () => true, get: () => undefined };
  const options = bimetalClientOptions({ settings: () => configuration, assets: webServerAssets('https://ext.example/bimetal'), workspaceTrusted: () => true });
  const cloned = structuredClone(initialisation(options)) as { settings: unknown };
  assert.deepEqual(cloned.settings, { coverage: 0.8, phiThreshold: -0.3 });
});
