/**
 * Numbers as a double stores them. A double holds magnitudes up to about 1.8e308 and, above 0,
 * down to 5e-324: a number beyond them reads as infinity or as 0 without a word, and a label of
 * 1e-400 eV would then calibrate as 0 eV. A number can leave that range where it is written
 * (`1e400`) and where a unit is converted (`distance 1e308 nm` is 1e309 Å; `1e-322 pm` is
 * 1e-324 Å, which reads as 0). The readers of written numbers (a recipe's, `bimetal import`'s
 * table cells, a structure file's coordinates) and the conversions of written units (a recipe's
 * `distance`, a structure file's stated unit) ask here, so both are refused for the same reason
 * in the same words.
 */

/** Why `stored` does not stand for the number it was made from (one that is not 0 when `fromNonZero`); undefined when it does. */
function storageProblem(stored: number, fromNonZero: boolean): string | undefined {
  if (!Number.isFinite(stored)) return `too large to be stored as a number (it would read as ${stored < 0 ? '−' : ''}infinity)`;
  if (stored === 0 && fromNonZero) return 'too small to be stored as a number (it would read as 0)';
  return undefined;
}

/** Why `text`, a number literal, cannot be read as the number it writes (to follow "`text` is"); undefined when it can. */
export function unrepresentableNumber(text: string): string | undefined {
  const stored = Number(text);
  // Stored finite and not 0, it is the number written: only a 0 needs its digits read. Every
  // number a recipe holds comes here, and the split and test were 4.5 % of a parse's CPU time.
  if (stored !== 0 && Number.isFinite(stored)) return undefined;
  // Digits that are not all zero write a number that is not 0, whatever the exponent (`0e-400` is 0).
  return storageProblem(stored, /[1-9]/.test(text.split(/[eE]/)[0]));
}

/**
 * `value`, a number in a unit that is `factor` of the unit it is stored in, in that unit; or why
 * the converted number cannot be stored (to follow "`value` `unit` in `stored unit` is").
 */
export function convertUnit(value: number, factor: number): { value: number } | { problem: string } {
  const converted = value * factor;
  const problem = storageProblem(converted, value !== 0);
  return problem ? { problem } : { value: converted };
}
