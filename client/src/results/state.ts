/**
 * What the results webview shows and persists (`vscode.setState`, and the state VS Code hands the
 * panel serializer after a reload), and the messages between the webview and the extension.
 * Pure: shared by the extension, the webview script and the tests.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { columnById } from './columns';
import { DEFAULT_SORT, type SortState } from './sorting';

export interface ResultsState {
  /** Identifies one scoring run, so a re-rendered panel does not show an older run's saved state. */
  runId: string;
  /** What was scored, e.g. "workspace" or "gold.bimetal". */
  scope: string;
  /** ISO time of the run. */
  scoredAt: string;
  /** The bimetal.phiThreshold setting at the time of the run (drawn on the chart). */
  phiThreshold: number;
  records: ScoreRecord[];
  sort: SortState;
  /** 0-based page of the table. */
  page: number;
}

export const VIEW_TYPE = 'bimetal.scores';
/** Rows per table page: a family can have 100,000 members, more than a DOM table renders quickly. */
export const PAGE_SIZE = 200;

export type WebviewMessage =
  | { type: 'reveal'; file: string; recipe: string }
  | { type: 'exportCsv' }
  | { type: 'viewChanged'; sort: SortState; page: number };

export function newResultsState(scope: string, records: ScoreRecord[], phiThreshold: number, now = new Date(), sort: SortState = DEFAULT_SORT): ResultsState {
  return {
    runId: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    scope,
    scoredAt: now.toISOString(),
    phiThreshold,
    records,
    sort,
    page: 0,
  };
}

/**
 * Checks state that comes back from outside (a serialized panel after a reload, possibly written
 * by an older version of the extension): undefined when it cannot be shown.
 */
export function parseResultsState(value: unknown): ResultsState | undefined {
  if (!isObject(value)) return undefined;
  const { runId, scope, scoredAt, phiThreshold, records, sort, page } = value;
  if (typeof runId !== 'string' || typeof scope !== 'string' || typeof scoredAt !== 'string') return undefined;
  if (typeof phiThreshold !== 'number' || !Array.isArray(records) || !records.every(isRecordLike)) return undefined;
  return {
    runId,
    scope,
    scoredAt,
    phiThreshold,
    records: records as ScoreRecord[],
    sort: isSortState(sort) ? sort : DEFAULT_SORT,
    page: typeof page === 'number' && Number.isInteger(page) && page >= 0 ? page : 0,
  };
}

/**
 * The state the webview starts from: the one it saved itself (it holds the user's latest sort and
 * page) when it belongs to the same run as the page's embedded state, else the embedded one.
 */
export function chooseState(saved: unknown, embedded: ResultsState): ResultsState {
  const parsed = parseResultsState(saved);
  return parsed && parsed.runId === embedded.runId ? parsed : embedded;
}

export function pageCount(state: Pick<ResultsState, 'records'>): number {
  return Math.max(1, Math.ceil(state.records.length / PAGE_SIZE));
}

/**
 * The schema of every message the webview may send. The webview runs the page's script, so a
 * message is input from outside the extension: exactly these keys, strings of bounded length,
 * a page that is a non-negative integer; anything else is dropped.
 */
const MAX_TEXT = 4096;

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  switch (value.type) {
    case 'reveal':
      return hasExactly(value, ['type', 'file', 'recipe']) && isText(value.file) && isText(value.recipe);
    case 'exportCsv':
      return hasExactly(value, ['type']);
    case 'viewChanged':
      return hasExactly(value, ['type', 'sort', 'page']) && isSortState(value.sort) && hasExactly(value.sort, ['column', 'descending']) && isPage(value.page);
    default:
      return false;
  }
}

function hasExactly(value: object, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function isPage(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isSortState(value: unknown): value is SortState {
  return isObject(value) && typeof value.column === 'string' && columnById(value.column) !== undefined && typeof value.descending === 'boolean';
}

function isRecordLike(value: unknown): boolean {
  return isObject(value) && typeof value.file === 'string' && typeof value.recipe === 'string' && Array.isArray(value.diagnostics);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
