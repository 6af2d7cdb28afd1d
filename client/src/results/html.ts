/**
 * The results panel's HTML shell: header, filter bar, tabs (table, heatmap, parity, detail) and
 * their empty containers. The bundled webview script (`dist/webview-results.js`) fills them from
 * the rows the extension posts (columnar.ts); the page embeds only the initial view (a few hundred
 * bytes) and the summary lines. Pure, so the Content Security Policy can be tested: nothing runs
 * unless it carries this render's nonce, and styles, scripts and images load only from the
 * extension's own resource roots.
 */
import type { ViewState } from './state';

export interface ResultsHtmlInput {
  /** Fresh per render (see `newNonce`). */
  nonce: string;
  /** `webview.cspSource`: the origin of URIs made by `webview.asWebviewUri`. */
  cspSource: string;
  /** `webview.asWebviewUri` of dist/webview-results.js and client/media/results.css. */
  scriptUri: string;
  styleUri: string;
  /** The panel's first lines (tableModel.ts summaryText and coverageText), shown before the script runs. */
  summary: string;
  /** The errors that have no row (unlistedErrors.ts), '' when none. */
  unlisted: string;
  coverage: string;
  view: ViewState;
}

export const VIEW_ELEMENT_ID = 'bimetal-results-view';

export function resultsHtml(input: ResultsHtmlInput): string {
  const { nonce, cspSource } = input;
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  // One tab stop for the tab strip (the selected tab); arrow keys move between tabs (results.ts).
  const tab = (id: string, label: string) => {
    const selected = input.view.tab === id;
    return `<button type="button" role="tab" id="tab-${id}" aria-controls="view-${id}" aria-selected="${selected}" tabindex="${selected ? 0 : -1}" data-tab="${id}">${label}</button>`;
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>Bimetal scores — ${escapeHtml(input.view.scope)}</title>
</head>
<body>
<header>
  <div>
    <p id="summary" aria-live="polite">${escapeHtml(input.summary)}</p>
    <p id="unlisted" class="note"${input.unlisted ? '' : ' hidden'}><span id="unlisted-text">${escapeHtml(input.unlisted)}</span> <button id="show-problems" type="button" class="link">Show Problems</button></p>
    <p id="coverage" class="note">${escapeHtml(input.coverage)}</p>
    <p id="notice" class="note" aria-live="polite" hidden></p>
  </div>
  <button id="export-csv" type="button" title="Save the rows that pass the filters as CSV, in the table's order">Export CSV…</button>
</header>
<form id="filters" aria-label="Filters">
  <label>name or formula <input id="filter-text" type="search" size="14"></label>
  <label>element <select id="filter-element"><option value="">any</option></select></label>
  <label>domain <select id="filter-domain"><option value="all">all</option><option value="in">in domain</option><option value="out">out of domain</option></select></label>
  <label>φ from <input id="filter-phi-min" type="text" inputmode="decimal" size="5"></label>
  <label>to <input id="filter-phi-max" type="text" inputmode="decimal" size="5"></label>
  <label>E_form from <input id="filter-eform-min" type="text" inputmode="decimal" size="5"></label>
  <label>to <input id="filter-eform-max" type="text" inputmode="decimal" size="5"></label>
  <output id="filter-count"></output>
  <p id="filter-error" aria-live="polite" hidden></p>
</form>
<nav role="tablist" aria-label="Views">${tab('table', 'Table and chart')}${tab('heatmap', 'Heatmap')}${tab('parity', 'Parity')}${tab('detail', 'Detail')}</nav>
<section id="view-table" role="tabpanel" aria-labelledby="tab-table">
  <div class="chart"><canvas id="scatter" role="img" aria-label="Scatter of predicted E_form against the accessibility index φ, with interval bars"></canvas></div>
  <p id="chart-note" class="note"></p>
  <div id="table-scroll" class="table-scroll" tabindex="-1" aria-label="Results table">
    <table id="records" aria-rowcount="0"><thead></thead><tbody></tbody></table>
  </div>
</section>
<section id="view-heatmap" role="tabpanel" aria-labelledby="tab-heatmap" hidden>
  <div class="controls">
    <label>family <select id="heatmap-family"></select></label>
    <label>value <select id="heatmap-metric"></select></label>
  </div>
  <table id="heatmap" class="heatmap"></table>
  <p id="heatmap-note" class="note"></p>
</section>
<section id="view-parity" role="tabpanel" aria-labelledby="tab-parity" hidden>
  <div class="chart"><canvas id="parity" role="img" aria-label="Predicted E_form against the recipes' reference energies, with interval bars"></canvas></div>
  <p id="parity-note" class="note"></p>
</section>
<section id="view-detail" role="tabpanel" aria-labelledby="tab-detail" hidden>
  <button id="detail-back" type="button" title="Back to the table (Escape)">Back to the table</button>
  <p id="detail-note" class="note" role="status">Choose a row's (i) button to see that recipe in detail.</p>
  <div id="detail"></div>
</section>
<script id="${VIEW_ELEMENT_ID}" type="application/json">${jsonForScriptElement(input.view)}</script>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}

/** 128 random bits as hex, from Web Crypto (available in the Node and web extension hosts). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that cannot end its <script> element early or open a comment: recipe names and notes are
 * user text, so `<`, `>` and `&` are written as \u escapes (still the same JSON value).
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
