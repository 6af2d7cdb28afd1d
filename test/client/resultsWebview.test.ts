/**
 * The results page in headless Chromium under its real Content Security Policy: the bundled script
 * (chart.js included) must run without a single CSP violation, draw the table and the chart, sort
 * on a header click, remember the sort with setState, and post reveal/export messages. VS Code's
 * `acquireVsCodeApi` is replaced by a recorder (injected by the browser, outside the page's CSP).
 * Skipped when Debian's chromium is missing (test/workbench/setup.sh installs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { newResultsState, type ResultsState } from '../../client/src/results/state';
import { record } from '../helpers/scoreRecord';
import { buildWebviewBundle, chromiumPath, writeResultsPage } from './webviewPage';

const skip = existsSync(chromiumPath) ? false : `Debian chromium is not installed at ${chromiumPath}`;

interface Recorder {
  messages: unknown[];
  violations: string[];
  saved: unknown;
}

/**
 * Stands in for VS Code's webview API. Plain JavaScript text, not a function: tsx compiles test
 * functions with helpers (`__name`) that do not exist in the page.
 */
const RECORDER_SCRIPT = `
  const rec = { messages: [], violations: [], saved: undefined };
  window.recorder = rec;
  document.addEventListener('securitypolicyviolation', (e) => rec.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => rec.messages.push(m),
    // After a reload the page gets back what the test saved before it (window.preset).
    getState: () => rec.saved ?? window.preset,
    setState: (s) => { rec.saved = s; },
  });
`;

/** A fresh page showing `state` under the recorder, once its table is drawn; page errors are collected. */
async function openResultsPage(browser: Browser, dir: string, state: ResultsState): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript({ content: RECORDER_SCRIPT });
  await page.goto(writeResultsPage(dir, state));
  await page.waitForSelector('#records tbody tr');
  return { page, pageErrors };
}

/** A canvas's size and how many of its pixels are drawn on. */
function inkOf(page: Page, selector: string): Promise<{ width: number; height: number; inked: number }> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return { width: c.width, height: c.height, inked: n };
  });
}

async function recorder(page: Page): Promise<Recorder> {
  return page.evaluate(() => (window as unknown as { recorder: Recorder }).recorder);
}

test('results page runs under its CSP: table, chart, sorting, saved state, messages', { skip }, async () => {
  buildWebviewBundle();

  const records = [
    record('weak', -1, { phi: 0.1 }),
    record('strong', -3, { phi: -0.2 }),
    record('outside', -2, { phi: -0.5, prediction: { eForm: -2, lower: -2.9, upper: -1.2, coverage: 0.9, model: 'eform-v2', inDomain: false, terms: [] } }),
    record('unscored', null, { diagnostics: [{ line: 2, column: 3, severity: 'error', code: 'BM201', message: 'unknown element' }] }),
  ];
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-webview-'));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  try {
    const { page, pageErrors } = await openResultsPage(browser, dir, newResultsState('workspace', records, -0.3));

    const recipes = () => page.$$eval('#records tbody tr', (rows) => rows.map((r) => (r.children[0] as HTMLElement).textContent));
    assert.deepEqual(await recipes(), ['strong', 'outside', 'weak', 'unscored']);
    assert.match((await page.textContent('#summary')) ?? '', /^4 recipes scored in workspace, 1 with errors, 1 out of the model's domain/);
    assert.match((await page.getAttribute('#records th:has-text("E_form (eV/atom)")', 'title')) ?? '', /eq\. 1/);
    assert.equal(await page.$$eval('#records td.ood', (cells) => cells.length), 3, 'out-of-domain row marks E_form, interval, in-domain');
    assert.equal(await page.$$eval('#records td.below-threshold', (cells) => cells.length), 1);

    // The chart drew something: its canvas has a size and non-blank pixels.
    const inked = await inkOf(page, '#scatter');
    assert.ok(inked.width > 100 && inked.height > 100 && inked.inked > 500, JSON.stringify(inked));
    assert.match((await page.textContent('#chart-note')) ?? '', /^1 without E_form or φ not plotted/);

    // Sort by φ, most accessible first.
    await page.click('#records th:has-text("φ")');
    await page.click('#records th:has-text("φ")');
    assert.deepEqual(await recipes(), ['weak', 'unscored', 'strong', 'outside']);
    assert.equal(await page.getAttribute('#records th:has-text("φ")', 'aria-sort'), 'descending');
    let rec = await recorder(page);
    assert.deepEqual((rec.saved as ResultsState).sort, { column: 'phi', descending: true });
    assert.deepEqual(rec.messages.at(-1), { type: 'viewChanged', sort: { column: 'phi', descending: true }, page: 0 });

    await page.click('#records tbody tr:first-child');
    await page.click('#export-csv');
    rec = await recorder(page);
    assert.deepEqual(rec.messages.slice(-2), [{ type: 'reveal', file: '/ws/a.bimetal', recipe: 'weak' }, { type: 'exportCsv' }]);

    // A reload (hidden panel shown again, or VS Code restarted) keeps the sort the user chose.
    const saved = rec.saved;
    await page.addInitScript({ content: `window.preset = ${JSON.stringify(saved)};` });
    await page.reload();
    await page.waitForSelector('#records tbody tr');
    assert.deepEqual(await recipes(), ['weak', 'unscored', 'strong', 'outside']);

    rec = await recorder(page);
    assert.deepEqual((rec.saved as ResultsState).sort, { column: 'phi', descending: true });
    assert.deepEqual(rec.violations, [], 'no Content Security Policy violations');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('labelled recipes get a parity plot: reference against prediction with intervals', { skip }, async () => {
  buildWebviewBundle();
  const records = [
    record('a', -2.5, { reference: -2.4, residual: 0.1 }),
    record('b', -2.0, { reference: -2.6, residual: -0.6 }),
    record('c', -3.0),
  ];
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-webview-'));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  try {
    const { page, pageErrors } = await openResultsPage(browser, dir, newResultsState('calibration', records, -0.3));
    assert.equal(await page.isVisible('#parity-section'), true);
    assert.match((await page.textContent('#parity-note')) ?? '', /^2 labelled recipes: MAE 0\.350 eV\/atom, 50 % of references inside their interval/);
    const inked = await inkOf(page, '#parity');
    assert.ok(inked.inked > 500, `parity canvas inked: ${JSON.stringify(inked)}`);
    await page.goto(writeResultsPage(dir, newResultsState('plain', [record('c', -3.0)], -0.3)));
    await page.waitForSelector('#records tbody tr');
    assert.equal(await page.isVisible('#parity-section'), false, 'no labels, no parity plot');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual((await recorder(page)).violations, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
