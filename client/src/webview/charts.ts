/**
 * The panel's chart.js scatter charts (E_form–φ and parity): decimated points with interval bars,
 * theme colours, a tooltip and a click per point. Drawn once per change, never animated, so an
 * idle panel does no work.
 */
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip, type ChartDataset, type Plugin } from 'chart.js';
import type { ScatterPoint } from '../results/chartData';

Chart.register(ScatterController, LinearScale, PointElement, Tooltip, Legend);

/** A theme colour; the webview's body carries every `--vscode-*` variable of the current theme. */
export function themeColor(variable: string, fallback: string): string {
  const style = getComputedStyle(document.body);
  return style.getPropertyValue(variable).trim() || style.getPropertyValue(fallback).trim();
}

/** A dashed guide line between two points in data units (chart.js has none built in). */
export function guideLine(id: string, from: [number, number], to: [number, number], color: string): Plugin<'scatter'> {
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

/** Vertical interval bars on every drawn point (chart.js has no error bars built in). */
export function intervalBars(): Plugin<'scatter'> {
  return {
    id: 'bimetalIntervals',
    afterDatasetsDraw(c) {
      const { ctx, scales } = c;
      c.data.datasets.forEach((dataset, i) => {
        const meta = c.getDatasetMeta(i);
        if (meta.hidden) return;
        ctx.save();
        // The marker's fill (its border may be an outline colour), opaque: a bar is a graphic that must stand off the background.
        ctx.strokeStyle = String(dataset.backgroundColor);
        ctx.beginPath();
        meta.data.forEach((point, j) => {
          const raw = dataset.data[j] as ScatterPoint;
          if (!Number.isFinite(raw.yMin) || !Number.isFinite(raw.yMax)) return;
          ctx.moveTo(point.x, scales.y.getPixelForValue(raw.yMin));
          ctx.lineTo(point.x, scales.y.getPixelForValue(raw.yMax));
        });
        ctx.stroke();
        ctx.restore();
      });
    },
  };
}

export interface ScatterChartInput {
  canvas: HTMLCanvasElement;
  datasets: ChartDataset<'scatter', ScatterPoint[]>[];
  x: ReturnType<typeof axis>;
  y: ReturnType<typeof axis>;
  /** Tooltip text of a point. */
  label(point: ScatterPoint): string;
  /** A click on a point. */
  onPoint(point: ScatterPoint): void;
  plugins: Plugin<'scatter'>[];
}

export function scatterChart(input: ScatterChartInput): Chart<'scatter', ScatterPoint[]> {
  const foreground = themeColor('--vscode-charts-foreground', '--vscode-foreground');
  return new Chart<'scatter', ScatterPoint[]>(input.canvas, {
    type: 'scatter',
    data: { datasets: input.datasets },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
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

/** A series of markers in `color`; with `outline`, each is drawn in that colour round the fill (and a little larger). */
export function dataset(label: string, data: ScatterPoint[], color: string, pointStyle: 'circle' | 'triangle', outline?: string): ChartDataset<'scatter', ScatterPoint[]> {
  return { label, data, borderColor: outline ?? color, backgroundColor: color, borderWidth: 1, pointStyle, pointRadius: outline ? 4 : 3 };
}

/** A linear axis in the theme's colours; suggested (not fixed) limits, so chart.js widens them to round ticks. */
export function axis(title: string, [suggestedMin, suggestedMax]: [number, number]) {
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
