/**
 * The results table as plain data: which rows pass the filters, in which order, which of them the
 * scrolled viewport shows (a virtualised table draws only those), the header cells, and the cells
 * of a row. The webview only turns this into DOM nodes, so what the table says is tested here.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { coveragePercent } from '../../../report/src/numbers';
import { COLUMNS, headerText, type Column } from './columns';
import { DOMAIN_IN, DOMAIN_OUT, RowStore, type BeginMessage, type DataMessage } from './columnar';
import { tableOrder, type SortSpec } from './sorting';

export interface HeaderCell {
  id: string;
  text: string;
  /** The column's definition. */
  title: string;
  numeric: boolean;
  sorted: 'ascending' | 'descending' | 'none';
  /** 1 for the primary sort key, 2 for the tie-break, 0 when not sorted by. */
  sortRank: number;
}

export type CellFlag = 'outOfDomain' | 'belowThreshold' | 'error' | 'warning';

export interface BodyCell {
  text: string;
  title: string;
  numeric: boolean;
  flags: CellFlag[];
}

/** What the table is narrowed to. Empty text, element '' and null bounds do not filter. */
export interface Filters {
  /** Matched, case-insensitively, against the member name and the formula. */
  text: string;
  /** Host or dopant element. */
  element: string;
  domain: 'all' | 'in' | 'out';
  phi: [number | null, number | null];
  eForm: [number | null, number | null];
}

export const NO_FILTERS: Filters = { text: '', element: '', domain: 'all', phi: [null, null], eForm: [null, null] };

export function headerCells(sort: SortSpec): HeaderCell[] {
  return COLUMNS.map((c) => {
    const at = sort.findIndex((k) => k.column === c.id);
    return {
      id: c.id,
      text: headerText(c),
      title: `${c.definition} Click (or Enter) to sort; Shift+click (or Shift+Enter) to sort by it within the first key.`,
      numeric: c.numeric,
      sorted: at < 0 ? 'none' : sort[at].descending ? 'descending' : 'ascending',
      sortRank: at + 1,
    };
  });
}

/**
 * Row numbers that pass every filter, in store order. A range with a missing value excludes the row.
 * That includes φ where it is undefined (a bare core: no ligands, no support; columnar.ts stores it
 * as NaN): a φ range asks for recipes whose φ lies in it, and the table shows such a recipe's φ as
 * `n/a`, so keeping it under "φ ≥ −0.3" would pass it as accessible on a value (0) that only says
 * χ_env was 0 by definition. Clearing both φ bounds shows it again.
 */
export function filterRows(store: RowStore, filters: Filters): Uint32Array {
  const n = store.received;
  const out = new Uint32Array(n);
  const text = filters.text.trim().toLowerCase();
  const element = store.begin.elements.indexOf(filters.element);
  const wantsElement = filters.element !== '';
  const [phiLow, phiHigh] = filters.phi;
  const [eLow, eHigh] = filters.eForm;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (wantsElement && store.host[i] !== element && store.dopant[i] !== element) continue;
    if (filters.domain === 'in' && store.inDomain[i] !== DOMAIN_IN) continue;
    if (filters.domain === 'out' && store.inDomain[i] !== DOMAIN_OUT) continue;
    if (!inRange(store.phi[i], phiLow, phiHigh) || !inRange(store.eForm[i], eLow, eHigh)) continue;
    if (text && !store.recipe[i].toLowerCase().includes(text) && !store.formula[i].toLowerCase().includes(text)) continue;
    out[count++] = i;
  }
  return out.slice(0, count);
}

function inRange(value: number, low: number | null, high: number | null): boolean {
  if (low === null && high === null) return true;
  if (Number.isNaN(value)) return false;
  return (low === null || value >= low) && (high === null || value <= high);
}

/**
 * The filtered rows in table order; full ties stay in store order. The CSV export writes exactly
 * these rows in this order (sorting.ts `tableOrder` orders both).
 */
export function visibleRows(store: RowStore, filters: Filters, sort: SortSpec): Uint32Array {
  return tableOrder(filterRows(store, filters), sort, (column) => store.keyOf(column));
}

/**
 * The records the table shows under these filters and sort, in its order: what the panel's own
 * Export CSV… button writes, for the export command. The rows go through the webview's own store,
 * filled from the messages that carry `records` to it (columnar.ts `dataMessages`, made once per
 * run), so both filter and order them by one rule.
 */
export function shownRecords<R extends ScoreRecord>(records: readonly R[], data: readonly DataMessage[], filters: Filters, sort: SortSpec): R[] {
  const [begin, ...chunks] = data;
  const store = new RowStore(begin as BeginMessage);
  for (const chunk of chunks) if (chunk.type === 'rows') store.append(chunk);
  return Array.from(visibleRows(store, filters, sort), (row) => records[row]);
}

/** The slice of a scrolled list the viewport shows, plus `overscan` rows either side. */
export function rowWindow(total: number, scrollTop: number, viewportHeight: number, rowHeight: number, overscan = 8): { first: number; last: number } {
  if (total === 0 || rowHeight <= 0) return { first: 0, last: 0 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first: Math.min(first, last), last };
}

/** The cells of one record, column by column (the extension answers the webview's visible rows with these). */
export function rowCells(record: ScoreRecord): BodyCell[] {
  return COLUMNS.map((c) => ({
    text: c.text(record),
    title: c.detail?.(record) ?? '',
    numeric: c.numeric,
    flags: cellFlags(c, record),
  }));
}

/** The flag a column's warning verdict sets (the record decided it; the table does not re-decide it from a setting). */
const WARN_FLAGS: Readonly<Record<string, CellFlag>> = { eForm: 'outOfDomain', interval: 'outOfDomain', inDomain: 'outOfDomain', site: 'outOfDomain', phi: 'belowThreshold' };

function cellFlags(column: Column, record: ScoreRecord): CellFlag[] {
  const flags: CellFlag[] = [];
  if (column.warn?.(record)) flags.push(WARN_FLAGS[column.id] ?? 'warning');
  if (column.id === 'diagnostics') {
    if (record.diagnostics.some((d) => d.severity === 'error')) flags.push('error');
    else if (record.diagnostics.some((d) => d.severity === 'warning')) flags.push('warning');
  }
  return flags;
}

/** "412 recipes from workspace, 3 with errors, 12 out of domain": the panel's first line. */
export function summaryText(state: { records: readonly ScoreRecord[]; scope: string; scoredAt: string }): string {
  const n = state.records.length;
  const errors = state.records.filter((r) => r.diagnostics.some((d) => d.severity === 'error')).length;
  const outOfDomain = state.records.filter((r) => r.prediction && !r.prediction.inDomain).length;
  const parts = [`${n} ${n === 1 ? 'recipe' : 'recipes'} scored in ${state.scope}`];
  if (errors) parts.push(`${errors} with errors`);
  if (outOfDomain) parts.push(`${outOfDomain} out of the model's domain`);
  return `${parts.join(', ')} (${state.scoredAt.replace('T', ' ').slice(0, 16)} UTC).`;
}

/**
 * Which interval the panel shows: "E_form intervals: 90 % coverage (bimetal.coverage)". Taken from
 * the records themselves, so it says what is on screen even while a rescore is pending.
 */
export function coverageText(coverages: readonly number[]): string {
  if (coverages.length === 0) return 'No E_form intervals (nothing was predicted).';
  const shown = coverages.map(coveragePercent).join(', ');
  return `E_form intervals: ${shown} coverage (setting bimetal.coverage).`;
}
