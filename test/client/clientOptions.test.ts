import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileSystemWatcher } from 'vscode';
import { bimetalClientOptions, webServerAssets } from '../../client/src/clientOptions';

const settings = { coverage: 0.8 };

test('desktop and web clients share the selector, the settings section and the initial settings', () => {
  const watcher = {} as FileSystemWatcher;
  const desktop = bimetalClientOptions({ settings, fileEvents: watcher, workspaceTrusted: true });
  const web = bimetalClientOptions({ settings, assets: webServerAssets('https://ext.example/bimetal'), workspaceTrusted: true });
  for (const options of [desktop, web]) {
    assert.deepEqual(options.documentSelector, [{ language: 'bimetal' }]);
    assert.equal(options.synchronize?.configurationSection, 'bimetal');
    assert.deepEqual((options.initializationOptions as { settings: unknown }).settings, settings);
  }
  assert.equal(desktop.synchronize?.fileEvents, watcher);
  assert.deepEqual(desktop.initializationOptions, { settings, workspaceTrusted: true }, 'the Node server finds its assets beside the bundle');
  assert.equal(web.synchronize?.fileEvents, undefined);
});

test('the web server is given the URLs of the models, the onnxruntime wasm folder and the RDKit wasm', () => {
  const expected = {
    modelDir: 'https://ext.example/bimetal/models',
    wasmDir: 'https://ext.example/bimetal/dist',
    rdkitWasmUrl: 'https://ext.example/bimetal/dist/RDKit_minimal.wasm',
  };
  assert.deepEqual(webServerAssets('https://ext.example/bimetal'), expected);
  assert.deepEqual(webServerAssets('https://ext.example/bimetal/'), expected);
  assert.deepEqual(bimetalClientOptions({ settings, assets: expected, workspaceTrusted: true }).initializationOptions, { settings, workspaceTrusted: true, ...expected });
});

test('the server is told whether the workspace is trusted', () => {
  const untrusted = bimetalClientOptions({ settings, fileEvents: {} as FileSystemWatcher, workspaceTrusted: false });
  assert.equal((untrusted.initializationOptions as { workspaceTrusted: boolean }).workspaceTrusted, false);
});

test('the initial settings reach a Web Worker: a configuration object with methods is sent as its values', () => {
  // What vscode.workspace.getConfiguration('bimetal') returns: the values, and has/get/update/inspect.
  const configuration = { coverage: 0.8, phiThreshold: -0.3, has: () => true, get: () => undefined };
  const options = bimetalClientOptions({ settings: configuration, assets: webServerAssets('https://ext.example/bimetal'), workspaceTrusted: true });
  const cloned = structuredClone(options.initializationOptions) as { settings: unknown };
  assert.deepEqual(cloned.settings, { coverage: 0.8, phiThreshold: -0.3 });
});
