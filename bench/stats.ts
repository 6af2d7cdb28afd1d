/** The middle value of `values` (the upper middle for an even count), without reordering them. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
