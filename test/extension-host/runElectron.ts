/**
 * Runs the extension-host suite in desktop VS Code through @vscode/test-electron (`npm run
 * test:electron`): the `main` entry and the Node language server. It uses `VSCODE_EXECUTABLE` when
 * set, else the download @vscode/test-electron makes. Offline, with no VS Code to be had, it says
 * so in one line and exits 0: these machines cannot run desktop VS Code (TESTING.md), and the
 * same suite runs in the web workbench (runWeb.ts) as part of `npm test`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { DRIVER_FILE, WORKSPACE_FILES } from './workspace';

const root = path.resolve(__dirname, '..', '..');

async function vscodeExecutable(): Promise<string | undefined> {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  try {
    return await downloadAndUnzipVSCode({ cachePath: path.join(root, '.vscode-test'), timeout: 30_000 });
  } catch (error) {
    console.log(`test:electron skipped: no desktop VS Code here (set VSCODE_EXECUTABLE, or go online): ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const executable = await vscodeExecutable();
  if (!executable) return 0;
  const temp = mkdtempSync(path.join(os.tmpdir(), 'bimetal-test-electron-'));
  try {
    const workspace = path.join(temp, 'workspace');
    for (const [rel, text] of Object.entries({ ...WORKSPACE_FILES, [DRIVER_FILE]: JSON.stringify({ screenshots: false, grep: process.env.BIMETAL_TEST_GREP }) })) {
      mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
      writeFileSync(path.join(workspace, rel), text);
    }
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist-test', 'extension-host-node.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(temp, 'user-data')],
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
