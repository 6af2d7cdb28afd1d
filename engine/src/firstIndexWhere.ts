/**
 * Binary search over positions 0 … length − 1 of something sorted: the first position where
 * `reached` holds, or `length` when it holds nowhere. `reached` must be false, then true, along
 * the positions (for example "this diagnostic starts at or after offset X" over diagnostics
 * sorted by start).
 */
export function firstIndexWhere(length: number, reached: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (reached(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
