/**
 * Script of the results webview (bundled to `dist/webview-results.js`, run under the panel's CSP).
 * It says `ready`, receives the rows as columnar chunks (results/columnar.ts), and draws the
 * filtered, two-key-sorted virtual table with the decimated E_form–φ scatter, the host × dopant
 * heatmap, the parity view and the recipe detail. It keeps only its view (sort, filters, tab) in
 * `vscode.setState`. What is drawn comes from the pure modules in ../results; the files here make
 * DOM nodes, chart.js and three.js objects. Nothing runs on a timer: an idle panel does no work.
 */
import type { Chart } from 'chart.js';
import { num, readNum } from '../../../report/src/numbers';
import { parityTooltip, scatterSeries, scatterTooltip, type ScatterPoint } from '../results/chartData';
import { RowStore } from '../results/columnar';
import { markerColours } from '../results/contrast';
import { detailModel, isRecipeDetail, type DetailModel } from '../results/detailModel';
import { families, heatmap, HEATMAP_METRICS, type HeatmapMetric } from '../results/heatmapData';
import { VIEW_ELEMENT_ID } from '../results/html';
import { parityNote, paritySeries } from '../results/parityData';
import { toggleSort } from '../results/sorting';
import { parseViewState, type PanelMessage, type Tab, TABS, type ViewState, type WebviewMessage } from '../results/state';
import { headerCells, NO_FILTERS, visibleRows } from '../results/tableModel';
import { axis, dataset, guideLine, intervalBars, scatterChart, themeColor } from './charts';
import { clearDetail, drawDetail } from './detailView';
import { drawHeatmap } from './heatmapView';
import { VirtualTable } from './table';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const embedded = parseViewState(JSON.parse(document.getElementById(VIEW_ELEMENT_ID)?.textContent ?? 'null'));
const saved = parseViewState(vscode.getState());
/** The user's own saved view for this run (a hidden panel shown again), else what the extension sent. */
let view: ViewState | undefined = saved && embedded && saved.runId === embedded.runId ? saved : embedded;
let store: RowStore | undefined;
let visible: Uint32Array = new Uint32Array(0);
let scatter: Chart<'scatter', ScatterPoint[]> | undefined;
let parity: Chart<'scatter', ScatterPoint[]> | undefined;
let detail: DetailModel | undefined;
/** The row whose detail was asked for last: an answer for an earlier click, arriving later, is not shown under it. */
let detailAsked: number | undefined;
/** The row the detail view was opened from: Escape or Back focuses it again. */
let detailFrom: number | undefined;
/**
 * Where the table of a page shown again was scrolled (px), until it is scrolled there: a hidden
 * table does not scroll, so a page shown again on another tab scrolls it once the Table tab is
 * shown. 0 once done, or once new rows or another order made the position mean other rows.
 */
let scrollShownAgain = view?.scrollTop ?? 0;
let filterTimer: ReturnType<typeof setTimeout> | undefined;
let chartTimer: ReturnType<typeof setTimeout> | undefined;
/** Milliseconds a filter edit waits for the next keystroke before the table is recomputed. */
const FILTER_DELAY_MS = 150;
/** The range fields by what their labels say, for the message about a bound that is no number. */
const BOUND_NAMES = { 'filter-phi-min': 'φ from', 'filter-phi-max': 'φ to', 'filter-eform-min': 'E_form from', 'filter-eform-max': 'E_form to' } as const;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`results page has no #${id}`);
  return found as T;
}

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function saveView(): void {
  if (!view) return;
  vscode.setState(view);
  post({ type: 'viewChanged', view });
}

const table = new VirtualTable(element('table-scroll'), element<HTMLTableElement>('records'), {
  sortBy: (column, secondary) => {
    if (!view) return;
    view = { ...view, sort: toggleSort(view.sort, column, secondary) };
    saveView();
    refresh(true);
  },
  reveal: (row) => reveal(row),
  detail: (row) => askDetail(row),
  want: (rows) => {
    if (store) for (let i = 0; i < rows.length; i += 200) post({ type: 'cellsWanted', runId: store.begin.run.runId, rows: rows.slice(i, i + 200) });
  },
  name: (row) => store?.recipe[row] ?? '',
  scrolled: (scrollTop) => keepScrollTop(scrollTop),
});

/** Where the table is scrolled, kept for a page shown again, not told to the extension: a new run starts at the top. */
function keepScrollTop(scrollTop: number): void {
  if (!view || view.scrollTop === scrollTop) return;
  view = { ...view, scrollTop };
  vscode.setState(view);
}

function reveal(row: number): void {
  if (store) post({ type: 'reveal', runId: store.begin.run.runId, row });
}

/** The user asked for the detail of `row`: the Detail tab shows it, and keeps it for a page shown again. */
function askDetail(row: number): void {
  if (!store || !view) return;
  requestDetail(row);
  view = { ...view, detailRow: row };
  showTab('detail');
  // The (i) button that had focus is hidden with the table: focus goes to the view it opened
  // (its heading once the detail is drawn), not to the page.
  element('detail-back').focus();
}

/** Asks the extension for the detail of `row`, and says so in the Detail tab. */
function requestDetail(row: number): void {
  if (!store) return;
  detailAsked = row;
  detailFrom = row;
  // The detail on show is another recipe's: under this one's note it would read as this one's.
  detail = undefined;
  clearDetail(element('detail'));
  post({ type: 'detail', runId: store.begin.run.runId, row });
  element('detail-note').textContent = `Computing the detail of ${store.recipe[row]} (attribution runs the model 2^9 times)…`;
}

/**
 * The Detail tab on show in a page shown again (VS Code discards a hidden page, and the detail it
 * drew with it): the detail it showed is asked for again, once the rows are in.
 */
function detailShownAgain(): void {
  if (!view || !store?.complete || view.tab !== 'detail' || detailAsked !== undefined || view.detailRow === null || view.detailRow >= store.length) return;
  requestDetail(view.detailRow);
}

/** Back from the detail view (Escape or its Back button): the table, focus on the row it came from. */
function backToTable(): void {
  showTab('table');
  if (detailFrom === undefined || !table.focusRow(detailFrom)) element('tab-table').focus();
}

/** Filters or sort changed, or new rows arrived: the visible rows, then the active view. */
function refresh(resetScroll: boolean): void {
  if (!store || !view) return;
  if (resetScroll) {
    // The position means other rows now. The table, if hidden (another tab), neither scrolls nor says so: kept as the top here.
    scrollShownAgain = 0;
    keepScrollTop(0);
  }
  visible = visibleRows(store, view.filters, view.sort);
  table.setHeader(headerCells(view.sort));
  table.setRows(visible, resetScroll);
  element('filter-count').textContent = `${visible.length.toLocaleString('en-US')} of ${store.length.toLocaleString('en-US')} rows`;
  // The chart in a task of its own: sorting 100,000 rows and drawing their chart in one would be one long task.
  clearTimeout(chartTimer);
  chartTimer = setTimeout(drawTab, 0);
}

function showTab(tab: Tab): void {
  if (!view) return;
  view = { ...view, tab };
  saveView();
  for (const t of TABS) {
    element(`view-${t}`).hidden = t !== tab;
    element(`tab-${t}`).setAttribute('aria-selected', String(t === tab));
    element(`tab-${t}`).tabIndex = t === tab ? 0 : -1;
  }
  detailShownAgain();
  scrollBack();
  drawTab();
}

/** A page shown again: its table back where it was, once all its rows are in and the Table tab is on show. */
function scrollBack(): void {
  if (!store?.complete || view?.tab !== 'table' || scrollShownAgain === 0) return;
  table.scrollTo(scrollShownAgain);
  scrollShownAgain = 0;
}

function drawTab(): void {
  if (!store || !view) return;
  if (view.tab === 'table') drawScatter(store);
  if (view.tab === 'heatmap') drawHeatmapTab(store);
  if (view.tab === 'parity') drawParity(store);
  // Redrawn on show: the theme may have changed while the detail was hidden.
  if (view.tab === 'detail' && detail) drawDetail(element('detail'), detail);
}

function drawScatter(rows: RowStore): void {
  const phiThreshold = rows.begin.run.phiThreshold;
  const { series, bounds } = scatterSeries(rows, visible, phiThreshold);
  const unplotted = series.unplotted ? `${series.unplotted.toLocaleString('en-US')} without E_form or φ not plotted. ` : '';
  const shown = series.inDomain.length + series.outOfDomain.length;
  const decimated = shown < series.plotted ? `${series.plotted.toLocaleString('en-US')} recipes drawn as ${shown.toLocaleString('en-US')} points (the lowest E_form per marker-sized cell). ` : '';
  element('chart-note').textContent =
    `${decimated}${unplotted}Bars: E_form interval. Dashed line: φ threshold ${num(phiThreshold)} (recipes left of it are flagged as hard to synthesize). Click a point to reveal its recipe.`;
  scatter?.destroy();
  scatter = undefined;
  if (!bounds) return;
  // Themes give charts-orange translucent (Dark and Light Modern: 33 % alpha), nearly invisible as
  // a small marker: drawn opaque, outlined in a colour that stands 3:1 off the background.
  const outOfDomain = markerColours(
    themeColor('--vscode-charts-orange', '--vscode-editorWarning-foreground'),
    themeColor('--vscode-charts-foreground', '--vscode-foreground'),
    themeColor('--vscode-editor-background', '--vscode-sideBar-background'),
  );
  scatter = scatterChart({
    canvas: element<HTMLCanvasElement>('scatter'),
    datasets: [
      dataset('in domain', series.inDomain, themeColor('--vscode-charts-blue', '--vscode-foreground'), 'circle'),
      dataset('out of domain', series.outOfDomain, outOfDomain.fill, 'triangle', outOfDomain.outline),
    ],
    x: axis('φ (accessibility index)', bounds.x),
    y: axis('E_form (eV/atom)', bounds.y),
    label: (p) => scatterTooltip(rows.recipe[p.index], p),
    onPoint: (p) => reveal(p.index),
    plugins: [intervalBars(), guideLine('bimetalThreshold', [phiThreshold, -1e6], [phiThreshold, 1e6], themeColor('--vscode-charts-red', '--vscode-errorForeground'))],
  });
}

function drawParity(rows: RowStore): void {
  parity?.destroy();
  parity = undefined;
  const series = paritySeries(rows, visible);
  if (!series) {
    element('parity-note').textContent = 'No recipe on show has a reference energy (`energy … eV`) to compare with.';
    return;
  }
  element('parity-note').textContent = parityNote(series);
  parity = scatterChart({
    canvas: element<HTMLCanvasElement>('parity'),
    datasets: [dataset('labelled recipes', series.points, themeColor('--vscode-charts-green', '--vscode-foreground'), 'circle')],
    x: axis('reference E_form (eV/atom)', series.range),
    y: axis(series.heldOut === series.labelled ? 'held-out predicted E_form (eV/atom)' : 'predicted E_form (eV/atom)', series.range),
    label: (p) => parityTooltip(rows.recipe[p.index], p, rows.heldOut[p.index] === 1),
    onPoint: (p) => reveal(p.index),
    plugins: [intervalBars(), guideLine('bimetalDiagonal', [series.range[0], series.range[0]], [series.range[1], series.range[1]], themeColor('--vscode-charts-foreground', '--vscode-foreground'))],
  });
}

function drawHeatmapTab(rows: RowStore): void {
  if (!view) return;
  const list = families(rows, visible);
  const familySelect = element<HTMLSelectElement>('heatmap-family');
  familySelect.replaceChildren(...list.map((f) => new Option(`${f.name} (${f.members.toLocaleString('en-US')})`, f.name)));
  const family = list.some((f) => f.name === view!.heatmap.family) ? view.heatmap.family : (list[0]?.name ?? '');
  familySelect.value = family;
  element<HTMLSelectElement>('heatmap-metric').value = view.heatmap.metric;
  const map = heatmap(rows, visible, family, view.heatmap.metric);
  const metric = HEATMAP_METRICS.find((m) => m.id === view!.heatmap.metric)!;
  const highContrast = isHighContrast();
  drawHeatmap(element<HTMLTableElement>('heatmap'), map, view.heatmap.metric, {
    best: themeColor('--vscode-charts-green', '--vscode-foreground'),
    worst: themeColor('--vscode-charts-red', '--vscode-errorForeground'),
    foreground: themeColor('--vscode-editor-foreground', '--vscode-foreground'),
    background: themeColor('--vscode-editor-background', '--vscode-sideBar-background'),
    highContrast,
  }, reveal);
  element('heatmap-note').textContent = map.range
    ? `${family}: ${metric.best} ${metric.label}${metric.unit ? ` (${metric.unit})` : ''} per host and dopant over the family's other choices (counts, ligands)${highContrast ? '' : ', green best'}. Click a cell (or focus it and press Enter) to reveal that member.`
    : `${family || 'No family'}: no member has a ${metric.label} to map.`;
}

/** VS Code marks high-contrast themes (dark and light) with this class on the body. */
function isHighContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

function onMessage(message: PanelMessage): void {
  switch (message.type) {
    case 'begin': {
      store = new RowStore(message);
      table.clearCells();
      if (view) view = { ...view, runId: message.run.runId };
      const select = element<HTMLSelectElement>('filter-element');
      // An element filtered on that this run lacks stays listed, so the filter that empties the table shows.
      const filtered = view?.filters.element ?? '';
      const listed = new Set(filtered ? [...message.elements, filtered] : message.elements);
      select.replaceChildren(new Option('any', ''), ...[...listed].sort().map((e) => new Option(e, e)));
      select.value = filtered;
      element('filter-count').textContent = `receiving ${message.run.total.toLocaleString('en-US')} rows…`;
      // Until the last row is in, the table's rows are not known: an export would save none.
      element<HTMLButtonElement>('export-csv').disabled = true;
      return;
    }
    case 'rows':
      store?.append(message);
      return;
    case 'end':
      if (store?.begin.run.runId !== message.runId) return;
      element<HTMLButtonElement>('export-csv').disabled = false;
      refresh(false);
      // A page shown again comes back where the user left it (for a new run, the extension sent 0 and no detail).
      scrollBack();
      detailShownAgain();
      return;
    case 'cells':
      if (store?.begin.run.runId === message.runId) table.addCells(message.rows);
      return;
    case 'detail':
      if (store?.begin.run.runId !== message.runId || message.row !== detailAsked) return;
      if (!isRecipeDetail(message.detail)) {
        const why = message.failure ?? 'its file is not open or it is no longer in it. Score again to refresh';
        element('detail-note').textContent = `No detail for ${store.recipe[message.row]}: ${why.replace(/\.$/, '')}.`;
        return;
      }
      detail = detailModel(message.detail);
      element('detail-note').textContent = `Detail of ${detail.recipe}. Escape or Back returns to the table.`;
      drawDetail(element('detail'), detail);
      // Focus the heading (announced) unless the user has gone elsewhere meanwhile.
      if (view?.tab === 'detail' && (document.activeElement === document.body || element('view-detail').contains(document.activeElement))) {
        element('detail').querySelector<HTMLElement>('h2')?.focus();
      }
      return;
    case 'notice': {
      const notice = element('notice');
      notice.textContent = message.text;
      notice.hidden = false;
      return;
    }
    case 'unlisted':
      element('unlisted-text').textContent = message.text;
      element('unlisted').hidden = message.text === '';
      return;
  }
}

/** The filter form reflects the view, and edits to it change the view. */
function wireFilters(): void {
  if (!view) return;
  const f = view.filters;
  const number = (id: string, value: number | null) => (element<HTMLInputElement>(id).value = value === null ? '' : String(value));
  element<HTMLInputElement>('filter-text').value = f.text;
  element<HTMLSelectElement>('filter-domain').value = f.domain;
  number('filter-phi-min', f.phi[0]);
  number('filter-phi-max', f.phi[1]);
  number('filter-eform-min', f.eForm[0]);
  number('filter-eform-max', f.eForm[1]);
  // Text fields, not number ones: a number field takes "−0.30" as the table writes it (U+2212) for
  // nothing, silently; readNum reads it, and what is no number is marked and said in words
  // (#filter-error, which the field's aria-describedby names), not quietly ignored.
  let invalid: string[] = [];
  const read = (id: keyof typeof BOUND_NAMES) => {
    const input = element<HTMLInputElement>(id);
    const value = readNum(input.value);
    const ok = value === null || Number.isFinite(value);
    if (ok) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    } else {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'filter-error');
      invalid.push(BOUND_NAMES[id]);
    }
    return ok ? value : null;
  };
  const form = element<HTMLFormElement>('filters');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('input', () => {
    if (!view) return;
    invalid = [];
    view = {
      ...view,
      filters: {
        text: element<HTMLInputElement>('filter-text').value,
        element: element<HTMLSelectElement>('filter-element').value,
        domain: element<HTMLSelectElement>('filter-domain').value as ViewState['filters']['domain'],
        phi: [read('filter-phi-min'), read('filter-phi-max')],
        eForm: [read('filter-eform-min'), read('filter-eform-max')],
      },
    };
    const error = element('filter-error');
    const message = invalid.length ? `⚠ ${invalid.join(', ')}: ${invalid.length === 1 ? 'not a number' : 'not numbers'}, ignored.` : '';
    if (error.textContent !== message) error.textContent = message;
    error.hidden = message === '';
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      saveView();
      refresh(true);
    }, FILTER_DELAY_MS);
  });
}

function start(): void {
  if (!view) {
    element('summary').textContent = 'These results could not be restored: run the command that opened them again.';
    element<HTMLButtonElement>('export-csv').disabled = true;
    return;
  }
  view = { ...view, filters: view.filters ?? NO_FILTERS };
  wireFilters();
  for (const t of TABS) element(`tab-${t}`).addEventListener('click', () => showTab(t));
  // The tab pattern: one tab stop; Left/Right (wrapping), Home and End move to a tab and show it.
  element('tab-table').parentElement!.addEventListener('keydown', (e) => {
    const at = TABS.indexOf((e.target as HTMLElement).dataset.tab as Tab);
    if (at < 0) return;
    const to = { ArrowRight: (at + 1) % TABS.length, ArrowLeft: (at + TABS.length - 1) % TABS.length, Home: 0, End: TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    showTab(TABS[to]);
    element(`tab-${TABS[to]}`).focus();
  });
  element('detail-back').addEventListener('click', backToTable);
  element('view-detail').addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    backToTable();
  });
  const metric = element<HTMLSelectElement>('heatmap-metric');
  metric.replaceChildren(...HEATMAP_METRICS.map((m) => new Option(m.unit ? `${m.label} (${m.unit})` : m.label, m.id)));
  const changeHeatmap = () => {
    if (!view) return;
    view = { ...view, heatmap: { family: element<HTMLSelectElement>('heatmap-family').value, metric: metric.value as HeatmapMetric } };
    saveView();
    drawTab();
  };
  metric.addEventListener('change', changeHeatmap);
  element('heatmap-family').addEventListener('change', changeHeatmap);
  element('show-problems').addEventListener('click', () => post({ type: 'showProblems' }));
  element('export-csv').addEventListener('click', () => {
    if (store) post({ type: 'exportCsv', runId: store.begin.run.runId, rows: Array.from(visible) });
  });
  window.addEventListener('message', (event: MessageEvent<PanelMessage>) => onMessage(event.data));
  // A theme switch changes the body's class and the --vscode-* variables: redraw with the new colours.
  new MutationObserver(() => drawTab()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  showTab(view.tab);
  post({ type: 'ready' });
}

start();
