/**
 * The chemistry of a feature row in words: element symbols from the atomic-number columns, and
 * the name of an element pair as model cards and calibration groups write it.
 */
import { ELEMENT_SYMBOLS } from '../periodicTable';

/** The symbol of atomic number `z` (a float column value), or undefined when it is no element. */
export function symbolOfZ(z: number | undefined): string | undefined {
  return z === undefined ? undefined : ELEMENT_SYMBOLS[Math.round(z) - 1];
}

/** An unordered pair as cards list it: alphabetical, joined by "-" (`Au-Pd`). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** The value of `column` in the row at `base` of a row-major matrix; undefined for a column the model lacks. */
export function valueAt(data: ArrayLike<number>, base: number, column: number | undefined): number | undefined {
  return column === undefined ? undefined : data[base + column];
}
