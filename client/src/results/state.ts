/**
 * What a results panel shows, what its webview persists, and the messages between the webview and
 * the extension. Pure: shared by the extension, the webview script and the tests.
 *
 * The records stay in the extension. The webview persists (`vscode.setState`) only its view: the
 * run it belongs to, what was scored, sort, filters and tab. VS Code's web workbench serialises
 * every webview's state each time it flushes its storage (every 5 s when idle), so records in that
 * state stalled the whole UI periodically (1.6 s every 6.5 s at 20,000 records). After a reload the
 * panel scores its scope again instead.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import type { SuggestParams } from '../../../report/src/protocol';
import type { DataMessage } from './columnar';
import type { HeatmapMetric } from './heatmapData';
import { DEFAULT_SORT, MAX_SORT_KEYS, sortSpec, type SortSpec, type SortState } from './sorting';
import { NO_FILTERS, type BodyCell, type Filters } from './tableModel';
import { columnById } from './columns';

/**
 * What a panel shows, so it can be made again (settings changed, or the window reloaded): the records
 * of the workspace, a file or a recipe's lens, the calibration report's labelled recipes, or a
 * suggestion's ranking.
 */
export type ResultsSource =
  | { kind: 'workspace' }
  | { kind: 'document'; uri: string }
  | { kind: 'recipe'; uri: string; recipe: string }
  | { kind: 'calibration' }
  | { kind: 'suggestions'; objective: SuggestParams['objective'] };

export interface ResultsState {
  /** Identifies one scoring run. */
  runId: string;
  /** What was scored, in words, e.g. "workspace" or "gold.bimetal". */
  scope: string;
  /** ISO time of the run. */
  scoredAt: string;
  /** The bimetal.phiThreshold setting at the time of the run (drawn on the chart). */
  phiThreshold: number;
  /** In store order (the order the webview's rows arrive in), or for an export the table's rows in its order. */
  records: ScoreRecord[];
  /** The table's order (the CSV export keeps it, ties included: sorting.ts `tableOrder`); one key or up to two. */
  sort: SortState | SortSpec;
}

export type Tab = 'table' | 'heatmap' | 'parity' | 'detail';
export const TABS: readonly Tab[] = ['table', 'heatmap', 'parity', 'detail'];

/** The webview's own state: small, whatever the number of records. */
export interface ViewState {
  runId: string;
  scope: string;
  source?: ResultsSource;
  sort: SortState[];
  filters: Filters;
  tab: Tab;
  heatmap: { family: string; metric: HeatmapMetric };
  /** How far the table is scrolled (px), and the row whose detail the Detail tab shows (null: none): a page shown again comes back so. */
  scrollTop: number;
  detailRow: number | null;
}

export const VIEW_TYPE = 'bimetal.scores';

export function newResultsState(scope: string, records: ScoreRecord[], phiThreshold: number, now = new Date(), sort: SortState | SortSpec = DEFAULT_SORT): ResultsState {
  return {
    runId: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    scope,
    scoredAt: now.toISOString(),
    phiThreshold,
    records,
    sort: sortSpec(sort),
  };
}

export function initialView(state: Pick<ResultsState, 'runId' | 'scope' | 'sort'>, source?: ResultsSource): ViewState {
  return { runId: state.runId, scope: state.scope, source, sort: sortSpec(state.sort), filters: NO_FILTERS, tab: 'table', heatmap: { family: '', metric: 'eForm' }, scrollTop: 0, detailRow: null };
}

/** Extension → webview. */
export type PanelMessage =
  | DataMessage
  | { type: 'view'; view: ViewState }
  | { type: 'cells'; runId: string; rows: Array<{ row: number; cells: BodyCell[] }> }
  /** `failure`: why the detail could not be made (the request failed), in words. */
  | { type: 'detail'; runId: string; row: number; detail: unknown; failure?: string }
  | { type: 'notice'; text: string }
  /** The errors that have no row (unlistedErrors.ts), again whenever the Problems view changes them; '' when none. */
  | { type: 'unlisted'; text: string };

/** Webview → extension. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'cellsWanted'; runId: string; rows: number[] }
  | { type: 'reveal'; runId: string; row: number }
  | { type: 'detail'; runId: string; row: number }
  | { type: 'exportCsv'; runId: string; rows: number[] }
  | { type: 'viewChanged'; view: ViewState }
  | { type: 'showProblems' };

/** At most this many rows' cells per request: a viewport's worth, with room for tall windows. */
export const MAX_CELL_ROWS = 500;
const MAX_TEXT = 4096;
/** More rows than the editor's largest family (and then some) is not a real request. */
const MAX_ROWS = 10_000_000;

/**
 * The schema of every message the webview may send. The webview runs the page's script, so a
 * message is input from outside the extension: exactly these keys, bounded strings and arrays,
 * rows that are non-negative integers; anything else is dropped.
 */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isPlainObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'showProblems':
      return hasExactly(value, ['type']);
    case 'cellsWanted':
      return hasExactly(value, ['type', 'runId', 'rows']) && isText(value.runId) && isRowList(value.rows, MAX_CELL_ROWS);
    case 'reveal':
    case 'detail':
      return hasExactly(value, ['type', 'runId', 'row']) && isText(value.runId) && isRow(value.row);
    case 'exportCsv':
      return hasExactly(value, ['type', 'runId', 'rows']) && isText(value.runId) && isRowList(value.rows, MAX_ROWS);
    case 'viewChanged':
      return hasExactly(value, ['type', 'view']) && parseViewState(value.view) !== undefined;
    default:
      return false;
  }
}

/** A saved view (from setState, possibly of an older version): undefined when it cannot be used. */
export function parseViewState(value: unknown): ViewState | undefined {
  if (!isPlainObject(value)) return undefined;
  const { runId, scope, source, sort, filters, tab, heatmap, scrollTop, detailRow } = value;
  if (!isText(runId) || typeof scope !== 'string' || scope.length > MAX_TEXT) return undefined;
  const parsedSource = parseSource(source);
  if (source !== undefined && !parsedSource) return undefined;
  return {
    runId,
    scope,
    source: parsedSource,
    sort: Array.isArray(sort) && sort.length <= MAX_SORT_KEYS && sort.every(isSortState) ? sortSpec(sort) : [DEFAULT_SORT],
    filters: parseFilters(filters) ?? NO_FILTERS,
    tab: TABS.includes(tab as Tab) ? (tab as Tab) : 'table',
    heatmap: isPlainObject(heatmap) && typeof heatmap.family === 'string' && ['eForm', 'phi', 'deltaE'].includes(heatmap.metric as string)
      ? { family: heatmap.family.slice(0, MAX_TEXT), metric: heatmap.metric as HeatmapMetric }
      : { family: '', metric: 'eForm' },
    scrollTop: typeof scrollTop === 'number' && Number.isFinite(scrollTop) && scrollTop >= 0 ? scrollTop : 0,
    detailRow: isRow(detailRow) ? detailRow : null,
  };
}

function parseSource(value: unknown): ResultsSource | undefined {
  if (!isPlainObject(value)) return undefined;
  if (value.kind === 'workspace') return { kind: 'workspace' };
  if (value.kind === 'document' && isText(value.uri)) return { kind: 'document', uri: value.uri };
  if (value.kind === 'recipe' && isText(value.uri) && isText(value.recipe)) return { kind: 'recipe', uri: value.uri, recipe: value.recipe };
  if (value.kind === 'calibration') return { kind: 'calibration' };
  if (value.kind === 'suggestions' && (value.objective === 'stable' || value.objective === 'uncertain')) return { kind: 'suggestions', objective: value.objective };
  return undefined;
}

function parseFilters(value: unknown): Filters | undefined {
  if (!isPlainObject(value)) return undefined;
  const { text, element, domain, phi, eForm } = value;
  if (typeof text !== 'string' || text.length > MAX_TEXT || typeof element !== 'string' || element.length > 3) return undefined;
  if (domain !== 'all' && domain !== 'in' && domain !== 'out') return undefined;
  if (!isBounds(phi) || !isBounds(eForm)) return undefined;
  return { text, element, domain, phi: [phi[0], phi[1]], eForm: [eForm[0], eForm[1]] };
}

function isBounds(value: unknown): value is [number | null, number | null] {
  return Array.isArray(value) && value.length === 2 && value.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function hasExactly(value: object, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function isRow(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < MAX_ROWS;
}

function isRowList(value: unknown, max: number): value is number[] {
  return Array.isArray(value) && value.length <= max && value.every(isRow);
}

function isSortState(value: unknown): value is SortState {
  return isPlainObject(value) && hasExactly(value, ['column', 'descending']) && typeof value.column === 'string' && columnById(value.column) !== undefined && typeof value.descending === 'boolean';
}
