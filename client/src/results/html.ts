/**
 * The results panel's HTML shell. The table and chart are drawn by the bundled webview script
 * (`dist/webview-results.js`) from the state embedded here as JSON. Pure, so the Content Security
 * Policy can be tested: nothing runs unless it carries this render's nonce, and styles, scripts and
 * images load only from the extension's own resource roots.
 */
import type { ResultsState } from './state';
import { summaryText } from './tableModel';

export interface ResultsHtmlInput {
  /** Fresh per render (see `newNonce`). */
  nonce: string;
  /** `webview.cspSource`: the origin of URIs made by `webview.asWebviewUri`. */
  cspSource: string;
  /** `webview.asWebviewUri` of dist/webview-results.js and client/media/results.css. */
  scriptUri: string;
  styleUri: string;
  state: ResultsState;
}

export const STATE_ELEMENT_ID = 'bimetal-results-state';

export function resultsHtml(input: ResultsHtmlInput): string {
  const { nonce, cspSource } = input;
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>Bimetal scores — ${escapeHtml(input.state.scope)}</title>
</head>
<body>
<header>
  <p id="summary" aria-live="polite">${escapeHtml(summaryText(input.state))}</p>
  <button id="export-csv" type="button" title="Save the records as CSV, in the table's order">Export CSV…</button>
</header>
<section aria-label="E_form against φ">
  <div class="chart"><canvas id="scatter" role="img" aria-label="Scatter of predicted E_form against the accessibility index φ, with interval bars"></canvas></div>
  <p id="chart-note" class="note"></p>
</section>
<section id="parity-section" aria-label="Parity of the labelled recipes" hidden>
  <div class="chart"><canvas id="parity" role="img" aria-label="Predicted E_form against your reference values, with interval bars"></canvas></div>
  <p id="parity-note" class="note"></p>
</section>
<section aria-label="Scored recipes">
  <div class="table-scroll"><table id="records"><thead></thead><tbody></tbody></table></div>
  <nav id="pager"></nav>
</section>
<script id="${STATE_ELEMENT_ID}" type="application/json">${jsonForScriptElement(input.state)}</script>
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
