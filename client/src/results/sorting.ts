/**
 * Row order of the results table (and of the CSV exported from it). Pure, shared by the webview
 * script and the extension.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { columnById, type SortKey } from './columns';

export interface SortState {
  column: string;
  descending: boolean;
}

/** Most stable (lowest E_form) first: the question chemists ask first. */
export const DEFAULT_SORT: SortState = { column: 'eForm', descending: false };

/** Clicking a header: a new column sorts ascending, the same column flips direction. */
export function toggleSort(current: SortState, column: string): SortState {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: false };
}

/**
 * Records in table order. Missing values (null) go last in either direction, so flipping the order
 * of E_form never puts unscored recipes on top; ties keep file, then recipe order.
 */
export function sortRecords(records: readonly ScoreRecord[], sort: SortState): ScoreRecord[] {
  const column = columnById(sort.column) ?? columnById(DEFAULT_SORT.column)!;
  const direction = sort.descending ? -1 : 1;
  const keyed = records.map((record) => ({ record, key: column.sortKey(record) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) {
      if (a.key !== b.key) return a.key === null ? 1 : -1;
    } else {
      const order = compareKeys(a.key, b.key);
      if (order !== 0) return direction * order;
    }
    return TEXT.compare(a.record.file, b.record.file) || TEXT.compare(a.record.recipe, b.record.recipe);
  });
  return keyed.map((k) => k.record);
}

/**
 * One collator for every comparison: `localeCompare` with options builds a new one per call, which
 * made sorting a 100,000-member family take seconds. Numeric, so `Au2` sorts before `Au10`.
 */
const TEXT = new Intl.Collator(undefined, { numeric: true });

function compareKeys(a: Exclude<SortKey, null>, b: Exclude<SortKey, null>): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return TEXT.compare(String(a), String(b));
}
