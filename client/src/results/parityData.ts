/**
 * The parity plot of the labelled recipes: the user's reference E_form (x) against the prediction
 * on show (y, calibrated when a calibration applies) with its interval as a bar. Points on the
 * diagonal are perfect; bars crossing it cover the reference. Pure (the webview draws it).
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import type { ScatterPoint } from './chartData';

export interface ParitySeries {
  points: ScatterPoint[];
  /** One range for both axes, so the diagonal is the 45° line. */
  range: [number, number];
  /** Share of references inside their interval. */
  covered: number;
  meanAbsoluteError: number;
}

export function paritySeries(records: readonly ScoreRecord[]): ParitySeries | undefined {
  const points: ScatterPoint[] = [];
  records.forEach((r, index) => {
    const p = r.prediction;
    if (r.reference === undefined || !p || !Number.isFinite(p.eForm)) return;
    points.push({ x: r.reference, y: p.eForm, yMin: p.lower, yMax: p.upper, index });
  });
  if (points.length === 0) return undefined;
  let low = Infinity;
  let high = -Infinity;
  let covered = 0;
  let error = 0;
  for (const p of points) {
    low = Math.min(low, p.x, p.y, Number.isFinite(p.yMin) ? p.yMin : p.y);
    high = Math.max(high, p.x, p.y, Number.isFinite(p.yMax) ? p.yMax : p.y);
    if (p.x >= p.yMin && p.x <= p.yMax) covered++;
    error += Math.abs(p.x - p.y);
  }
  const margin = high > low ? (high - low) * 0.05 : 0.5;
  return { points, range: [low - margin, high + margin], covered: covered / points.length, meanAbsoluteError: error / points.length };
}
