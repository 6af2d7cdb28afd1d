/**
 * Numbers as plain text, for every place that prints them (`--explain`, the command line's table,
 * diagnostic messages, editor hovers): one rule each for rounding, negative zero and unbounded
 * interval ends, so a value reads the same wherever it is shown.
 */

/** A size in bytes in binary megabytes (2^20 bytes), the unit the file and document limits are set in: `57.2 MiB`, `0.50 MiB`. */
export function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 1)} MiB`;
}

/**
 * `value` to `decimals` decimals, rounding its decimal digits half away from zero. A record's
 * number is a decimal of six significant digits (tidy), and −2.545 has to read −2.55 in every view,
 * as the prediction it was tidied from (−2.5450041) does; toFixed rounds the double nearest it,
 * −2.544999999999999929…, and gave −2.54 (and 0.0375 = 3/80 read 0.037). String's text of a double
 * is the shortest decimal that reads back as it, so shifting that text's exponent gives the decimal
 * value scaled, exact where a tie is possible. What String writes with an exponent (below 1e-6,
 * from 1e21), or what scales past 2^53, keeps toFixed's text: nothing shown ties there.
 */
function decimalFixed(value: number, decimals: number): string {
  const digits = String(Math.abs(value));
  const scaled = digits.includes('e') ? NaN : Math.round(Number(`${digits}e${decimals}`));
  if (!Number.isSafeInteger(scaled)) return value.toFixed(decimals);
  const whole = String(scaled).padStart(decimals + 1, '0');
  const text = decimals > 0 ? `${whole.slice(0, -decimals)}.${whole.slice(-decimals)}` : whole;
  return value < 0 ? `-${text}` : text;
}

/** At most `decimals` decimals, trailing zeros dropped: `0.3`, `-2.9041`, `12`. */
export function roundedText(value: number, decimals: number): string {
  return String(Number(decimalFixed(value, decimals)));
}

/**
 * A coverage as a percentage: `90 %`, and `99.5 %` where a whole percent would round it to another
 * level; a coverage within 0.05 % of 100 % (or of 0) with the decimals that keep it off that end:
 * rounded to one decimal, 0.9995 read `100 %`, a coverage the command line refuses, beside "CV+
 * needs at least 1999".
 */
export function coveragePercent(coverage: number): string {
  const percent = coverage * 100;
  let decimals = 1;
  while (decimals < 12 && percent > 0 && percent < 100 && [0, 100].includes(Number(roundedText(percent, decimals)))) decimals++;
  return `${roundedText(percent, decimals)} %`;
}

/** Exactly `decimals` decimals (decimalFixed); a value that rounds to zero has no sign (`0.00`, never `-0.00`). */
export function fixedText(value: number, decimals: number): string {
  const text = decimalFixed(value, decimals);
  return Number(text) === 0 ? text.replace('-', '') : text;
}

/**
 * One end of a CV+ interval with `decimals` decimals. An end is unbounded (±Infinity, or null once
 * through JSON) when its calibration group has too few points for the coverage: `−∞` / `+∞`.
 */
export function intervalEndText(value: number | null, decimals: number, end: 'lower' | 'upper'): string {
  if (value !== null && Number.isFinite(value)) return fixedText(value, decimals);
  return end === 'upper' ? '+∞' : '−∞';
}

/** `[-3.40, -2.45]`, `[−∞, +∞]`: both ends of an interval, as intervalEndText writes each. */
export function intervalText(lower: number | null, upper: number | null, decimals: number): string {
  return `[${intervalEndText(lower, decimals, 'lower')}, ${intervalEndText(upper, decimals, 'upper')}]`;
}
