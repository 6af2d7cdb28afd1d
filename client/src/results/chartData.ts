/**
 * The scatter of E_form against φ: one point per recipe that has both, with the E_form interval as a
 * vertical error bar. In-domain and out-of-domain predictions are separate series so extrapolations
 * are visibly marked. Pure (the webview turns this into chart.js datasets).
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';

export interface ScatterPoint {
  /** φ (unitless) */
  x: number;
  /** E_form, eV/atom */
  y: number;
  /** Interval bounds of E_form, eV/atom. */
  yMin: number;
  yMax: number;
  /** Index of the record in the array the series was built from. */
  index: number;
}

export interface ScatterSeries {
  inDomain: ScatterPoint[];
  outOfDomain: ScatterPoint[];
  /** Records left out: no prediction or no φ (e.g. a recipe with errors). */
  unplotted: number;
}

export function scatterSeries(records: readonly ScoreRecord[]): ScatterSeries {
  const series: ScatterSeries = { inDomain: [], outOfDomain: [], unplotted: 0 };
  records.forEach((record, index) => {
    const phi = record.descriptors?.phi;
    const p = record.prediction;
    if (!p || phi === null || phi === undefined || !Number.isFinite(phi) || !Number.isFinite(p.eForm)) {
      series.unplotted++;
      return;
    }
    const point = { x: phi, y: p.eForm, yMin: p.lower, yMax: p.upper, index };
    (p.inDomain ? series.inDomain : series.outOfDomain).push(point);
  });
  return series;
}

/** Axis limits that include every error bar and the φ threshold line, with a little margin. */
export function scatterBounds(series: ScatterSeries, phiThreshold: number): { x: [number, number]; y: [number, number] } | undefined {
  if (series.inDomain.length + series.outOfDomain.length === 0) return undefined;
  // Loops, not Math.min(...xs): a family can have 100,000 members, beyond the argument limit.
  const x: [number, number] = [phiThreshold, phiThreshold];
  const y: [number, number] = [Infinity, -Infinity];
  for (const p of [series.inDomain, series.outOfDomain].flat()) {
    x[0] = Math.min(x[0], p.x);
    x[1] = Math.max(x[1], p.x);
    y[0] = Math.min(y[0], p.yMin, p.y);
    y[1] = Math.max(y[1], p.yMax, p.y);
  }
  return { x: padded(x), y: padded(y) };
}

function padded([low, high]: [number, number]): [number, number] {
  const margin = high > low ? (high - low) * 0.05 : 0.5;
  return [low - margin, high + margin];
}
