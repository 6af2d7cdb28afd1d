// Results panel at workspace sizes (1,000 to 100,000 records, the largest family the editor
// accepts): the extension's side (HTML with the embedded state, first table page) and, when Debian's
// chromium is installed, the webview's own first render (table page + E_form–φ scatter) under its CSP.
// `npm run bench -- resultsPanel`
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { resultsHtml } from '../client/src/results/html';
import { newResultsState, type ResultsState } from '../client/src/results/state';
import { tablePage } from '../client/src/results/tableModel';
import type { ScoreRecord } from '../engine/src/scoreRecord';
import { buildWebviewBundle, chromiumPath, writeResultsPage } from '../test/client/webviewPage';
const SIZES = [1_000, 10_000, 100_000];

/** Records shaped like a family's: varied E_form, φ and intervals, a few out of domain. */
function records(n: number): ScoreRecord[] {
  return Array.from({ length: n }, (_, i): ScoreRecord => {
    const eForm = -4 + 3 * ((i * 7919) % 1000) / 1000;
    const phi = -0.5 + ((i * 104729) % 1000) / 1000;
    return {
      file: '/workspace/family.bimetal',
      recipe: `Au12M_PET[dopant=${['Fe', 'Co', 'Ni', 'Cu'][i % 4]},dopantCount=${1 + (i % 3)},n=${i}]`,
      formula: `Au12M${1 + (i % 3)}(PET)18`,
      host: 'Au', dopant: 'Fe', nHost: 12, nDopant: 1 + (i % 3), nMetal: 13 + (i % 3), ratio: 0.0769, topology: 'icosahedron', dopantSite: 'mixed',
      descriptors: {
        hMix: -6, chiEnv: 0.21, deltaChi: 0.6, deltaM: 141.1, deltaR: 0.18, distance: 2.88, reducedDistance: 0.14,
        phi, phiVerdict: phi >= -0.3 ? 'accessible' : 'inaccessible', phiThreshold: -0.3, logP: { PET: 2.3 },
      },
      prediction: {
        eForm, lower: eForm - 0.45, upper: eForm + 0.4, coverage: 0.9, model: 'eform-v2', inDomain: i % 10 !== 0,
        terms: [
          { key: 'size', value: eForm + 0.2, unit: 'eV/atom', source: 'Au: QCD Au13–Au55 ground states + OQMD bulk', supported: true, inputs: { N: 13, 'E_Au(N)': eForm + 0.2 } },
          { key: 'mixing', value: -0.05, unit: 'eV/atom', source: 'model eform-v2', supported: true, inputs: { model: 'eform-v2' } },
          { key: 'environment', value: -0.15, unit: 'eV/atom', source: 'thiolate ligands (fitted on 3 values)', supported: true, inputs: { ligands_per_metal: 1.38 } },
          { key: 'ordering', value: 0, unit: 'eV/atom', source: 'recipe: site mixed states no ordering', supported: true, inputs: { site: 'mixed' } },
        ],
      },
      site: i % 3 === 0 ? { preferred: 'undetermined', deltaE: 0.1, lower: -0.6, upper: 0.5 } : { preferred: i % 2 ? 'core' : 'surface', deltaE: i % 2 ? -0.3 : 0.2, lower: i % 2 ? -0.6 : 0.05, upper: i % 2 ? -0.05 : 0.5 },
      diagnostics: [],
    };
  });
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function webviewFirstRender(state: ResultsState, dir: string): Promise<number> {
  const url = writeResultsPage(dir, state);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.addInitScript({ content: 'window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });' });
    const start = process.hrtime.bigint();
    await page.goto(url);
    // The script renders synchronously: once the chart note is written, table and chart are drawn.
    await page.waitForFunction(() => (document.getElementById('chart-note')?.textContent ?? '') !== '', undefined, { timeout: 120_000 });
    return ms(start);
  } finally {
    await browser.close();
  }
}

export async function run(): Promise<void> {
  const webview = existsSync(chromiumPath);
  if (webview) buildWebviewBundle();
  else {
    console.log(`(no ${chromiumPath}: webview render not measured)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-results-bench-'));
  try {
    console.log('records | HTML MiB | HTML ms | first table page ms | webview first render ms');
    for (const n of SIZES) {
      const state = newResultsState('workspace', records(n), -0.3);
      let start = process.hrtime.bigint();
      const html = resultsHtml({ nonce: 'bench', cspSource: 'file:', scriptUri: 'a.js', styleUri: 'a.css', state });
      const htmlMs = ms(start);
      start = process.hrtime.bigint();
      tablePage(state);
      const pageMs = ms(start);
      const render = webview ? (await webviewFirstRender(state, dir)).toFixed(0) : '—';
      console.log(`${n} | ${(Buffer.byteLength(html) / 1048576).toFixed(1)} | ${htmlMs.toFixed(0)} | ${pageMs.toFixed(0)} | ${render}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
