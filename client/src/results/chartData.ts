/**
 * The scatter of E_form against φ: one point per recipe that has both, with the E_form interval as a
 * vertical error bar. In-domain and out-of-domain predictions are separate series so extrapolations
 * are visibly marked. Pure (the webview turns this into chart.js datasets).
 *
 * A 100,000-member family cannot be drawn point by point without stalling the page, and most of
 * those points would land on the same few pixels anyway. So the points are decimated on a grid of
 * cells about one marker wide: each occupied cell keeps one point, the lowest E_form in it (the
 * member a chemist looks for). Every occupied cell is still drawn, so the cloud's shape, extent
 * and outliers are exactly what the full scatter shows.
 */
import { boundsText, num } from '../../../report/src/numbers';
import { DOMAIN_IN, DOMAIN_OUT, type RowStore } from './columnar';

export interface ScatterPoint {
  x: number;
  y: number;
  /** Interval bounds of y; NaN where the interval is unbounded (BM405: the point exists, so no bound is missing). */
  yMin: number;
  yMax: number;
  /** Row of the point in the store. */
  index: number;
}

/** The E_form–φ chart's tooltip for the point of `recipe`. */
export function scatterTooltip(recipe: string, p: ScatterPoint): string {
  return `${recipe}: E_form ${num(p.y)} ${boundsText({ lower: p.yMin, upper: p.yMax })} eV/atom, φ ${num(p.x)}`;
}

/**
 * The parity chart's tooltip for the point of `recipe`; `heldOut` when the prediction is the
 * label's held-out one (the calibration fitted without it), so the gap is read as a held-out error.
 */
export function parityTooltip(recipe: string, p: ScatterPoint, heldOut = false): string {
  return `${recipe}: reference ${num(p.x, 3)}, predicted ${heldOut ? '(held out) ' : ''}${num(p.y, 3)} ${boundsText({ lower: p.yMin, upper: p.yMax })} eV/atom`;
}

export interface ScatterSeries {
  inDomain: ScatterPoint[];
  outOfDomain: ScatterPoint[];
  /** Rows left out: no prediction or no φ (a recipe with errors; a bare core, whose φ is undefined: columnar.ts). */
  unplotted: number;
  /** Rows plotted before decimation. */
  plotted: number;
}

export interface Bounds {
  x: [number, number];
  y: [number, number];
}

/** Grid of the decimation, in cells; about one 6-pixel marker per cell on a ~700 × 320 chart. */
export const DECIMATION_GRID = { columns: 120, rows: 60 };

/** The rows' points, decimated to one per grid cell and series. */
export function scatterSeries(store: RowStore, rows: Uint32Array, phiThreshold: number, grid = DECIMATION_GRID): { series: ScatterSeries; bounds: Bounds | undefined } {
  let unplotted = 0;
  const plottable: number[] = [];
  for (const i of rows) {
    if (Number.isNaN(store.phi[i]) || Number.isNaN(store.eForm[i]) || (store.inDomain[i] !== DOMAIN_IN && store.inDomain[i] !== DOMAIN_OUT)) unplotted++;
    else plottable.push(i);
  }
  const bounds = plotBounds(plottable, store.phi, store.eForm, store.lower, store.upper, [phiThreshold, phiThreshold]);
  const series: ScatterSeries = { inDomain: [], outOfDomain: [], unplotted, plotted: plottable.length };
  if (!bounds) return { series, bounds };
  const point = (i: number): ScatterPoint => ({ x: store.phi[i], y: store.eForm[i], yMin: store.lower[i], yMax: store.upper[i], index: i });
  const inside = plottable.filter((i) => store.inDomain[i] === DOMAIN_IN);
  const outside = plottable.filter((i) => store.inDomain[i] === DOMAIN_OUT);
  series.inDomain = decimate(inside, store.phi, store.eForm, bounds, grid).map(point);
  series.outOfDomain = decimate(outside, store.phi, store.eForm, bounds, grid).map(point);
  return { series, bounds };
}

/**
 * One row per occupied grid cell (the one with the lowest y), in the order the cells were first
 * met. Rows outside the bounds are kept in the edge cells.
 */
export function decimate(rows: readonly number[], xs: Float64Array, ys: Float64Array, bounds: Bounds, grid = DECIMATION_GRID): number[] {
  const best = new Map<number, number>();
  const [x0, x1] = bounds.x;
  const [y0, y1] = bounds.y;
  const cellOf = (value: number, low: number, high: number, cells: number) => Math.min(cells - 1, Math.max(0, Math.floor(((value - low) / (high - low || 1)) * cells)));
  for (const i of rows) {
    const cell = cellOf(ys[i], y0, y1, grid.rows) * grid.columns + cellOf(xs[i], x0, x1, grid.columns);
    const kept = best.get(cell);
    if (kept === undefined || ys[i] < ys[kept]) best.set(cell, i);
  }
  return [...best.values()];
}

/**
 * Axis limits that include every point, every finite error bar and `xAlso` (e.g. the φ threshold
 * line), with a little margin. Loops, not Math.min(...xs): 100,000 arguments exceed the limit.
 */
export function plotBounds(rows: readonly number[], xs: Float64Array, ys: Float64Array, lows: Float64Array, highs: Float64Array, xAlso?: [number, number]): Bounds | undefined {
  if (rows.length === 0) return undefined;
  const x: [number, number] = xAlso ? [...xAlso] : [Infinity, -Infinity];
  const y: [number, number] = [Infinity, -Infinity];
  for (const i of rows) {
    x[0] = Math.min(x[0], xs[i]);
    x[1] = Math.max(x[1], xs[i]);
    y[0] = Math.min(y[0], ys[i], Number.isFinite(lows[i]) ? lows[i] : ys[i]);
    y[1] = Math.max(y[1], ys[i], Number.isFinite(highs[i]) ? highs[i] : ys[i]);
  }
  return { x: padded(x), y: padded(y) };
}

export function padded([low, high]: [number, number]): [number, number] {
  const margin = high > low ? (high - low) * 0.05 : 0.5;
  return [low - margin, high + margin];
}
