/**
 * The results page in headless Chromium under its real Content Security Policy, fed by a stand-in
 * extension (webviewPage.ts) through the real message protocol: the bundled script (chart.js and
 * three.js included) must run without a single CSP violation, draw the virtual table and the
 * decimated chart, filter, sort on two keys, keep only its small view with setState, and post
 * reveal/detail/export messages that name rows. Also the heatmap, parity and detail views.
 * Skipped when Debian's chromium is missing (test/workbench/setup.sh installs it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { initialView, newResultsState, type ResultsState, type ViewState } from '../../client/src/results/state';
import type { RecipeDetail } from '../../report/src/recipeDetailProtocol';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { record } from '../helpers/scoreRecord';
import { buildWebviewBundle, chromiumPath, closePageBrowser, fakeExtensionScript, launchPageBrowser, openResultsPage, writeResultsPage, type FakeExtensionOptions } from './webviewPage';

const skip = existsSync(chromiumPath) ? false : `Debian chromium is not installed at ${chromiumPath}`;

interface Recorder {
  messages: Array<{ type: string; [key: string]: unknown }>;
  violations: string[];
  saved: unknown;
}

let browser: Browser;
let dir: string;

function openPage(state: ResultsState, options: FakeExtensionOptions = { realCells: true }, view?: ViewState): Promise<{ page: Page; pageErrors: string[] }> {
  return openResultsPage(browser, dir, state, { ...options, view });
}

const recorder = (page: Page) => page.evaluate(() => (window as unknown as { recorder: Recorder }).recorder);
/** Waits until the table shows exactly `expected` (filters apply after a short pause for typing). */
async function waitForRecipes(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction((want) => JSON.stringify(Array.from(document.querySelectorAll('#records tbody tr[data-row]:not(.pending)'), (r) => r.children[0].lastChild!.textContent!.trim())) === want, JSON.stringify(expected), { timeout: 10_000 })
    .catch(() => undefined);
  assert.deepEqual(await recipes(page), expected);
}

const recipes = (page: Page) => page.$$eval('#records tbody tr[data-row]', (rows) => rows.map((r) => (r.children[0] as HTMLElement).lastChild!.textContent!.trim()));

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

const outside = { eForm: -2, lower: -2.9, upper: -1.2, coverage: 0.9, model: 'eform-v2', inDomain: false, terms: [] };
const records: ScoreRecord[] = [
  record('weak', -1, { phi: 0.1 }),
  record('strong', -3, { phi: -0.2, dopant: 'Pd' }),
  record('outside', -2, { phi: -0.5, prediction: outside }),
  record('unscored', null, { diagnostics: [{ line: 2, column: 3, severity: 'error', code: 'BM201', message: 'unknown element' }] }),
];

describe('results webview', { skip, timeout: 180_000 }, () => {
  before(async () => {
    buildWebviewBundle();
    ({ browser, dir } = await launchPageBrowser('bimetal-webview-'));
  });
  after(() => closePageBrowser(browser, dir));

  test('runs under its CSP: table, chart, coverage, two-key sorting, small saved view, row messages', async () => {
    const { page, pageErrors } = await openPage(newResultsState('workspace', records, -0.3));
    assert.deepEqual(await recipes(page), ['strong', 'outside', 'weak', 'unscored']);
    assert.match((await page.textContent('#summary')) ?? '', /^4 recipes scored in workspace, 1 with errors, 1 out of the model's domain/);
    assert.equal(await page.textContent('#coverage'), 'E_form intervals: 90 % coverage (setting bimetal.coverage).');
    assert.match((await page.getAttribute('#records th:has-text("E_form (eV/atom)")', 'title')) ?? '', /eq\. 1/);
    assert.equal(await page.$$eval('#records td.ood', (cells) => cells.length), 3, 'out-of-domain row marks E_form, interval, in-domain');
    const inked = await inkOf(page, '#scatter');
    assert.ok(inked.width > 100 && inked.height > 100 && inked.inked > 500, JSON.stringify(inked));
    assert.match((await page.textContent('#chart-note')) ?? '', /1 without E_form or φ not plotted/);

    // φ, most accessible first; E_form (the old primary key) becomes the tie-break.
    await page.click('#records th[data-column="phi"]');
    await page.click('#records th[data-column="phi"]');
    assert.deepEqual(await recipes(page), ['weak', 'unscored', 'strong', 'outside']);
    assert.equal(await page.getAttribute('#records th[data-column="phi"]', 'aria-sort'), 'descending');
    assert.match((await page.textContent('#records th[data-column="eForm"]')) ?? '', /²$/, 'the second key is marked');
    let rec = await recorder(page);
    const saved = rec.saved as ViewState;
    assert.deepEqual(saved.sort, [{ column: 'phi', descending: true }, { column: 'eForm', descending: false }]);
    assert.ok(JSON.stringify(saved).length < 1000 && !JSON.stringify(saved).includes('weak'), 'the saved state holds the view, not the records');
    assert.deepEqual(rec.messages.filter((m) => m.type === 'viewChanged').at(-1), { type: 'viewChanged', view: saved });

    await page.click('#records tbody tr[data-row="0"] td:nth-child(2)');
    await page.click('#records tbody tr[data-row="1"] button.detail');
    await page.click('#export-csv');
    rec = await recorder(page);
    const runId = saved.runId;
    const posted = rec.messages.filter((m) => ['reveal', 'detail', 'exportCsv'].includes(m.type));
    assert.deepEqual(posted, [{ type: 'reveal', runId, row: 0 }, { type: 'detail', runId, row: 1 }, { type: 'exportCsv', runId, rows: [0, 3, 1, 2] }]);

    // A reload (hidden panel shown again) keeps the sort the user chose.
    await page.addInitScript({ content: `window.preset = ${JSON.stringify(saved)};` });
    await page.reload();
    await page.waitForSelector('#records tbody tr[data-row]:not(.pending)');
    await page.click('#tab-table');
    assert.deepEqual(await recipes(page), ['weak', 'unscored', 'strong', 'outside']);
    assert.deepEqual((await recorder(page)).violations, [], 'no Content Security Policy violations');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('names the errors that have no row, follows the Problems view, and opens it', async () => {
    const state = newResultsState('workspace', records, -0.3);
    const page = await browser.newPage();
    await page.addInitScript({ content: fakeExtensionScript(state) });
    const first = "1 error is on no row of this table (its recipe was not scored): broken.bimetal:3 BM202 'Xx' is not an element symbol.";
    await page.goto(writeResultsPage(dir, state, undefined, first));
    await page.waitForSelector('#records tbody tr[data-row]:not(.pending)');
    assert.equal(await page.isVisible('#unlisted'), true);
    assert.equal(await page.textContent('#unlisted-text'), first);
    await page.click('#show-problems');
    assert.deepEqual((await recorder(page)).messages.filter((m) => m.type === 'showProblems'), [{ type: 'showProblems' }]);
    // The error fixed: the Problems view no longer has it, and the line goes.
    await page.evaluate(() => window.postMessage({ type: 'unlisted', text: '' }, '*'));
    await page.waitForSelector('#unlisted', { state: 'hidden' });
    assert.deepEqual((await recorder(page)).violations, []);
    await page.close();
  });

  test('a page without errors off the table has no such line', async () => {
    const { page } = await openPage(newResultsState('workspace', records, -0.3));
    assert.equal(await page.isVisible('#unlisted'), false);
    await page.close();
  });

  test('filters narrow the table and the chart by text, element, domain, φ and E_form', async () => {
    const { page, pageErrors } = await openPage(newResultsState('workspace', records, -0.3));
    const count = () => page.textContent('#filter-count');
    await page.fill('#filter-text', 'stro');
    await waitForRecipes(page, ['strong']);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-element', 'Pd');
    await waitForRecipes(page, ['strong']);
    await page.selectOption('#filter-element', '');
    await page.selectOption('#filter-domain', 'out');
    await waitForRecipes(page, ['outside']);
    await page.selectOption('#filter-domain', 'all');
    // Written with the minus sign the table shows (U+2212), as a number pasted from it is.
    await page.fill('#filter-phi-min', '\u22120.3');
    await waitForRecipes(page, ['strong', 'weak', 'unscored']);
    assert.equal(await page.getAttribute('#filter-phi-min', 'aria-invalid'), null);
    // What is no number is marked, and filters nothing.
    await page.fill('#filter-eform-max', 'abc');
    assert.equal(await page.getAttribute('#filter-eform-max', 'aria-invalid'), 'true');
    await waitForRecipes(page, ['strong', 'weak', 'unscored']);
    await page.fill('#filter-eform-max', '-1.5');
    await waitForRecipes(page, ['strong']);
    assert.equal(await count(), '1 of 4 rows');
    assert.deepEqual(((await recorder(page)).saved as ViewState).filters, { text: '', element: '', domain: 'all', phi: [-0.3, null], eForm: [null, -1.5] });
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('a large run is a virtual table: few DOM rows, the right rows after scrolling, cells asked per viewport', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => record(`m${String(i).padStart(4, '0')}`, -i / 1000, { phi: (i % 10) / 10 - 0.5 }));
    const { page, pageErrors } = await openPage(newResultsState('family', many, -0.3), { realCells: true });
    const domRows = await page.$$eval('#records tbody tr[data-row]', (rows) => rows.length);
    assert.ok(domRows < 80, `${domRows} DOM rows for 5,000`);
    assert.deepEqual((await recipes(page)).slice(0, 2), ['m4999', 'm4998']);
    await page.$eval('#table-scroll', (el) => (el.scrollTop = el.scrollHeight));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#records tbody tr[data-row]')).some((r) => r.textContent?.includes('m0000') && !r.classList.contains('pending')));
    const asked = (await recorder(page)).messages.filter((m) => m.type === 'cellsWanted').flatMap((m) => m.rows as number[]);
    assert.ok(asked.length < 300, `cells asked for ${asked.length} rows, not 5,000`);
    assert.match((await page.textContent('#chart-note')) ?? '', /5,000 recipes drawn as \d[\d,]* points/);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('heatmap: host × dopant cells of a family; a click reveals the member; parity of labelled recipes', async () => {
    const family = ['Pd', 'Pt', 'Ag'].flatMap((dopant, d) =>
      [1, 2].map((count) => record(`Fam[dopant=${dopant},dopantCount=${count}]`, -2 - d / 10 - count / 100, { dopant, reference: -2.1 - d / 10, residual: 0 })),
    );
    const { page, pageErrors } = await openPage(newResultsState('family', family, -0.3));
    await page.click('#tab-heatmap');
    await page.waitForSelector('#heatmap td.cell');
    assert.equal(await page.$$eval('#heatmap td.cell', (cells) => cells.length), 3);
    assert.deepEqual(await page.$$eval('#heatmap tr:first-child th', (th) => th.map((t) => t.textContent)), ['host \\ dopant', 'Ag', 'Pd', 'Pt']);
    await page.click('#heatmap td.cell >> nth=0');
    const rec = await recorder(page);
    const reveal = rec.messages.filter((m) => m.type === 'reveal').at(-1)!;
    assert.equal(family[reveal.row as number].recipe, 'Fam[dopant=Ag,dopantCount=2]', 'the best (lowest E_form) Ag member');
    await page.selectOption('#heatmap-metric', 'phi');
    assert.equal(((await recorder(page)).saved as ViewState).heatmap.metric, 'phi');

    await page.click('#tab-parity');
    await page.waitForFunction(() => (document.getElementById('parity-note')?.textContent ?? '').includes('labelled'));
    assert.match((await page.textContent('#parity-note')) ?? '', /^6 labelled recipes: MAE 0\.\d{3} eV\/atom/);
    assert.ok((await inkOf(page, '#parity')).inked > 500);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual((await recorder(page)).violations, []);
    await page.close();
  });

  test('detail view: terms, attribution bars, reference beside the prediction, and the core in 3D', async () => {
    const base = record('Fam[dopant=Pt]', -2.7, { reference: -3.5, residual: -0.8, dopant: 'Pt' });
    const detail: RecipeDetail = {
      record: { ...base, prediction: { ...base.prediction!, terms: [{ key: 'size', value: -2.8, unit: 'eV/atom', source: 'Au law', supported: true, inputs: {} }] } },
      attribution: { available: true, baseline: -2.5, prediction: -2.7, ordering: 0, background: 'the median of 3 recipes', shares: [{ name: 'N_metal', columns: ['n_metal'], value: -0.25 }, { name: 'ratio', columns: ['ratio'], value: 0.05 }] },
      core: { available: true, elements: ['Pt', 'Au', 'Au', 'Au'], positions: [0, 0, 0, 2.8, 0, 0, 0, 2.8, 0, 0, 0, 2.8], labels: ['core', 'surface', 'surface', 'surface'], bonds: [[0, 1], [0, 2], [0, 3]], origin: 'test core' },
    };
    const { page, pageErrors } = await openPage(newResultsState('family', [base, record('other', -2)], -0.3), { realCells: true, detail });
    await page.click('#records tbody tr[data-row="0"] button.detail');
    await page.waitForSelector('#detail h2');
    const text = await page.textContent('#detail');
    assert.match(text ?? '', /E_form \(predicted\)−2\.700 eV\/atom/);
    assert.match(text ?? '', /E_form \(reference\)−3\.500 eV\/atom/);
    assert.match(text ?? '', /outside the interval/);
    assert.match(text ?? '', /size−2\.800 eV\/atom/);
    assert.deepEqual(await page.$$eval('#detail .bars .bar', (bars) => bars.map((b) => b.className)), ['bar down', 'bar up']);
    const webgl = await page.$('#core-3d');
    if (webgl) {
      // WebGL draws into its own buffer: read it back through a 2D copy.
      const lit = await page.$eval('#core-3d', (c) => {
        const copy = document.createElement('canvas');
        copy.width = (c as HTMLCanvasElement).width;
        copy.height = (c as HTMLCanvasElement).height;
        const ctx = copy.getContext('2d')!;
        ctx.drawImage(c as HTMLCanvasElement, 0, 0);
        const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return colours.size;
      });
      assert.ok(lit > 3, `the 3D view drew atoms (${lit} colours sampled)`);
    } else {
      assert.match(text ?? '', /WebGL is not available/);
    }
    assert.deepEqual(pageErrors, []);
    assert.deepEqual((await recorder(page)).violations, [], 'three.js runs under the CSP');
    await page.close();
  });

  test('a detail answer that comes after a later click is not shown under it', async () => {
    const [first, second] = [record('First', -2.1), record('Second', -2.2)];
    const detailOf = (r: ScoreRecord): RecipeDetail => ({
      record: r,
      attribution: { available: false, reason: 'not asked' },
      core: { available: false, reason: 'not asked' },
    });
    const { page, pageErrors } = await openPage(newResultsState('two', [first, second], -0.3), {
      realCells: true,
      detailByRow: { 0: { detail: detailOf(first), delayMs: 600 }, 1: { detail: detailOf(second), delayMs: 0 } },
    });
    await page.click('#records tbody tr[data-row="0"] button.detail');
    await page.click('#tab-table');
    await page.click('#records tbody tr[data-row="1"] button.detail');
    await page.waitForSelector('#detail h2');
    await page.waitForTimeout(1_000);
    assert.match((await page.textContent('#detail h2')) ?? '', /Second/);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test("a detail that could not be made says why, and the detail shown before is not left under it", async () => {
    const [first, second] = [record('First', -2.1), record('Second', -2.2)];
    const { page, pageErrors } = await openPage(newResultsState('two', [first, second], -0.3), {
      realCells: true,
      detailByRow: {
        0: { detail: { record: first, attribution: { available: false, reason: 'not asked' }, core: { available: false, reason: 'not asked' } }, delayMs: 0 },
        1: { detail: null, delayMs: 0, failure: 'Client is not running' },
      },
    });
    await page.click('#records tbody tr[data-row="0"] button.detail');
    await page.waitForSelector('#detail h2');
    await page.click('#tab-table');
    await page.click('#records tbody tr[data-row="1"] button.detail');
    await page.waitForFunction(() => /^No detail/.test(document.querySelector('#detail-note')?.textContent ?? ''));
    assert.equal(await page.textContent('#detail-note'), 'No detail for Second: Client is not running.');
    assert.equal(await page.$('#detail h2'), null, "First's detail is still on show under Second's note");
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('a page shown again (VS Code discards a hidden one) comes back scrolled where it was, and with the detail it showed', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => record(`m${String(i).padStart(4, '0')}`, -i / 1000));
    const state = newResultsState('family', many, -0.3);
    const detailOf = (r: ScoreRecord): RecipeDetail => ({ record: r, attribution: { available: false, reason: 'not asked' }, core: { available: false, reason: 'not asked' } });
    const { page, pageErrors } = await openPage(state, { realCells: true, detailByRow: { 800: { detail: detailOf(many[800]), delayMs: 0 } } });
    // Rows are in E_form order, lowest first: row 1999 first, row 800 at the 1,200th place (24 px each).
    await page.$eval('#table-scroll', (el) => (el.scrollTop = 1199 * 24));
    await page.waitForFunction(() => (document.querySelector('#table-scroll') as HTMLElement).scrollTop > 0);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#records tbody tr[data-row]:not(.pending)')).some((r) => r.textContent?.includes('m0800')));
    const scrolled = await page.$eval('#table-scroll', (el) => el.scrollTop);
    // Shown again: the table where it was.
    await page.addInitScript({ content: `window.preset = ${JSON.stringify((await recorder(page)).saved)};` });
    await page.reload();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#records tbody tr[data-row]:not(.pending)')).some((r) => r.textContent?.includes('m0800')), undefined, { timeout: 5_000 }).catch(() => undefined);
    assert.equal(await page.$eval('#table-scroll', (el) => el.scrollTop), scrolled, 'the table is back at its first row');

    // Shown again on the Detail tab: the detail it showed, asked for again.
    await page.$eval('#records tbody tr[data-row="800"] button.detail', (b) => (b as HTMLButtonElement).click());
    await page.waitForSelector('#detail h2');
    await page.addInitScript({ content: `window.preset = ${JSON.stringify((await recorder(page)).saved)};` });
    await page.reload();
    await page.waitForSelector('#detail h2', { timeout: 5_000 }).catch(() => undefined);
    assert.equal(await page.getAttribute('#tab-detail', 'aria-selected'), 'true');
    assert.equal(await page.textContent('#detail h2'), 'm0800', 'the Detail tab is back empty');
    assert.deepEqual((await recorder(page)).messages.filter((m) => m.type === 'detail'), [{ type: 'detail', runId: state.runId, row: 800 }]);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('a page shown again on another tab than the Table scrolls its table back where it was once the Table tab is shown', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => record(`m${String(i).padStart(4, '0')}`, -i / 1000));
    const state = newResultsState('family', many, -0.3);
    const { page, pageErrors } = await openPage(state, { realCells: true });
    await page.$eval('#table-scroll', (el) => (el.scrollTop = 1199 * 24));
    // The position is kept once scrolling pauses.
    await page.waitForFunction(() => ((window as unknown as { recorder: { saved?: { scrollTop: number } } }).recorder.saved?.scrollTop ?? 0) > 0);
    const scrolled = await page.$eval('#table-scroll', (el) => el.scrollTop);
    for (const tab of ['heatmap', 'parity']) {
      await page.click(`#tab-${tab}`);
      // Shown again (VS Code discards a hidden page) on that tab, then the Table tab chosen: it was at its first row.
      await page.addInitScript({ content: `window.preset = ${JSON.stringify((await recorder(page)).saved)};` });
      await page.reload();
      await page.waitForFunction(() => /of 2,000 rows/.test(document.querySelector('#filter-count')?.textContent ?? ''));
      assert.equal(await page.getAttribute(`#tab-${tab}`, 'aria-selected'), 'true');
      await page.click('#tab-table');
      // It scrolls back once all its rows are in (scrollBack), which may come after the count shows them all.
      await page.waitForFunction((top) => document.querySelector('#table-scroll')?.scrollTop === top, scrolled, { timeout: 5_000 }).catch(() => undefined);
      assert.equal(await page.$eval('#table-scroll', (el) => el.scrollTop), scrolled, `shown again on the ${tab} tab`);
    }
    // A new order while the table is hidden: the table, shown, starts at the top, and so does a page shown again after it.
    await page.click('#tab-heatmap');
    await page.selectOption('#filter-domain', 'in');
    await page.waitForFunction(() => (window as unknown as { recorder: { saved?: { filters: { domain: string } } } }).recorder.saved?.filters.domain === 'in');
    await page.addInitScript({ content: `window.preset = ${JSON.stringify((await recorder(page)).saved)};` });
    await page.reload();
    await page.waitForFunction(() => /of 2,000 rows/.test(document.querySelector('#filter-count')?.textContent ?? ''));
    await page.click('#tab-table');
    assert.equal(await page.$eval('#table-scroll', (el) => el.scrollTop), 0);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('drawing the rows scrolled into view, and then their cells, makes the browser lay the page out in no script', async () => {
    // A layout inside a script (forced by reading a position after a change) comes on top of the
    // one before the frame is drawn: a drawn window's table was laid out twice, once for nothing.
    const many = Array.from({ length: 2000 }, (_, i) => record(`m${String(i).padStart(4, '0')}`, -i / 1000));
    const { page, pageErrors } = await openPage(newResultsState('family', many, -0.3), { realCells: true });
    const cdp = await page.context().newCDPSession(page);
    const events: Array<{ name: string; ts: number; dur?: number; tid: number }> = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
    for (const row of [300, 900, 1500]) {
      await page.$eval('#table-scroll', (el, top) => (el.scrollTop = top), row * 24);
      // The rows in view are drawn as the scroll goes, and drawn again with their cells once it pauses.
      await page.waitForFunction((r) => document.querySelectorAll(`#records tbody tr[aria-rowindex="${r + 2}"]:not(.pending)`).length === 1, row);
    }
    await cdp.send('Tracing.end');
    await complete;
    const scripts = events.filter((e) => e.dur && (e.name === 'FireAnimationFrame' || e.name === 'HandlePostMessage' || e.name === 'TimerFire'));
    const layouts = events.filter((e) => e.name === 'Layout' && e.dur);
    const forced = layouts.filter((l) => scripts.some((f) => f.tid === l.tid && l.ts >= f.ts && l.ts < f.ts + f.dur!));
    assert.ok(scripts.length >= 6, `${scripts.length} drawing tasks traced`);
    assert.equal(forced.length, 0, `${forced.length} of ${layouts.length} layouts forced in the drawing scripts`);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('an element filtered on that a new run lacks stays selected, so the empty table says why', async () => {
    const state = newResultsState('workspace', records, -0.3);
    const view: ViewState = { ...initialView(state, { kind: 'workspace' }), filters: { ...initialView(state, { kind: 'workspace' }).filters, element: 'Fe' } };
    const page = await browser.newPage();
    await page.addInitScript({ content: fakeExtensionScript(state, { realCells: true }) });
    await page.goto(writeResultsPage(dir, state, view));
    await page.waitForFunction(() => /of 4 rows/.test(document.querySelector('#filter-count')?.textContent ?? ''));
    assert.equal(await page.textContent('#filter-count'), '0 of 4 rows');
    assert.equal(await page.$eval('#filter-element', (s) => (s as HTMLSelectElement).value), 'Fe');
    await page.close();
  });

  test('Export CSV waits for the last row: before it, the table does not know its rows', async () => {
    const state = newResultsState('workspace', records, -0.3);
    const page = await browser.newPage();
    await page.addInitScript({ content: fakeExtensionScript(state, { realCells: true, holdEnd: true }) });
    await page.goto(writeResultsPage(dir, state));
    await page.waitForFunction(() => /receiving/.test(document.querySelector('#filter-count')?.textContent ?? ''));
    assert.equal(await page.$eval('#export-csv', (b) => (b as HTMLButtonElement).disabled), true);
    await page.evaluate(() => (window as unknown as { releaseEnd(): void }).releaseEnd());
    await page.waitForSelector('#records tbody tr[data-row]:not(.pending)');
    assert.equal(await page.$eval('#export-csv', (b) => (b as HTMLButtonElement).disabled), false);
    await page.click('#export-csv');
    const exported = (await recorder(page)).messages.filter((m) => m.type === 'exportCsv');
    assert.equal((exported[0]?.rows as number[]).length, 4);
    await page.close();
  });

  test("the detail view gives back its 3D view's WebGL context when it draws again", async (t) => {
    const base = record('Fam[dopant=Pt]', -2.7, { dopant: 'Pt' });
    const detail: RecipeDetail = {
      record: base,
      attribution: { available: false, reason: 'not needed here' },
      core: { available: true, elements: ['Pt', 'Au', 'Au'], positions: [0, 0, 0, 2.8, 0, 0, 0, 2.8, 0], labels: ['core', 'surface', 'surface'], bonds: [[0, 1], [0, 2]], origin: 'test core' },
    };
    const { page, pageErrors } = await openPage(newResultsState('family', [base], -0.3), { realCells: true, detail });
    await page.click('#records tbody tr[data-row="0"] button.detail');
    await page.waitForSelector('#detail h2');
    if (!(await page.$('#core-3d'))) {
      t.skip('this Chromium has no WebGL');
      return page.close();
    }
    await page.evaluate(() => Object.assign(window, { firstCore: document.querySelector('#core-3d') }));
    // Each draw makes a canvas and a WebGL context; Chromium keeps 16 at most and warns past them.
    await page.evaluate(() => (document.querySelector('#records tbody tr[data-row="0"] button.detail') as HTMLButtonElement).click());
    await page.waitForFunction(() => document.querySelector('#core-3d') !== (window as unknown as { firstCore: Element }).firstCore);
    const lost = await page.evaluate(() => ((window as unknown as { firstCore: HTMLCanvasElement }).firstCore.getContext('webgl2') as WebGL2RenderingContext).isContextLost());
    assert.equal(lost, true, 'the first drawing still holds its context');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
