/**
 * Script of the results webview (bundled to `dist/webview-results.js`, run under the panel's CSP).
 * Draws the sortable table and the E_form–φ scatter from the state embedded in the page, keeps
 * the user's sort and page in `vscode.setState` (so a hidden or reloaded panel comes back as it
 * was), and asks the extension to reveal a recipe or export CSV. What is drawn comes from the pure
 * modules in ../results; this file only makes DOM nodes and chart.js objects.
 */
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip, type ChartDataset, type Plugin } from 'chart.js';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { num } from '../../../report/src/numbers';
import { scatterBounds, scatterSeries, type ScatterPoint } from '../results/chartData';
import { STATE_ELEMENT_ID } from '../results/html';
import { paritySeries } from '../results/parityData';
import { toggleSort } from '../results/sorting';
import { chooseState, parseResultsState, type ResultsState, type WebviewMessage } from '../results/state';
import { summaryText, tablePage, type CellFlag } from '../results/tableModel';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: ResultsState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

Chart.register(ScatterController, LinearScale, PointElement, Tooltip, Legend);

const vscode = acquireVsCodeApi();
const embedded = parseResultsState(JSON.parse(document.getElementById(STATE_ELEMENT_ID)?.textContent ?? 'null'));
let state: ResultsState | undefined = embedded && chooseState(vscode.getState(), embedded);
let chart: Chart<'scatter', ScatterPoint[]> | undefined;
let parityChart: Chart<'scatter', ScatterPoint[]> | undefined;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`results page has no #${id}`);
  return found as T;
}

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function saveView(next: ResultsState): void {
  state = next;
  vscode.setState(next);
  post({ type: 'viewChanged', sort: next.sort, page: next.page });
}

function reveal(record: Pick<ScoreRecord, 'file' | 'recipe'>): void {
  post({ type: 'reveal', file: record.file, recipe: record.recipe });
}

const FLAG_CLASSES: Record<CellFlag, string> = {
  outOfDomain: 'ood',
  belowThreshold: 'below-threshold',
  error: 'error',
  warning: 'warning',
};

function renderTable(current: ResultsState): void {
  const page = tablePage(current);
  const table = element<HTMLTableElement>('records');

  const headRow = document.createElement('tr');
  for (const h of page.header) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h.text;
    th.title = h.title;
    th.tabIndex = 0;
    th.setAttribute('aria-sort', h.sorted);
    if (h.numeric) th.classList.add('num');
    const sortBy = () => saveAndRender({ ...current, sort: toggleSort(current.sort, h.id), page: 0 });
    th.addEventListener('click', sortBy);
    th.addEventListener('keydown', (e) => onActivateKey(e, sortBy));
    headRow.append(th);
  }
  table.tHead!.replaceChildren(headRow);

  const body = table.tBodies[0];
  body.replaceChildren(
    ...page.rows.map((row) => {
      const tr = document.createElement('tr');
      tr.tabIndex = 0;
      tr.title = `${row.file} — click to reveal ${row.recipe}`;
      for (const cell of row.cells) {
        const td = document.createElement('td');
        td.textContent = cell.text;
        if (cell.title) td.title = cell.title;
        if (cell.numeric) td.classList.add('num');
        for (const flag of cell.flags) td.classList.add(FLAG_CLASSES[flag]);
        tr.append(td);
      }
      tr.addEventListener('click', () => reveal(row));
      tr.addEventListener('keydown', (e) => onActivateKey(e, () => reveal(row)));
      return tr;
    }),
  );

  const pager = element<HTMLElement>('pager');
  const label = document.createElement('span');
  label.textContent = page.total ? `rows ${page.first}–${page.last} of ${page.total}` : 'no recipes';
  const previous = pagerButton('‹ previous', page.page > 0, () => saveAndRender({ ...current, page: page.page - 1 }));
  const next = pagerButton('next ›', page.page < page.pageCount - 1, () => saveAndRender({ ...current, page: page.page + 1 }));
  pager.replaceChildren(...(page.pageCount > 1 ? [previous, label, next] : [label]));
}

function pagerButton(text: string, enabled: boolean, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = text;
  button.disabled = !enabled;
  button.addEventListener('click', onClick);
  return button;
}

function onActivateKey(event: KeyboardEvent, action: () => void): void {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  action();
}

function saveAndRender(next: ResultsState): void {
  saveView(next);
  renderTable(next);
}

/** A theme colour; the webview's body carries every `--vscode-*` variable of the current theme. */
function themeColor(variable: string, fallback: string): string {
  const style = getComputedStyle(document.body);
  return style.getPropertyValue(variable).trim() || style.getPropertyValue(fallback).trim();
}

/** A dashed guide line between two points in data units (chart.js has none built in). */
function guideLine(id: string, from: [number, number], to: [number, number], color: string): Plugin<'scatter'> {
  return {
    id,
    beforeDatasetsDraw(c) {
      const { ctx, chartArea, scales } = c;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
      ctx.clip();
      ctx.strokeStyle = color;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(scales.x.getPixelForValue(from[0]), scales.y.getPixelForValue(from[1]));
      ctx.lineTo(scales.x.getPixelForValue(to[0]), scales.y.getPixelForValue(to[1]));
      ctx.stroke();
      ctx.restore();
    },
  };
}

/** The φ threshold as a vertical dashed line across the whole E_form range. */
function thresholdLine(phiThreshold: number): Plugin<'scatter'> {
  return guideLine('bimetalThreshold', [phiThreshold, -1e6], [phiThreshold, 1e6], themeColor('--vscode-charts-red', '--vscode-errorForeground'));
}

/** Vertical E_form interval bars on every point (chart.js has no error bars built in). */
function intervalBars(): Plugin<'scatter'> {
  return {
    id: 'bimetalIntervals',
    afterDatasetsDraw(c) {
      const { ctx, scales } = c;
      c.data.datasets.forEach((dataset, i) => {
        const meta = c.getDatasetMeta(i);
        if (meta.hidden) return;
        ctx.save();
        ctx.strokeStyle = String(dataset.borderColor);
        ctx.globalAlpha = 0.5;
        ctx.beginPath();
        meta.data.forEach((point, j) => {
          const raw = dataset.data[j] as ScatterPoint;
          ctx.moveTo(point.x, scales.y.getPixelForValue(raw.yMin));
          ctx.lineTo(point.x, scales.y.getPixelForValue(raw.yMax));
        });
        ctx.stroke();
        ctx.restore();
      });
    },
  };
}

function renderChart(current: ResultsState): void {
  const series = scatterSeries(current.records);
  const bounds = scatterBounds(series, current.phiThreshold);
  const unplotted = series.unplotted ? `${series.unplotted} without E_form or φ not plotted. ` : '';
  element('chart-note').textContent =
    `${unplotted}Bars: E_form interval. Dashed line: φ threshold ${num(current.phiThreshold)} (recipes left of it are flagged as hard to synthesize). Click a point to reveal its recipe.`;
  chart?.destroy();
  chart = undefined;
  if (!bounds) return;
  chart = scatterChart({
    canvas: 'scatter',
    datasets: [
      dataset('in domain', series.inDomain, themeColor('--vscode-charts-blue', '--vscode-foreground'), 'circle'),
      dataset('out of domain', series.outOfDomain, themeColor('--vscode-charts-orange', '--vscode-editorWarning-foreground'), 'triangle'),
    ],
    x: axis('φ (accessibility index)', bounds.x),
    y: axis('E_form (eV/atom)', bounds.y),
    label: (point) => `${current.records[point.index].recipe}: E_form ${num(point.y)} [${num(point.yMin)}, ${num(point.yMax)}] eV/atom, φ ${num(point.x)}`,
    onPoint: (point) => reveal(current.records[point.index]),
    plugins: [intervalBars(), thresholdLine(current.phiThreshold)],
  });
}

interface ScatterChartInput {
  canvas: string;
  datasets: ChartDataset<'scatter', ScatterPoint[]>[];
  x: ReturnType<typeof axis>;
  y: ReturnType<typeof axis>;
  /** Tooltip text of a point. */
  label(point: ScatterPoint): string;
  /** A click on a point. */
  onPoint(point: ScatterPoint): void;
  plugins: Plugin<'scatter'>[];
}

/** The panel's scatter charts: points with interval bars, theme colours, a tooltip and a click per point. */
function scatterChart(input: ScatterChartInput): Chart<'scatter', ScatterPoint[]> {
  const foreground = themeColor('--vscode-charts-foreground', '--vscode-foreground');
  return new Chart<'scatter', ScatterPoint[]>(element<HTMLCanvasElement>(input.canvas), {
    type: 'scatter',
    data: { datasets: input.datasets },
    options: {
      animation: false,
      parsing: false,
      maintainAspectRatio: false,
      scales: { x: input.x, y: input.y },
      plugins: {
        legend: { labels: { color: foreground, usePointStyle: true } },
        tooltip: { callbacks: { label: (item) => input.label(item.raw as ScatterPoint) } },
      },
      onClick: (_event, elements, c) => {
        const hit = elements[0];
        const point = hit && (c.data.datasets[hit.datasetIndex].data[hit.index] as ScatterPoint | undefined);
        if (point) input.onPoint(point);
      },
    },
    plugins: input.plugins,
  });
}

function dataset(label: string, data: ScatterPoint[], color: string, pointStyle: 'circle' | 'triangle'): ChartDataset<'scatter', ScatterPoint[]> {
  return { label, data, borderColor: color, backgroundColor: color, pointStyle, pointRadius: 3 };
}

/** A linear axis in the theme's colours; suggested (not fixed) limits, so chart.js widens them to round ticks. */
function axis(title: string, [suggestedMin, suggestedMax]: [number, number]) {
  const foreground = themeColor('--vscode-charts-foreground', '--vscode-foreground');
  return {
    type: 'linear' as const,
    suggestedMin,
    suggestedMax,
    title: { display: true, text: title, color: foreground },
    ticks: { color: foreground },
    grid: { color: themeColor('--vscode-charts-lines', '--vscode-panel-border') },
  };
}

/** Predicted against reference for the labelled recipes on show; hidden when none has a label. */
function renderParity(current: ResultsState): void {
  parityChart?.destroy();
  parityChart = undefined;
  const series = paritySeries(current.records);
  element('parity-section').hidden = !series;
  if (!series) return;
  element('parity-note').textContent =
    `${series.points.length} labelled recipes: MAE ${num(series.meanAbsoluteError, 3)} eV/atom, ${Math.round(series.covered * 100)} % of references inside their interval. Dashed line: prediction = reference. Click a point to reveal its recipe.`;
  parityChart = scatterChart({
    canvas: 'parity',
    datasets: [dataset('labelled recipes', series.points, themeColor('--vscode-charts-green', '--vscode-foreground'), 'circle')],
    x: axis('your E_form (eV/atom)', series.range),
    y: axis('predicted E_form (eV/atom)', series.range),
    label: (point) => `${current.records[point.index].recipe}: yours ${num(point.x, 3)}, predicted ${num(point.y, 3)} [${num(point.yMin)}, ${num(point.yMax)}] eV/atom`,
    onPoint: (point) => reveal(current.records[point.index]),
    plugins: [
      intervalBars(),
      guideLine('bimetalDiagonal', [series.range[0], series.range[0]], [series.range[1], series.range[1]], themeColor('--vscode-charts-foreground', '--vscode-foreground')),
    ],
  });
}

function render(): void {
  if (!state) {
    element('summary').textContent = 'These results could not be restored. Run "Bimetal: Score Workspace" again.';
    element<HTMLButtonElement>('export-csv').disabled = true;
    return;
  }
  saveView(state); // the extension learns the sort this page starts with (it may be a saved one)
  element('summary').textContent = summaryText(state);
  renderTable(state);
  renderChart(state);
  renderParity(state);
}

element('export-csv').addEventListener('click', () => post({ type: 'exportCsv' }));
// A theme switch changes the body's class and the --vscode-* variables: redraw with the new colours.
new MutationObserver(() => {
  if (!state) return;
  renderChart(state);
  renderParity(state);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });
render();
