/**
 * The results page as a local file for headless Chromium (used by the webview test and
 * bench/resultsPanel.bench.ts): the real HTML and CSP, with `file:` standing in for the webview's
 * resource origin, and a stand-in for the extension side of the panel, injected by the browser
 * outside the page's CSP: it answers `ready` with the real data messages (columnar.ts), `cellsWanted`
 * with the real cells (tableModel.ts rowCells) and `detail` with a given detail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dataMessages } from '../../client/src/results/columnar';
import { resultsHtml } from '../../client/src/results/html';
import { initialView, type ResultsState, type ViewState } from '../../client/src/results/state';
import { coverageText, rowCells, summaryText } from '../../client/src/results/tableModel';
import { messageSource } from './rows';

const root = path.resolve(__dirname, '..', '..');
export const chromiumPath = '/usr/bin/chromium';

/** Debian's Chromium as the page tests run it (software WebGL, for the charts and the 3-D view), and a scratch folder for their pages, named from `prefix`. */
export async function launchPageBrowser(prefix: string): Promise<{ browser: Browser; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--allow-file-access-from-files', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  return { browser, dir };
}

/**
 * The results page of `state` (and `view`) in a new tab of `browser`, its HTML written to `dir`, fed by
 * the stand-in extension (`options`) and any `initScript` (a theme's variables), once its first rows
 * are drawn; with the page's uncaught errors, which a test expects to be none.
 */
export async function openResultsPage(
  browser: Browser,
  dir: string,
  state: ResultsState,
  options: FakeExtensionOptions & { view?: ViewState; width?: number; initScript?: string } = {},
): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1200, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript({ content: fakeExtensionScript(state, options) });
  if (options.initScript) await page.addInitScript({ content: options.initScript });
  await page.goto(writeResultsPage(dir, state, options.view));
  await page.waitForSelector('#records tbody tr[data-row]:not(.pending)');
  return { page, pageErrors };
}

export async function closePageBrowser(browser: Browser | undefined, dir: string | undefined): Promise<void> {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Bundles dist/webview-results.js (the build may not have run, or be older than the sources). */
export function buildWebviewBundle(): void {
  const build = spawnSync(process.execPath, [path.join(root, 'client', 'build-webview.mjs')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`webview build failed:\n${build.stderr}`);
}

/** Writes the page for `state` into `dir` and returns its file URL. `unlisted`: the line about errors without a row. */
export function writeResultsPage(dir: string, state: ResultsState, view: ViewState = initialView(state, { kind: 'workspace' }), unlisted = ''): string {
  const file = path.join(dir, `results-${state.runId}.html`);
  writeFileSync(
    file,
    resultsHtml({
      nonce: 'test0nce',
      cspSource: 'file:',
      scriptUri: pathToFileURL(path.join(root, 'dist', 'webview-results.js')).href,
      styleUri: pathToFileURL(path.join(root, 'client', 'media', 'results.css')).href,
      summary: summaryText(state),
      unlisted,
      coverage: coverageText([...new Set(state.records.flatMap((r) => (r.prediction ? [r.prediction.coverage] : [])))]),
      view,
    }),
  );
  return pathToFileURL(file).href;
}

export interface FakeExtensionOptions {
  /** Cells of every row (small tests); without them each row's cells say its row number (benchmarks). */
  realCells?: boolean;
  /** What a `detail` request is answered with. */
  detail?: unknown;
  /** The data's `end` waits until the page calls `window.releaseEnd()`. */
  holdEnd?: boolean;
  /** By row: what its `detail` request is answered with, and after how long (instead of `detail` at once); `failure`: the request failed, so. */
  detailByRow?: Record<number, { detail: unknown; delayMs: number; failure?: string }>;
}

/**
 * Plain JavaScript text (tsx would compile a function with helpers the page lacks): records what
 * the page posts (`window.recorder`), CSP violations, and plays the extension.
 */
export function fakeExtensionScript(state: ResultsState, options: FakeExtensionOptions = {}): string {
  const messages = dataMessages({ runId: state.runId, scope: state.scope, scoredAt: state.scoredAt, phiThreshold: state.phiThreshold }, state.records);
  const cells = options.realCells ? JSON.stringify(state.records.map((r) => rowCells(r))) : 'null';
  const columns = rowCells(state.records[0]).length;
  return `
  const rec = { messages: [], violations: [], saved: undefined };
  window.recorder = rec;
  const data = [${messages.map(messageSource).join(',')}];
  const cells = ${cells};
  const detail = ${JSON.stringify(options.detail ?? null)};
  const detailByRow = ${JSON.stringify(options.detailByRow ?? {})};
  document.addEventListener('securitypolicyviolation', (e) => rec.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  const reply = (m) => setTimeout(() => window.postMessage(m, '*'), 0);
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => {
      rec.messages.push(m);
      if (m.type === 'ready') {
        window.readyAt = performance.now();
        const held = ${options.holdEnd === true} ? data.filter((d) => d.type === 'end') : [];
        data.filter((d) => !held.includes(d)).forEach(reply);
        window.releaseEnd = () => held.forEach(reply);
      }
      if (m.type === 'cellsWanted') reply({ type: 'cells', runId: m.runId, rows: m.rows.map((row) => ({ row, cells: cells ? cells[row] : Array.from({ length: ${columns} }, (_, c) => ({ text: c ? String(row) : 'row ' + row, title: '', numeric: c > 0, flags: [] })) })) });
      if (m.type === 'detail') {
        const byRow = detailByRow[m.row];
        const answer = Object.assign({ type: 'detail', runId: m.runId, row: m.row, detail: byRow ? byRow.detail : detail }, byRow && byRow.failure ? { failure: byRow.failure } : {});
        setTimeout(() => window.postMessage(answer, '*'), byRow ? byRow.delayMs : 0);
      }
    },
    // After a reload the page gets back what it saved before (window.preset).
    getState: () => rec.saved ?? window.preset,
    setState: (s) => { rec.saved = s; },
  });
`;
}
