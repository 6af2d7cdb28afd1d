/** The middle value of `values` (the upper middle for an even count), without reordering them. */
export function median(values: readonly number[]): number {
  return medianBy(values, (value) => value);
}

/** The item whose `key` is the middle one (the upper middle for an even count), without reordering `items`. */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}
