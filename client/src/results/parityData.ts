/**
 * The parity view of the labelled recipes: the recipe's reference E_form (`energy`, x) against
 * the prediction on show (y, calibrated when a calibration applies: then each label's held-out
 * prediction, from the calibration fitted without it) with its interval as a bar. Points on the
 * diagonal are perfect; bars crossing it cover the reference. Decimated like the scatter
 * (chartData.ts), but the statistics count every labelled row. Pure (the webview draws it).
 */
import { num } from '../../../report/src/numbers';
import { decimate, padded, type ScatterPoint } from './chartData';
import type { RowStore } from './columnar';

export interface ParitySeries {
  points: ScatterPoint[];
  /** One range for both axes, so the diagonal is the 45° line. */
  range: [number, number];
  /** Labelled rows with a prediction (before decimation). */
  labelled: number;
  /** Share of references inside their interval. */
  covered: number;
  /** Labelled rows whose interval is unbounded both ways (beyond BM413): covered whatever their reference. */
  unbounded: number;
  meanAbsoluteError: number;
  /** Labelled rows whose prediction is the label's held-out one (RowColumns.heldOut). */
  heldOut: number;
}

export function paritySeries(store: RowStore, rows: Uint32Array): ParitySeries | undefined {
  const labelled: number[] = [];
  for (const i of rows) if (!Number.isNaN(store.reference[i]) && !Number.isNaN(store.eForm[i])) labelled.push(i);
  if (labelled.length === 0) return undefined;
  let low = Infinity;
  let high = -Infinity;
  let covered = 0;
  let error = 0;
  let heldOut = 0;
  let unbounded = 0;
  for (const i of labelled) {
    heldOut += store.heldOut[i];
    const [x, y, yMin, yMax] = [store.reference[i], store.eForm[i], store.lower[i], store.upper[i]];
    low = Math.min(low, x, y, Number.isFinite(yMin) ? yMin : y);
    high = Math.max(high, x, y, Number.isFinite(yMax) ? yMax : y);
    // A labelled row has a prediction, so a bound that is not a number is unbounded (BM405) and holds every reference.
    if (!(x < yMin) && !(x > yMax)) covered++;
    if (!Number.isFinite(yMin) && !Number.isFinite(yMax)) unbounded++;
    error += Math.abs(x - y);
  }
  const range = padded([low, high]);
  const kept = decimate(labelled, store.reference, store.eForm, { x: range, y: range });
  return {
    points: kept.map((i) => ({ x: store.reference[i], y: store.eForm[i], yMin: store.lower[i], yMax: store.upper[i], index: i })),
    range,
    labelled: labelled.length,
    covered: covered / labelled.length,
    unbounded,
    meanAbsoluteError: error / labelled.length,
    heldOut,
  };
}

/**
 * The line under the parity plot: its statistics, and which predictions they are: held out (each
 * label's prediction by the calibration fitted without it, so the MAE is a held-out error, the
 * calibration's own CV MAE over all its labels) or the ones every recipe gets.
 */
export function parityNote(series: ParitySeries): string {
  const { labelled, heldOut } = series;
  const which =
    heldOut === 0
      ? ''
      : ` (${heldOut === labelled ? 'each' : `${heldOut} of them`} predicted held out, by the calibration fitted without that label, so the MAE is a held-out error)`;
  // An interval unbounded both ways holds any reference: the share says how many of its intervals are such.
  const open = series.unbounded === 0 ? '' : ` (${series.unbounded === labelled ? 'every one' : `${series.unbounded} of them`} unbounded, which holds any reference)`;
  return `${labelled} labelled recipes${which}: MAE ${num(series.meanAbsoluteError, 3)} eV/atom, ${Math.round(series.covered * 100)} % of references inside their interval${open}. Dashed line: prediction = reference. Click a point to reveal its recipe.`;
}
