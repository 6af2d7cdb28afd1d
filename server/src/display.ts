/**
 * How numbers read in the editor (hovers, hints, lenses and the results panel): a real minus
 * sign, fixed decimals, and an interval written as ± only when it is symmetric at the shown
 * precision (CV+ intervals need not be).
 */
import { fixedText } from '../../engine/src/numberText';

export function num(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return fixedText(value, decimals).replace('-', '−');
}

/** `−2.90±0.40`, or `−2.90 (−3.40…−2.45)` for an asymmetric interval. */
export function estimateText(estimate: { point: number; lower: number; upper: number }, decimals = 2): string {
  const below = estimate.point - estimate.lower;
  const above = estimate.upper - estimate.point;
  if (num(below, decimals) === num(above, decimals)) return `${num(estimate.point, decimals)}±${num(above, decimals)}`;
  return `${num(estimate.point, decimals)} (${num(estimate.lower, decimals)}…${num(estimate.upper, decimals)})`;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** Escapes text for a Markdown hover (names and notes are user text). */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}
