/// <reference types="mocha" />
/**
 * Entry of the extension-host suite in desktop VS Code (bundled to dist-test/extension-host-node.js;
 * @vscode/test-electron's `extensionTestsPath`). Mocha comes from node_modules.
 */
import Mocha from 'mocha';
import { driverOptions } from './extension';

export async function run(): Promise<void> {
  const { grep } = await driverOptions();
  const runner = new Mocha({ ui: 'bdd', color: true, timeout: 60_000, grep });
  runner.suite.emit('pre-require', globalThis, 'extension-host', runner);
  // Required here, not imported, so the suites register after Mocha has set its globals.
  require('./suites');
  return new Promise((resolve, reject) => {
    runner.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host tests failed`)) : resolve()));
  });
}
