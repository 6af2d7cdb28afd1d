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

export function toSignificant(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  if (!(digits >= 1 && digits <= MAX_DIGITS)) return Number(value.toPrecision(digits));
  const magnitude = Math.abs(value);
  const shift = digits - 1 - Math.floor(Math.log10(magnitude));
  if (shift > 22 || shift < -22) return Number(value.toPrecision(digits));
  const power = EXACT_POWERS[Math.abs(shift)];
  const scaled = shift >= 0 ? magnitude * power : magnitude / power;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  const n = fraction >= 0.5 ? floor + 1 : floor;
  const undecided = Math.abs(fraction - 0.5) <= scaled * RELATIVE_SCALING_ERROR;
  // A wrong exponent from log10 near a power of ten gives n outside [10^(digits-1), 10^digits).
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
