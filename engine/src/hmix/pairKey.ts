/** Order-independent key of an element pair, e.g. `pairKey('Au', 'Ag') === 'Ag|Au'`. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
