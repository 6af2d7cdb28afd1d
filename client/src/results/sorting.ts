/**
 * Row order of the results table (and of the CSV exported from it): up to two sort keys, each a
 * column and a direction. Pure, shared by the webview script and the extension. The webview sorts
 * columnar keys (`orderRows`, fast enough for 100,000 rows in one frame); the extension sorts
 * records (`sortRecords`, for the CSV) by the same rules, so both agree.
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
 * Records in table order. Missing values (null) go last in either direction, so flipping the order
 * of E_form never puts unscored recipes on top; full ties keep file, then recipe order.
 */
export function sortRecords(records: readonly ScoreRecord[], sort: SortState | SortSpec): ScoreRecord[] {
  const keys = sortSpec(sort).map((k) => ({ column: columnById(k.column)!, direction: k.descending ? -1 : 1 }));
  const keyed = records.map((record) => ({ record, keys: keys.map((k) => k.column.sortKey(record)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareNullable(a.keys[i], b.keys[i], keys[i].direction);
      if (order !== 0) return order;
    }
    return TEXT.compare(a.record.file, b.record.file) || TEXT.compare(a.record.recipe, b.record.recipe);
  });
  return keyed.map((k) => k.record);
}

function compareNullable(a: SortKey, b: SortKey, direction: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return direction * compareKeys(a, b);
}

/**
 * One collator for every comparison: `localeCompare` with options builds a new one per call, which
 * made sorting a 100,000-member family take seconds. Numeric, so `Au2` sorts before `Au10`.
 */
export const TEXT = new Intl.Collator(undefined, { numeric: true });

function compareKeys(a: Exclude<SortKey, null>, b: Exclude<SortKey, null>): number {
  // Equal first: two unbounded intervals (±Infinity) are a tie, not Infinity − Infinity.
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a - b;
  return TEXT.compare(String(a), String(b));
}

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
