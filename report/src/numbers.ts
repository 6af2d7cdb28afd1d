/**
 * How numbers read in the editor (hovers, hints, lenses, the results panel): a real minus sign,
 * fixed decimals, and an interval written as ± only when it is symmetric at the shown precision
 * (CV+ intervals need not be). The command line's table prints plain ASCII (terminalNumber).
 */
import { fixedText } from '../../engine/src/numberText';

/** Shown for a value that does not exist (not applicable, or not computed). */
export const NO_VALUE = '—';

export function num(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return fixedText(value, decimals).replace('-', '−');
}

/** `+0.05`: for a term or a residual, the sign matters as much as the size. */
export function signedNum(value: number | null | undefined, decimals = 2): string {
  const text = num(value, decimals);
  return value !== null && value !== undefined && value > 0 && text !== num(0, decimals) ? `+${text}` : text;
}

/** `−2.90±0.40`, `−2.90 (−3.40…−2.45)` for an asymmetric interval, `−2.90±∞` for an unbounded one (BM405). */
export function estimateText(estimate: { point: number; lower: number; upper: number }, decimals = 2): string {
  const point = num(estimate.point, decimals);
  const lower = lowerEndText(estimate.lower, decimals);
  const upper = upperEndText(estimate.upper, decimals);
  if (lower === '−∞' && upper === '+∞') return `${point}±∞`;
  const below = estimate.point - estimate.lower;
  const above = estimate.upper - estimate.point;
  if (Number.isFinite(above) && num(below, decimals) === num(above, decimals)) return `${point}±${num(above, decimals)}`;
  return `${point} (${lower}…${upper})`;
}

/**
 * An interval's ends. An end that is not a number is unbounded (BM405: a calibration group too
 * small for the coverage), ±Infinity in the engine and null once it has crossed JSON.
 */
export function lowerEndText(lower: number | null, decimals = 2): string {
  return Number.isFinite(lower) ? num(lower, decimals) : '−∞';
}

export function upperEndText(upper: number | null, decimals = 2): string {
  return Number.isFinite(upper) ? num(upper, decimals) : '+∞';
}

/** `[−3.40, −2.45]`: CV+ intervals need not be symmetric, so both ends are shown. */
export function boundsText(bounds: { lower: number | null; upper: number | null }, decimals = 2): string {
  return `[${lowerEndText(bounds.lower, decimals)}, ${upperEndText(bounds.upper, decimals)}]`;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** The command line's table: ASCII `-`, and `–` for a missing value. */
export function terminalNumber(value: number | null | undefined, decimals: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : fixedText(value, decimals);
}
