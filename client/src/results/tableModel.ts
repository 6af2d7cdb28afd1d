/**
 * One page of the results table as plain data (header cells, row cells with their text, tooltip and
 * style flags). The webview only turns this into DOM nodes, so what the table says is tested here.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { COLUMNS, headerText, type Column } from './columns';
import { sortRecords } from './sorting';
import { PAGE_SIZE, pageCount, type ResultsState } from './state';

export interface HeaderCell {
  id: string;
  text: string;
  /** The column's definition. */
  title: string;
  numeric: boolean;
  sorted: 'ascending' | 'descending' | 'none';
}

export type CellFlag = 'outOfDomain' | 'belowThreshold' | 'error' | 'warning';

export interface BodyCell {
  text: string;
  title: string;
  numeric: boolean;
  flags: CellFlag[];
}

export interface BodyRow {
  file: string;
  recipe: string;
  cells: BodyCell[];
}

export interface TablePage {
  header: HeaderCell[];
  rows: BodyRow[];
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last row shown, for "rows 1–200 of 3,200". */
  first: number;
  last: number;
  total: number;
}

export function tablePage(state: Pick<ResultsState, 'records' | 'sort' | 'page'>): TablePage {
  const pages = pageCount(state);
  const page = Math.min(state.page, pages - 1);
  const sorted = sortRecords(state.records, state.sort);
  const shown = sorted.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  return {
    header: COLUMNS.map((c) => ({
      id: c.id,
      text: headerText(c),
      title: c.definition,
      numeric: c.numeric,
      sorted: c.id === state.sort.column ? (state.sort.descending ? 'descending' : 'ascending') : 'none',
    })),
    rows: shown.map((record) => ({
      file: record.file,
      recipe: record.recipe,
      cells: COLUMNS.map((c) => ({
        text: c.text(record),
        title: c.detail?.(record) ?? '',
        numeric: c.numeric,
        flags: cellFlags(c, record),
      })),
    })),
    page,
    pageCount: pages,
    first: shown.length ? page * PAGE_SIZE + 1 : 0,
    last: page * PAGE_SIZE + shown.length,
    total: state.records.length,
  };
}

/** The flag a column's warning verdict sets (the record decided it; the table does not re-decide it from a setting). */
const WARN_FLAGS: Readonly<Record<string, CellFlag>> = { eForm: 'outOfDomain', interval: 'outOfDomain', inDomain: 'outOfDomain', phi: 'belowThreshold' };

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
export function summaryText(state: Pick<ResultsState, 'records' | 'scope' | 'scoredAt'>): string {
  const n = state.records.length;
  const errors = state.records.filter((r) => r.diagnostics.some((d) => d.severity === 'error')).length;
  const outOfDomain = state.records.filter((r) => r.prediction && !r.prediction.inDomain).length;
  const parts = [`${n} ${n === 1 ? 'recipe' : 'recipes'} scored in ${state.scope}`];
  if (errors) parts.push(`${errors} with errors`);
  if (outOfDomain) parts.push(`${outOfDomain} out of the model's domain`);
  return `${parts.join(', ')} (${state.scoredAt.replace('T', ' ').slice(0, 16)} UTC).`;
}
