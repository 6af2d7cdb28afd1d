// Results panel at workspace sizes (1,000 to 100,000 records, the largest family the editor
// accepts). The extension's side: the columnar messages (time, bytes), the cells of one viewport,
// and what answering a page shown again (VS Code discards a hidden one) blocks the extension host
// for (the real panel, client/src/resultsPanel.ts, against the stand-in VS Code of the tests).
// The webview's side, when Debian's chromium is installed, under its CSP with a stand-in extension
// (test/client/webviewPage.ts): time to the first drawn table, a two-key re-sort, and the longest
// main-thread task (PerformanceObserver 'longtask') while loading, idle and scrolling.
// `npm run bench -- resultsPanel`
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { created } from '../test/helpers/vscodeStub';
import { ResultsPanels } from '../client/src/resultsPanel';
import { dataMessages } from '../client/src/results/columnar';
import { newResultsState, type ResultsState } from '../client/src/results/state';
import { rowCells } from '../client/src/results/tableModel';
import type { ScoreRecord } from '../engine/src/scoreRecord';
import { descriptorRecord } from '../test/helpers/scoreRecord';
import { buildWebviewBundle, chromiumPath, fakeExtensionScript, writeResultsPage } from '../test/client/webviewPage';

const SIZES = [1_000, 10_000, 100_000];
/** Rows of one viewport of the table. */
const VIEWPORT_ROWS = 40;

/** Records shaped like a family's: varied E_form, φ and intervals, a few out of domain. */
function records(n: number): ScoreRecord[] {
  return Array.from({ length: n }, (_, i): ScoreRecord => {
    const eForm = -4 + 3 * ((i * 7919) % 1000) / 1000;
    const phi = -0.5 + ((i * 104729) % 1000) / 1000;
    return {
      file: '/workspace/family.bimetal',
      recipe: `Au12M_PET[dopant=${['Fe', 'Co', 'Ni', 'Cu'][i % 4]},dopantCount=${1 + (i % 3)},n=${i}]`,
      formula: `Au12M${1 + (i % 3)}(PET)18`,
      host: 'Au', dopant: ['Fe', 'Co', 'Ni', 'Cu'][i % 4], nHost: 12, nDopant: 1 + (i % 3), nMetal: 13 + (i % 3), ratio: 0.0769, topology: 'icosahedron', dopantSite: 'mixed', charge: 0,
      descriptors: descriptorRecord({
        hMix: -6, chiEnv: 0.21, deltaChi: 0.6, deltaM: 141.1, deltaR: 0.18, distance: 2.88, reducedDistance: 0.14,
        phi, phiVerdict: phi >= -0.3 ? 'accessible' : 'inaccessible', phiThreshold: -0.3, logP: { PET: 2.3 },
      }),
      prediction: {
        eForm, lower: eForm - 0.45, upper: eForm + 0.4, coverage: 0.9, model: 'eform-v2', inDomain: i % 10 !== 0,
        terms: [
          { key: 'size', value: eForm + 0.2, unit: 'eV/atom', source: 'Au: QCD Au13–Au55 ground states + OQMD bulk', supported: true, inputs: { N: 13, 'E_Au(N)': eForm + 0.2 } },
          { key: 'mixing', value: -0.05, unit: 'eV/atom', source: 'model eform-v2', supported: true, inputs: { model: 'eform-v2' } },
          { key: 'environment', value: -0.15, unit: 'eV/atom', source: 'thiolate ligands (fitted on 3 values)', supported: true, inputs: { ligands_per_metal: 1.38 } },
        ],
      },
      site: i % 3 === 0 ? { preferred: 'undetermined', deltaE: 0.1, lower: -0.6, upper: 0.5, inDomain: true } : { preferred: i % 2 ? 'core' : 'surface', deltaE: i % 2 ? -0.3 : 0.2, lower: i % 2 ? -0.6 : 0.05, upper: i % 2 ? -0.05 : 0.5, inDomain: true },
      diagnostics: [],
    };
  });
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Bytes of a message as the structured clone carries it (typed arrays by their buffers, strings as UTF-16). */
function messageBytes(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value === 'string') return 2 * value.length;
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + messageBytes(v), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((s: number, v) => s + messageBytes(v), 0);
  return 8;
}

/**
 * Long tasks with their start times. Measuring starts at the page's `ready`: the stand-in
 * extension's own data (a script of the size of the rows) is parsed before, and is not the page's work.
 */
const LONG_TASKS = `
  window.longTasks = [];
  window.since = Infinity;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
`;

/** The longest task since the last call (the first call: since the page said `ready`). */
async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { longTasks: Array<[number, number]>; since: number; readyAt: number };
    const from = Number.isFinite(w.since) ? w.since : w.readyAt;
    const longest = w.longTasks.filter(([start]) => start >= from).reduce((a, [, d]) => Math.max(a, d), 0);
    w.since = performance.now();
    return longest;
  });
}

interface WebviewNumbers {
  firstTableMs: number;
  resortMs: number;
  loadLongestMs: number;
  idleLongestMs: number;
  scrollLongestMs: number;
}

async function webview(state: ResultsState, dir: string): Promise<WebviewNumbers> {
  const url = writeResultsPage(dir, state);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.addInitScript({ content: LONG_TASKS + fakeExtensionScript(state) });
    let start = process.hrtime.bigint();
    await page.goto(url);
    await page.waitForSelector('#records tbody tr[data-row]:not(.pending)', { timeout: 120_000 });
    const firstTableMs = ms(start);
    const loadLongestMs = await longestTask(page);
    await page.waitForTimeout(3000);
    const idleLongestMs = await longestTask(page);
    await page.mouse.move(600, 700);
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 2400);
      await page.waitForTimeout(50);
    }
    const scrollLongestMs = await longestTask(page);
    start = process.hrtime.bigint();
    await page.click('#records th[data-column="phi"]', { modifiers: ['Shift'] });
    // Shift+click makes φ the second key, which aria-sort does not mark (the first key's only): its mark does.
    await page.waitForFunction(() => document.querySelector('#records th[data-column="phi"] .sort-mark')?.textContent === '▲²');
    const resortMs = ms(start);
    return { firstTableMs, resortMs, loadLongestMs, idleLongestMs, scrollLongestMs };
  } finally {
    await browser.close();
  }
}

/** Milliseconds the extension takes to answer the `ready` of a page shown again (its first page said it before). */
function shownAgainMs(state: ResultsState): number {
  const noAction = async () => undefined;
  const panels = new ResultsPanels({ path: '/bench' } as never, { reveal: noAction, exportCsv: noAction, detail: noAction, rescore: noAction, problems: () => [], recordUri: (file) => file, fail: () => undefined });
  try {
    panels.show(state, { kind: 'workspace' });
    const page = created.at(-1)!.webview;
    page.send({ type: 'ready' });
    const start = process.hrtime.bigint();
    page.send({ type: 'ready' });
    return ms(start);
  } finally {
    panels.dispose();
  }
}

export async function run(): Promise<void> {
  const browser = existsSync(chromiumPath);
  if (browser) buildWebviewBundle();
  else console.log(`(no ${chromiumPath}: webview not measured)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-results-bench-'));
  try {
    console.log('records | messages ms | messages MiB | viewport cells ms | page shown again: extension ms | first table ms | two-key re-sort ms | longest task ms: load / idle 3 s / scroll');
    for (const n of SIZES) {
      const state = newResultsState('workspace', records(n), -0.3);
      let start = process.hrtime.bigint();
      const messages = dataMessages({ runId: state.runId, scope: state.scope, scoredAt: state.scoredAt, phiThreshold: state.phiThreshold }, state.records);
      const messagesMs = ms(start);
      const mib = messages.reduce((s, m) => s + messageBytes(m), 0) / 1048576;
      start = process.hrtime.bigint();
      for (let i = 0; i < VIEWPORT_ROWS; i++) rowCells(state.records[(i * 7919) % n]);
      const cellsMs = ms(start);
      const againMs = shownAgainMs(state);
      const w = browser ? await webview(state, dir) : undefined;
      const f = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(0));
      console.log(
        `${n} | ${messagesMs.toFixed(0)} | ${mib.toFixed(1)} | ${cellsMs.toFixed(1)} | ${againMs.toFixed(1)} | ${f(w?.firstTableMs)} | ${f(w?.resortMs)} | ${f(w?.loadLongestMs)} / ${f(w?.idleLongestMs)} / ${f(w?.scrollLongestMs)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
