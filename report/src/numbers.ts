/**
 * How numbers read in the editor (hovers, hints, lenses, the results panel): a real minus sign,
 * fixed decimals, and an interval written as ± only when it is symmetric at the shown precision
 * (CV+ intervals need not be). The command line's table prints plain ASCII (terminalNumber).
 */
import { fixedText, intervalEndText } from '../../engine/src/numberText';

export { coveragePercent } from '../../engine/src/numberText';

/** Shown for a value that does not exist (not applicable, or not computed). */
export const NO_VALUE = '—';

export function num(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return fixedText(value, decimals).replace('-', '−');
}

/** A number typed or copied from what `num` shows (its real minus sign read as `-`): null when blank, NaN when no number. */
export function readNum(text: string): number | null {
  const plain = text.trim().replace(/\u2212/g, '-');
  return plain === '' ? null : Number(plain);
}

/** `+0.05`: for a term or a residual, the sign matters as much as the size. */
export function signedNum(value: number | null | undefined, decimals = 2): string {
  const text = num(value, decimals);
  return value !== null && value !== undefined && value > 0 && text !== num(0, decimals) ? `+${text}` : text;
}

/** `−2.90±0.40`, `−2.90 (−3.40…−2.45)` for an asymmetric interval, `−2.90±∞` for an unbounded one (BM405). */
export function estimateText(estimate: { point: number; lower: number; upper: number }, decimals = 2): string {
  const point = num(estimate.point, decimals);
  const lower = endText(estimate.lower, decimals, 'lower');
  const upper = endText(estimate.upper, decimals, 'upper');
  if (lower === '−∞' && upper === '+∞') return `${point}±∞`;
  const below = estimate.point - estimate.lower;
  const above = estimate.upper - estimate.point;
  if (Number.isFinite(above) && num(below, decimals) === num(above, decimals)) return `${point}±${num(above, decimals)}`;
  return `${point} (${lower}…${upper})`;
}

/**
 * One end of an interval as the editor writes it: a real minus sign, and an end that is not a
 * number (BM405: ±Infinity in the engine, null once through JSON) as the engine's rule writes it.
 */
function endText(value: number | null, decimals: number, end: 'lower' | 'upper'): string {
  return Number.isFinite(value) ? num(value, decimals) : intervalEndText(null, decimals, end);
}

/** An interval's lower end: `−3.40`, or `−∞` when unbounded. */
export function lowerEndText(lower: number | null, decimals = 2): string {
  return endText(lower, decimals, 'lower');
}

/** `[−3.40, −2.45]`: CV+ intervals need not be symmetric, so both ends are shown. */
export function boundsText(bounds: { lower: number | null; upper: number | null }, decimals = 2): string {
  return `[${spanText(bounds, decimals, ', ')}]`;
}

/** `−3.40 … −2.45`, as hovers write an interval in a sentence. */
export function spanText(bounds: { lower: number | null; upper: number | null }, decimals = 2, separator = ' … '): string {
  return `${endText(bounds.lower, decimals, 'lower')}${separator}${endText(bounds.upper, decimals, 'upper')}`;
}

/** Whether both ends of an interval are numbers (see lowerEndText). */
export function isBounded(bounds: { lower: number | null; upper: number | null }): boolean {
  return Number.isFinite(bounds.lower) && Number.isFinite(bounds.upper);
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** The command line's table: ASCII `-`, and `–` for a missing value. */
export function terminalNumber(value: number | null | undefined, decimals: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : fixedText(value, decimals);
}
