/**
 * How the language reads a number literal. A double holds magnitudes up to about 1.8e308 and, above
 * 0, down to 5e-324: a literal beyond them (`1e400`, `1e-400`) would read as infinity or as 0
 * without a word, and a label of 1e-400 eV would then calibrate as 0 eV.
 */

/** Why `text`, a number literal, cannot be read as the number it writes (to follow "`text` is"); undefined when it can. */
export function unrepresentableNumber(text: string): string | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return `too large to be stored as a number (it would read as ${value < 0 ? '−' : ''}infinity)`;
  // Zero from digits that are not all zero: the exponent took it below the smallest double.
  if (value === 0 && /[1-9]/.test(text.split(/[eE]/)[0])) return 'too small to be stored as a number (it would read as 0)';
  return undefined;
}
