/// <reference types="mocha" />
/**
 * Entry of the extension-host suite in VS Code for the Web (bundled to dist-test/extension-host-web.js;
 * @vscode/test-web's `extensionTestsPath`). The web extension host is a Web Worker: Mocha's browser
 * build runs the suites, and its spec reporter's output reaches the runner through the console.
 */
import 'mocha/mocha.js';
import { driverOptions } from './extension';

export async function run(): Promise<void> {
  const { grep } = await driverOptions();
  return new Promise((resolve, reject) => {
    mocha.setup({ ui: 'bdd', reporter: undefined, color: false, timeout: 60_000, grep });
    // Required here, not imported, so the suites register after Mocha has set its globals.
    require('./suites');
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host tests failed`)) : resolve()));
  });
}
