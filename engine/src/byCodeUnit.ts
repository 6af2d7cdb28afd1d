/**
 * Orders strings by UTF-16 code unit: the same on every machine, unlike localeCompare, which follows
 * the process's locale (LC_ALL through ICU) and so changed which three did-you-mean suggestions a
 * cluster node printed (`host M`: 'Pm' in C, 'Y' in lt_LT).
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
