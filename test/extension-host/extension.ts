/// <reference types="mocha" />
/**
 * What the suites share: the activated extension and its test probe, the workspace's files, bounded
 * waits, and screenshots taken by the runner that drives the browser (runWeb.ts).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestProbe } from '../../client/src/testProbe';
import { DRIVER_FILE, SCREENSHOT_HOLD_MS, SCREENSHOT_REQUEST, type DriverOptions } from './workspace';

export const EXTENSION_ID = 'bimetal.bimetal';

export function workspaceUri(relPath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relPath);
}

/** Activates the extension (it also activates on opening a .bimetal file) and returns its test probe. */
export async function activated(): Promise<TestProbe> {
  const extension = vscode.extensions.getExtension<TestProbe | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this workbench`);
  const probe = await extension.activate();
  assert.ok(probe, 'the extension returned no test probe: is it running in ExtensionMode.Test?');
  return probe;
}

export async function openDocument(relPath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relPath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs` with
 * the last error the probe threw or the last text `seen` (what was there instead).
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, seen?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const instead = lastError ? `: ${String(lastError)}` : seen ? `; instead:\n${seen()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${instead}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** Plain text of hover contents (markdown as written). */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  return hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position));
}

/** Waits for a hover at `position` whose text matches `pattern`, and returns that text. */
export async function waitForHover(uri: vscode.Uri, position: vscode.Position, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  let last = '';
  return waitFor(`a hover matching ${pattern}`, async () => {
    last = await hoverAt(uri, position);
    return pattern.test(last) ? last : undefined;
  }, timeoutMs, () => last);
}

export function positionOf(document: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = document.getText().indexOf(text);
  assert.ok(at >= 0, `"${text}" is not in ${document.uri.path}`);
  return document.positionAt(at + offset);
}

let driver: Promise<DriverOptions> | undefined;
export function driverOptions(): Promise<DriverOptions> {
  return (driver ??= Promise.resolve(vscode.workspace.fs.readFile(workspaceUri(DRIVER_FILE))).then(
    (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as DriverOptions,
    () => ({ screenshots: false }),
  ));
}

/**
 * Has the runner take a screenshot of the workbench as it is now, in the light and the dark theme,
 * named `<name>-light.png` and `<name>-dark.png`; does nothing when no runner drives a browser.
 * `show` puts the view back on screen after the theme switch (a hover closes when the theme changes).
 */
export async function screenshots(name: string, show: () => Promise<void> = async () => undefined): Promise<void> {
  if (!(await driverOptions()).screenshots) return;
  const workbench = vscode.workspace.getConfiguration('workbench');
  const before = workbench.inspect<string>('colorTheme')?.globalValue;
  try {
    for (const [variant, theme] of [['light', 'Default Light Modern'], ['dark', 'Default Dark Modern']] as const) {
      await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await show();
      await new Promise((resolve) => setTimeout(resolve, 700));
      const shot = `${name}-${variant}`;
      console.log(`${SCREENSHOT_REQUEST}${shot}`);
      await new Promise((resolve) => setTimeout(resolve, SCREENSHOT_HOLD_MS));
    }
  } finally {
    await workbench.update('colorTheme', before, vscode.ConfigurationTarget.Global);
  }
}
