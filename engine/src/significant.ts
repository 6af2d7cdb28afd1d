/**
 * `Number(value.toPrecision(digits))` without the string round trip. Records round every number
 * to six significant digits, and in a batch of 100,000 recipes the strings of toPrecision were a
 * large share of the garbage. The arithmetic below gives the identical double: it rounds the exact
 * scaled value to an integer n and divides by an exact power of ten, which IEEE division rounds
 * correctly, just as parsing "n e-m" does. Where the scaled value lies too close to a rounding
 * tie to decide, or the power of ten is not exact, it falls back to toPrecision itself.
 */

/** 10^0 … 10^22: every power of ten a double holds exactly. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** Scaling rounds to within half an ulp, below 2^-53 of the scaled value; closer ties than this bound are left to toPrecision. */
const RELATIVE_SCALING_ERROR = 2 ** -52;
/** Beyond 15 digits the integer n is no longer exact. */
const MAX_DIGITS = 15;

/** Magnitudes below this, or from 10^22 on, are left to toPrecision: decimalExponent compares with exact powers only. */
const SMALLEST_SCALED = 1e-22;

/**
 * ⌊log10(magnitude)⌋ for a magnitude from 1e-22 up to (not including) 1e22, by comparing with the
 * exact powers: records' numbers lie within a few decades of 1, where a comparison or three costs
 * about two thirds of Math.log10 (a batch rounds some 40 numbers a member). Above 1, each compared
 * power is exact, and so is the exponent. Below, a magnitude within an ulp under 10^-k may
 * multiply up to exactly 1 and get −k rather than −k − 1; to the 15 digits at most that a double
 * holds it rounds to 10^-k, which is what −k then gives (at 1e-22, where the count stops, too).
 */
function decimalExponent(magnitude: number): number {
  let e = 0;
  if (magnitude >= 1) {
    while (magnitude >= EXACT_POWERS[e + 1]) e++;
    return e;
  }
  do e++;
  while (e < 22 && magnitude * EXACT_POWERS[e] < 1);
  return -e;
}

export function toSignificant(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  const magnitude = Math.abs(value);
  if (!(digits >= 1 && digits <= MAX_DIGITS) || !(magnitude >= SMALLEST_SCALED && magnitude < EXACT_POWERS[22])) return Number(value.toPrecision(digits));
  const shift = digits - 1 - decimalExponent(magnitude);
  if (shift > 22 || shift < -22) return Number(value.toPrecision(digits));
  const power = EXACT_POWERS[Math.abs(shift)];
  const scaled = shift >= 0 ? magnitude * power : magnitude / power;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  const n = fraction >= 0.5 ? floor + 1 : floor;
  const undecided = Math.abs(fraction - 0.5) <= scaled * RELATIVE_SCALING_ERROR;
  // A wrong exponent near a power of ten gives n outside [10^(digits-1), 10^digits).
  if (undecided || n < EXACT_POWERS[digits - 1] || n >= EXACT_POWERS[digits]) return Number(value.toPrecision(digits));
  const rounded = shift >= 0 ? n / power : n * power;
  return value < 0 ? -rounded : rounded;
}

/**
 * A reported number: six significant digits, far below the uncertainty of any descriptor or
 * prediction, and free of binary noise such as 0.33999999999999986 or float32 artefacts of the
 * model output. Records and the energy terms' inputs both use it, so they print the same.
 */
export function tidy(value: number): number {
  return toSignificant(value, 6);
}

/** "0", "00", …: the zeros between a decimal point and the first digit of n. */
const LEADING_ZEROS = Array.from({ length: 8 }, (_, i) => '0'.repeat(i));

/**
 * `String(value)`, made cheaply for the numbers records hold (tidy: six significant digits). Such a
 * value is the double nearest n / 10^k for an integer n of six digits, and no other decimal of six
 * digits or fewer lies that near it, so the shortest text that reads back as it, which is what
 * String writes, is n's digits without trailing zeros, the point placed k digits from the end.
 * Building that from n costs about half of String's shortest-digit search on the bench machine,
 * and a CSV of a 100,000-member family writes a dozen such numbers a row. Every other value (more
 * digits, integers, magnitudes String writes with an exponent) is String's own text.
 */
export function significantText(value: number): string {
  const magnitude = value < 0 ? -value : value;
  if (!(magnitude >= 1e-6 && magnitude < 1e15) || Number.isInteger(magnitude)) return String(value);
  const shift = 5 - decimalExponent(magnitude);
  if (shift < 1 || shift > 22) return String(value);
  const power = EXACT_POWERS[shift];
  let n = Math.round(magnitude * power);
  // The same exact division toSignificant rounds with: equal only when value is n / 10^shift.
  if (n / power !== magnitude) return String(value);
  let decimals = shift;
  while (n % 10 === 0) {
    n /= 10;
    decimals--;
  }
  const digits = String(n);
  const text =
    digits.length > decimals
      ? `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`
      : `0.${LEADING_ZEROS[decimals - digits.length]}${digits}`;
  return value < 0 ? `-${text}` : text;
}
