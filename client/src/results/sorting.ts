/**
 * Row order of the results table (and of the CSV exported from it): up to two sort keys, each a
 * column and a direction. Pure, shared by the webview script and the extension.
 *
 * There is one ordering rule, `tableOrder`: columnar keys (`keyColumn`) ordered by `orderRows`
 * (fast enough for 100,000 rows in one frame), full ties kept in the order the rows come in. The
 * webview orders its row store with it (tableModel.ts `visibleRows`: ties stay in store order, the
 * order the family expanded in); the extension orders records with it (`sortRecords`, for the CSV),
 * building the same keys from the records, so the export and the screen cannot disagree on ties.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { columnById, type SortKey } from './columns';

export interface SortState {
  column: string;
  descending: boolean;
}

/** The primary key first; at most two keys. */
export type SortSpec = readonly SortState[];

export const MAX_SORT_KEYS = 2;

/** Most stable (lowest E_form) first: the question chemists ask first. */
export const DEFAULT_SORT: SortState = { column: 'eForm', descending: false };

/** A single key or a list, as callers give it; unknown columns dropped, at most two keys, never empty. */
export function sortSpec(sort: SortState | SortSpec): SortState[] {
  const keys = (Array.isArray(sort) ? sort : [sort]) as SortState[];
  const known = keys.filter((k, i) => columnById(k.column) !== undefined && keys.findIndex((o) => o.column === k.column) === i);
  return known.length ? known.slice(0, MAX_SORT_KEYS).map((k) => ({ column: k.column, descending: k.descending })) : [DEFAULT_SORT];
}

/**
 * Clicking a header makes its column the primary key (ascending when new, flipped when it already
 * was primary); with `secondary` (shift-click) it becomes the second key instead, the primary kept.
 */
export function toggleSort(current: SortSpec, column: string, secondary = false): SortState[] {
  const [primary, second] = current;
  if (secondary && primary && primary.column !== column) {
    return [primary, second?.column === column ? { column, descending: !second.descending } : { column, descending: false }];
  }
  if (primary?.column === column) return [{ column, descending: !primary.descending }, ...(second ? [second] : [])];
  // The old primary becomes the tie-break, so "by φ, then by E_form" takes two clicks.
  return [{ column, descending: false }, ...(primary ? [primary] : [])];
}

/**
 * A column's sort key per record, as `orderRows` reads it (the `keys` of columnar.ts): numbers as
 * they are, ±Infinity as the extreme finite values (an unbounded interval sorts beyond every
 * bounded one, and the typed sort subtracts keys); text as its rank among the column's distinct
 * texts in collation order; null and NaN as NaN, no value (last in either direction).
 *
 * Texts the collator calls equal (`Au01` and `Au1`, numeric collation) rank in code-unit order, so
 * two texts always rank the same way round, whichever records are present and in whatever order:
 * the extension's keys for the exported rows order them as the webview's keys for all rows did.
 */
export function keyColumn(records: readonly ScoreRecord[], sortKey: (r: ScoreRecord) => SortKey): Float64Array {
  const texts = new Map<string, number>();
  const raw = records.map(sortKey);
  raw.forEach((k) => {
    if (typeof k === 'string') texts.set(k, 0);
  });
  [...texts.keys()].sort((a, b) => TEXT.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)).forEach((t, rank) => texts.set(t, rank));
  const out = new Float64Array(raw.length);
  raw.forEach((k, i) => {
    out[i] = k === null ? Number.NaN : typeof k === 'number' ? Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, k)) : (texts.get(k) as number);
  });
  return out;
}

/**
 * `rows` in table order under `sort` (`sortSpec`: known columns, at most two keys), each column's
 * keys looked up by `keyOf`. Full ties keep the order of `rows`, so ordering rows that are already
 * in table order leaves them as they are.
 */
export function tableOrder(rows: Uint32Array, sort: SortState | SortSpec, keyOf: (column: string) => Float64Array | undefined): Uint32Array {
  const keys = sortSpec(sort).flatMap((k) => {
    const values = keyOf(k.column);
    return values ? [{ values, descending: k.descending }] : [];
  });
  return orderRows(rows, keys);
}

/**
 * Records in table order, by `tableOrder` on keys built from the records: exactly the order
 * `visibleRows` shows these records in, given in store order. Missing values (null) go last in
 * either direction, so flipping the order of E_form never puts unscored recipes on top; full ties
 * keep the order given (store order, as on screen; records already in table order stay so).
 */
export function sortRecords(records: readonly ScoreRecord[], sort: SortState | SortSpec): ScoreRecord[] {
  const keyOf = (id: string) => {
    const column = columnById(id);
    return column ? keyColumn(records, column.sortKey) : undefined;
  };
  const order = tableOrder(Uint32Array.from(records.keys()), sort, keyOf);
  return Array.from(order, (i) => records[i]);
}

/**
 * One collator for every comparison: `localeCompare` with options builds a new one per call, which
 * made sorting a 100,000-member family take seconds. Numeric, so `Au2` sorts before `Au10`.
 */
export const TEXT = new Intl.Collator(undefined, { numeric: true });

/**
 * Indices of `rows` (row numbers into the key columns) in table order. Each key column holds a
 * number per row, NaN for "not applicable" (text keys arrive as their rank, see columnar.ts).
 *
 * Why not `Array.sort` with a comparator: at 100,000 rows that takes ~100 ms, a visible stall.
 * Instead each key becomes a dense rank (one native typed-array sort per key), and rank₁, rank₂
 * and the row's position are packed into one exactly representable float, so a single native
 * Float64Array sort orders everything. Ties keep the order of `rows`.
 */
export function orderRows(rows: Uint32Array, keys: ReadonlyArray<{ values: Float64Array; descending: boolean }>): Uint32Array {
  const n = rows.length;
  if (n === 0) return rows.slice();
  // (ranks + 1)² · n must stay below 2^53: two keys, each rank ≤ n.
  const base = n + 2;
  const packed = new Float64Array(n);
  const ranks = keys.slice(0, MAX_SORT_KEYS).map((k) => denseRanks(rows, k.values, k.descending));
  if (base ** ranks.length * n > Number.MAX_SAFE_INTEGER) return orderByComparison(rows, ranks);
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (const r of ranks) key = key * base + r[i];
    packed[i] = key * n + i;
  }
  packed.sort();
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[packed[i] % n];
  return out;
}

/** Beyond ~200,000 rows the packed key would lose precision: compare the ranks instead (slower, still correct). */
function orderByComparison(rows: Uint32Array, ranks: Uint32Array[]): Uint32Array {
  const positions = Array.from(rows.keys());
  positions.sort((a, b) => {
    for (const r of ranks) if (r[a] !== r[b]) return r[a] - r[b];
    return a - b;
  });
  return Uint32Array.from(positions, (p) => rows[p]);
}

/** Rank of each row's value among the distinct values (0-based), reversed when descending; NaN ranks last either way. */
function denseRanks(rows: Uint32Array, values: Float64Array, descending: boolean): Uint32Array {
  const n = rows.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = values[rows[i]];
  sorted.sort(); // typed-array sort is numeric and puts NaN last
  let distinct = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(sorted[i]) && (i === 0 || sorted[i] !== sorted[i - 1])) sorted[distinct++] = sorted[i];
  const ranks = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[rows[i]];
    if (Number.isNaN(v)) {
      ranks[i] = distinct;
      continue;
    }
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = descending ? distinct - 1 - lo : lo;
  }
  return ranks;
}
