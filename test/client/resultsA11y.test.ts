/**
 * Accessibility of the results page in headless Chromium (the real page and CSP, fed by the
 * stand-in extension of webviewPage.ts), in the four default themes' own colours: every table row
 * reachable from the keyboard with focus kept across redraws, header sorting that keeps focus,
 * contrast of heatmap and flagged text, visible out-of-domain markers, the detail view's focus and
 * Escape, the 3D view's keys, the range filter's message, the tab pattern and a narrow panel.
 * Skipped when Debian's chromium is missing (test/workbench/setup.sh installs it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { contrast, over, type Rgba } from '../../client/src/results/contrast';
import { newResultsState, type ResultsState } from '../../client/src/results/state';
import type { RecipeDetail } from '../../report/src/recipeDetailProtocol';
import { record } from '../helpers/scoreRecord';
import { buildWebviewBundle, chromiumPath, closePageBrowser, launchPageBrowser, openResultsPage, type FakeExtensionOptions } from './webviewPage';

const skip = existsSync(chromiumPath) ? false : `Debian chromium is not installed at ${chromiumPath}`;

/** The default themes' variables that the page's colours come from (VS Code 1.10x, read from the workbench), and the body class VS Code gives each. */
const THEMES = {
  'Dark Modern': {
    kind: 'vscode-dark',
    vars: { foreground: '#cccccc', 'editor-foreground': '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', errorForeground: '#f85149', 'editorWarning-foreground': '#cca700', 'charts-red': '#f14c4c', 'charts-green': '#89d185', 'charts-blue': '#59a4f9', 'charts-orange': 'rgba(234, 92, 0, 0.33)', 'charts-foreground': '#cccccc', 'charts-lines': 'rgba(204, 204, 204, 0.5)', 'panel-border': '#2b2b2b', focusBorder: '#0078d4', 'list-hoverBackground': '#2a2d2e', 'inputValidation-errorBorder': '#be1100' },
  },
  'Light Modern': {
    kind: 'vscode-light',
    vars: { foreground: '#3b3b3b', 'editor-foreground': '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#3b3b3b', errorForeground: '#f85149', 'editorWarning-foreground': '#bf8803', 'charts-red': '#e51400', 'charts-green': '#388a34', 'charts-blue': '#0063d3', 'charts-orange': 'rgba(234, 92, 0, 0.33)', 'charts-foreground': '#3b3b3b', 'charts-lines': 'rgba(59, 59, 59, 0.5)', 'panel-border': '#e5e5e5', focusBorder: '#005fb8', 'list-hoverBackground': '#f2f2f2', 'inputValidation-errorBorder': '#be1100' },
  },
  'High Contrast': {
    kind: 'vscode-high-contrast',
    vars: { foreground: '#ffffff', 'editor-foreground': '#ffffff', 'editor-background': '#000000', descriptionForeground: 'rgba(255, 255, 255, 0.7)', errorForeground: '#f48771', 'editorWarning-foreground': '#ffd370', 'charts-red': '#f48771', 'charts-green': '#89d185', 'charts-blue': '#59a4f9', 'charts-foreground': '#ffffff', 'charts-lines': 'rgba(255, 255, 255, 0.5)', 'panel-border': '#6fc3df', focusBorder: '#f38518', 'list-hoverBackground': 'rgba(255, 255, 255, 0.1)', 'inputValidation-errorBorder': '#6fc3df', contrastBorder: '#6fc3df' },
  },
  'High Contrast Light': {
    kind: 'vscode-high-contrast vscode-high-contrast-light',
    vars: { foreground: '#292929', 'editor-foreground': '#292929', 'editor-background': '#ffffff', descriptionForeground: 'rgba(41, 41, 41, 0.7)', errorForeground: '#b5200d', 'editorWarning-foreground': '#895503', 'charts-red': '#b5200d', 'charts-green': '#374e06', 'charts-blue': '#0063d3', 'charts-foreground': '#292929', 'charts-lines': 'rgba(41, 41, 41, 0.5)', 'panel-border': '#0f4a85', focusBorder: '#006bbd', 'list-hoverBackground': 'rgba(15, 74, 133, 0.1)', 'inputValidation-errorBorder': '#0f4a85', contrastBorder: '#0f4a85' },
  },
} as const;
type ThemeName = keyof typeof THEMES;

/** Sets a theme's variables and body class as the webview host does. */
function themeScript(name: ThemeName): string {
  const { kind, vars } = THEMES[name];
  return `document.addEventListener('DOMContentLoaded', () => {
    for (const [k, v] of Object.entries(${JSON.stringify(vars)})) document.documentElement.style.setProperty('--vscode-' + k, v);
    document.body.className = ${JSON.stringify(kind)};
  });`;
}

let browser: Browser;
let dir: string;

function openPage(state: ResultsState, options: FakeExtensionOptions & { theme?: ThemeName; width?: number } = {}): Promise<{ page: Page; pageErrors: string[] }> {
  return openResultsPage(browser, dir, state, { realCells: true, ...options, initScript: options.theme && themeScript(options.theme) });
}

/** The focused element, described. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', row: el?.dataset.row, rowIndex: el?.getAttribute('aria-rowindex') ?? null, column: el?.dataset.column, text: el?.textContent ?? '' };
  });

/** CSS colours resolved (color-mix included) to RGBA by a canvas. */
function resolve(page: Page, colours: string[]): Promise<Rgba[]> {
  return page.evaluate((list) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    return list.map((c) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return { r, g, b, a: a / 255 };
    });
  }, colours);
}

/** Contrast of an element's text on its own background (or the page's). */
async function textContrast(page: Page, selector: string): Promise<number[]> {
  const styles = await page.$$eval(selector, (els) => els.map((el) => ({ color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor, page: getComputedStyle(document.body).backgroundColor })));
  assert.ok(styles.length > 0, `no ${selector}`);
  const out: number[] = [];
  for (const s of styles) {
    const [fg, bg, body] = await resolve(page, [s.color, s.background, s.page]);
    const ground = bg.a === 0 ? body : over(bg, body);
    out.push(contrast(over(fg, ground), ground));
  }
  return out;
}

const outside = (e: number) => ({ eForm: e, lower: e - 0.9, upper: e + 0.8, coverage: 0.9, model: 'eform-v2', inDomain: false, terms: [] });

describe('results page accessibility', { skip, timeout: 240_000 }, () => {
  before(async () => {
    buildWebviewBundle();
    ({ browser, dir } = await launchPageBrowser('bimetal-a11y-'));
  });
  after(() => closePageBrowser(browser, dir));

  test('every row is reachable by keyboard (arrows, Page Up/Down, Home/End), with one tab stop, and keeps focus across redraws', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => record(`m${String(i).padStart(4, '0')}`, -i / 1000, { phi: (i % 10) / 10 - 0.5 }));
    const { page, pageErrors } = await openPage(newResultsState('family', many, -0.3));
    assert.equal(await page.getAttribute('#records', 'aria-rowcount'), '3001', 'the header row counts');
    assert.equal(await page.$$eval('#records tbody tr[tabindex="0"]', (r) => r.length), 1, 'one tab stop among the rows');
    // Tab from the last header reaches the rows.
    await page.focus('#records th:last-child');
    await page.keyboard.press('Tab');
    assert.deepEqual((await focused(page)).rowIndex, '2');
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowDown');
    let at = await focused(page);
    assert.equal(at.rowIndex, '62', 'row 61 of the list, far beyond the first drawn window');
    assert.match(at.text, /m2939/);
    await page.keyboard.press('PageDown');
    at = await focused(page);
    assert.ok(Number(at.rowIndex) > 70, `PageDown moved a page: ${at.rowIndex}`);
    await page.keyboard.press('End');
    at = await focused(page);
    assert.equal(at.rowIndex, '3001');
    // Its cells arrive (the pending row is redrawn): focus stays on it.
    await page.waitForFunction(() => !document.querySelector('#records tbody tr[aria-rowindex="3001"]')?.classList.contains('pending'));
    await page.waitForTimeout(300);
    at = await focused(page);
    assert.equal(at.rowIndex, '3001');
    assert.match(at.text, /m0000/);
    await page.keyboard.press('ArrowUp');
    assert.equal((await focused(page)).rowIndex, '3000');
    await page.keyboard.press('Home');
    assert.equal((await focused(page)).rowIndex, '2');
    // Scrolling a few rows redraws the window around the focused row: it keeps focus.
    await page.$eval('#table-scroll', (s) => (s.scrollTop = 5 * 24));
    await page.waitForTimeout(300);
    assert.equal((await focused(page)).rowIndex, '2');
    // Enter still reveals the focused row.
    await page.keyboard.press('Enter');
    const reveal = await page.evaluate(() => (window as unknown as { recorder: { messages: Array<{ type: string; row?: number }> } }).recorder.messages.filter((m) => m.type === 'reveal').at(-1));
    assert.equal(many[reveal!.row!].recipe, 'm2999');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('sorting from the keyboard keeps focus on the header; aria-sort on the primary key only, the second key in words, arrows hidden', async () => {
    const { page, pageErrors } = await openPage(newResultsState('workspace', [record('a', -1, { phi: 0.1 }), record('b', -2, { phi: -0.2 })], -0.3));
    await page.focus('#records th[data-column="phi"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#records th[data-column="phi"]')?.getAttribute('aria-sort') === 'ascending');
    assert.equal((await focused(page)).column, 'phi');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#records th[data-column="phi"]', 'aria-sort'), 'descending');
    assert.equal((await focused(page)).column, 'phi');
    assert.deepEqual(await page.$$eval('#records th[aria-sort]', (th) => th.map((t) => (t as HTMLElement).dataset.column)), ['phi'], 'the primary key only');
    assert.match((await page.textContent('#records th[data-column="eForm"] .visually-hidden')) ?? '', /second sort key, ascending/);
    assert.deepEqual(await page.$$eval('#records th .sort-mark', (m) => m.map((s) => [s.getAttribute('aria-hidden'), s.textContent])), [['true', '▲²'], ['true', '▼']], 'E_form second, φ first');
    // Shift+Enter: the second key; focus stays.
    await page.focus('#records th[data-column="recipe"]');
    await page.keyboard.press('Shift+Enter');
    assert.equal((await focused(page)).column, 'recipe');
    assert.match((await page.textContent('#records th[data-column="recipe"] .visually-hidden')) ?? '', /second sort key/);
    assert.match((await page.getAttribute('#records th[data-column="phi"]', 'title')) ?? '', /Shift\+Enter/);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  const family = ['Pd', 'Pt', 'Ag', 'Cu'].flatMap((dopant, d) => [1, 2, 3].flatMap((count) => ['Au', 'Ag'].map((host, h) => record(`Fam[host=${host},dopant=${dopant},dopantCount=${count}]`, -2 - d / 5 - count / 20 - h / 3, { host, dopant }))));

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    test(`heatmap values read at 4.5:1 in ${theme}${theme.startsWith('High') ? ', framed rather than filled' : ''}`, async () => {
      const { page, pageErrors } = await openPage(newResultsState('family', family, -0.3), { theme });
      await page.click('#tab-heatmap');
      await page.waitForSelector('#heatmap td.cell');
      const ratios = await textContrast(page, '#heatmap td.cell');
      assert.ok(ratios.length >= 6);
      for (const r of ratios) assert.ok(r >= 4.5, `${theme}: ${ratios.map((x) => x.toFixed(2)).join(', ')}`);
      if (theme.startsWith('High')) {
        const cells = await page.$$eval('#heatmap td.cell', (tds) => tds.map((td) => [getComputedStyle(td).backgroundColor, getComputedStyle(td).borderTopStyle]));
        for (const [fill, border] of cells) {
          assert.equal(fill, 'rgba(0, 0, 0, 0)', 'no fill');
          assert.equal(border, 'solid', 'a frame');
        }
      }
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  }

  test('flagged cells: text-safe colours in every theme, the verdict mark shown, the flag in words for screen readers', async () => {
    const rows = [
      record('fine', -2, { phi: 0.2 }),
      record('outside', -2.5, { phi: -0.5, prediction: outside(-2.5) }),
      record('broken', null, { diagnostics: [{ line: 2, column: 3, severity: 'error', code: 'BM201', message: 'unknown element' }] }),
    ];
    for (const theme of Object.keys(THEMES) as ThemeName[]) {
      const { page } = await openPage(newResultsState('workspace', rows, -0.3), { theme });
      for (const selector of ['#records td.ood', '#records td.below-threshold', '#records td.error']) {
        for (const r of await textContrast(page, selector)) assert.ok(r >= 4.5, `${theme} ${selector}: ${r.toFixed(2)}:1`);
      }
      if (theme === 'Dark Modern') {
        const eForm = await page.$eval('#records tr[data-row="1"] td:nth-child(3)', (td) => ({ cls: td.className, text: td.textContent }));
        assert.match(eForm.cls, /ood/);
        assert.match(eForm.text ?? '', /−2\.50 !/);
        assert.match(eForm.text ?? '', /\(out of domain\)/);
        assert.match((await page.textContent('#records td.below-threshold')) ?? '', /−0\.50 low \(below the φ threshold\)/);
        assert.match((await page.textContent('#records td.error')) ?? '', /\(has errors\)/);
      }
      await page.close();
    }
  });

  test('out-of-domain markers are drawn opaque with an outline, not in the theme\'s 33 % orange', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => record(`r${i}`, -1 - i / 20, { phi: -0.5 + i / 30, prediction: i % 2 ? outside(-1 - i / 20) : undefined }));
    for (const theme of ['Dark Modern', 'Light Modern'] as const) {
      const { page } = await openPage(newResultsState('workspace', rows, -0.3), { theme });
      await page.waitForTimeout(200);
      const orange = await page.$eval('#scatter', (canvas) => {
        const c = canvas as HTMLCanvasElement;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255 && Math.abs(data[i] - 234) < 4 && Math.abs(data[i + 1] - 92) < 4 && data[i + 2] < 4) n++;
        return n;
      });
      assert.ok(orange > 20, `${theme}: ${orange} pixels of full orange`);
      await page.close();
    }
  });

  const detail: RecipeDetail = {
    record: record('Fam[dopant=Pt]', -2.7, { dopant: 'Pt' }),
    attribution: { available: false, reason: 'not needed here' },
    core: { available: true, elements: ['Pt', 'Au', 'Au', 'Au'], positions: [0, 0, 0, 2.8, 0, 0, 0, 2.8, 0, 0, 0, 2.8], labels: ['core', 'surface', 'surface', 'surface'], bonds: [[0, 1], [0, 2], [0, 3]], origin: 'test core' },
  };

  test('the detail view takes focus to its heading, says so in a status, and Escape or Back returns to the row it came from', async () => {
    const rows = [record('Fam[dopant=Pt]', -2.7, { dopant: 'Pt' }), record('other', -2)];
    const { page, pageErrors } = await openPage(newResultsState('family', rows, -0.3), { detail });
    assert.equal(await page.getAttribute('#detail-note', 'role'), 'status');
    await page.focus('#records tbody tr[data-row="0"]');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).tag, 'button', 'the focused row\'s (i) is the next tab stop');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail h2');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    assert.match((await focused(page)).text, /Fam\[dopant=Pt\]/);
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('#view-table'), true);
    assert.equal((await focused(page)).row, '0');
    // The Back button does the same.
    await page.focus('#records tbody tr[data-row="0"] button.detail');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    await page.click('#detail-back');
    assert.equal((await focused(page)).row, '0');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('the 3D core is a labelled tab stop that keys turn, and Tab moves on from it', async (t) => {
    const { page, pageErrors } = await openPage(newResultsState('family', [detail.record], -0.3), { detail });
    await page.click('#records tbody tr[data-row="0"] button.detail');
    await page.waitForSelector('#detail h2');
    if (!(await page.$('#core-3d'))) {
      t.skip('this Chromium has no WebGL');
      return page.close();
    }
    assert.equal(await page.$eval('#core-3d', (c) => (c as HTMLElement).tabIndex), 0);
    assert.match((await page.getAttribute('#core-3d', 'aria-label')) ?? '', /Arrow keys rotate/);
    assert.match((await page.textContent('#view-detail')) ?? '', /focus the view and arrow keys rotate, Shift\+arrow keys pan, \+ and − zoom/);
    const pixels = () =>
      page.$eval('#core-3d', (c) => {
        const copy = document.createElement('canvas');
        copy.width = (c as HTMLCanvasElement).width;
        copy.height = (c as HTMLCanvasElement).height;
        const ctx = copy.getContext('2d')!;
        ctx.drawImage(c as HTMLCanvasElement, 0, 0);
        const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
        let hash = 0;
        for (let i = 0; i < data.length; i += 4 * 13) hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) | 0;
        return hash;
      });
    await page.focus('#core-3d');
    const before = await pixels();
    await page.keyboard.press('ArrowLeft');
    const turned = await pixels();
    assert.notEqual(turned, before, 'an arrow key turned the core');
    await page.keyboard.press('+');
    assert.notEqual(await pixels(), turned, '+ zoomed');
    await page.keyboard.press('Tab');
    assert.notEqual((await focused(page)).id, 'core-3d', 'Tab leaves the view');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('a range bound that is no number is said in words, linked to its field, and marked by more than colour', async () => {
    const { page } = await openPage(newResultsState('workspace', [record('a', -1), record('b', -2)], -0.3), { theme: 'High Contrast' });
    assert.equal(await page.isVisible('#filter-error'), false);
    await page.fill('#filter-phi-min', 'abc');
    await page.waitForSelector('#filter-error', { state: 'visible' });
    assert.equal(await page.textContent('#filter-error'), '⚠ φ from: not a number, ignored.');
    assert.equal(await page.getAttribute('#filter-phi-min', 'aria-describedby'), 'filter-error');
    assert.equal(await page.$eval('#filter-phi-min', (i) => getComputedStyle(i).borderTopStyle), 'dashed');
    await page.fill('#filter-eform-max', 'x');
    assert.equal(await page.textContent('#filter-error'), '⚠ φ from, E_form to: not numbers, ignored.');
    await page.fill('#filter-phi-min', '');
    await page.fill('#filter-eform-max', '');
    await page.waitForSelector('#filter-error', { state: 'hidden' });
    assert.equal(await page.getAttribute('#filter-phi-min', 'aria-describedby'), null);
    await page.close();
  });

  test('tabs: one tab stop, arrow keys, Home and End; the strip wraps in a 320 px panel', async () => {
    const { page } = await openPage(newResultsState('workspace', [record('a', -1), record('b', -2)], -0.3), { width: 320 });
    assert.deepEqual(await page.$$eval('[role=tab]', (tabs) => tabs.map((t) => (t as HTMLElement).tabIndex)), [0, -1, -1, -1]);
    await page.focus('#tab-table');
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused(page)).id, 'tab-heatmap');
    assert.equal(await page.getAttribute('#tab-heatmap', 'aria-selected'), 'true');
    assert.equal(await page.isVisible('#view-heatmap'), true);
    await page.keyboard.press('End');
    assert.equal((await focused(page)).id, 'tab-detail');
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused(page)).id, 'tab-table', 'wraps');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await focused(page)).id, 'tab-detail');
    await page.keyboard.press('Home');
    assert.equal((await focused(page)).id, 'tab-table');
    assert.deepEqual(await page.$$eval('[role=tab]', (tabs) => tabs.map((t) => (t as HTMLElement).tabIndex)), [0, -1, -1, -1]);
    const strip = await page.$eval('[role=tablist]', (el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(strip.scroll <= strip.client, `the tab strip fits: ${JSON.stringify(strip)}`);
    await page.close();
  });
});
