/**
 * The records on show in the compact, columnar form the extension sends the results webview: one
 * `begin` message (the run, dictionaries of repeated text), then `rows` chunks of typed arrays, then
 * `end`. One giant JSON of nested record objects (20,000 records were ~30 MB) froze the workbench
 * while it was serialised, posted and parsed; typed arrays in chunks of CHUNK_ROWS are posted
 * without that cost, and the webview can draw as soon as they arrive.
 *
 * The webview needs only what it filters, sorts, plots and maps by: the cells of the rows it shows
 * are asked of the extension (tableModel.ts `rowCells`), which keeps the records. Pure.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { COLUMNS } from './columns';
import { recipeBlockName } from './recipeLocation';
import { keyColumn } from './sorting';
import { QUANTITIES } from '../../../report/src/quantities';
import { StringDictionary } from '../../../report/src/stringDictionary';

/** Rows per `rows` message: large enough to be few messages, small enough that none stalls. */
export const CHUNK_ROWS = 10_000;

/** Which run the messages belong to, and what the panel says about it. */
export interface RunHeader {
  runId: string;
  scope: string;
  scoredAt: string;
  phiThreshold: number;
  /** Distinct coverages of the E_form intervals on show (one, unless records come from mixed runs). */
  coverages: number[];
  total: number;
}

export interface BeginMessage {
  type: 'begin';
  run: RunHeader;
  /** Dictionaries: rows carry indices into them. */
  files: string[];
  blocks: string[];
  elements: string[];
  /** Column ids of `keys`, in the order of the table's columns. */
  keyColumns: string[];
}

/** NaN stands for "none" in every number column. */
export interface RowColumns {
  recipe: string[];
  formula: string[];
  file: Uint32Array;
  block: Uint32Array;
  host: Uint16Array;
  dopant: Uint16Array;
  eForm: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /**
   * φ as the views show it (the table's φ column): NaN where φ is undefined, i.e. a bare core's φ
   * (no ligands, no support: 0 only because χ_env is 0 by definition), so the chart, the heatmap
   * and the φ filter treat it as the table and the CSV do, not as φ = 0.
   */
  phi: Float64Array;
  deltaE: Float64Array;
  reference: Float64Array;
  /**
   * 1 where the E_form shown is a label's held-out prediction (`prediction.calibration.heldOut`:
   * the calibration fitted without that label), 0 elsewhere; the parity view says which it shows.
   */
  heldOut: Uint8Array;
  /** 1 in the model's domain, 0 outside, 2 not predicted. */
  inDomain: Uint8Array;
  /** Sort key per column of `keyColumns`: the value, or the rank of a text key in collation order. */
  keys: Float64Array[];
}

export interface RowsMessage extends RowColumns {
  type: 'rows';
  runId: string;
  offset: number;
}

export interface EndMessage {
  type: 'end';
  runId: string;
}

export type DataMessage = BeginMessage | RowsMessage | EndMessage;

export const DOMAIN_IN = 1;
export const DOMAIN_OUT = 0;
export const DOMAIN_NONE = 2;

/** The messages that carry `records` to the webview, in order. */
export function dataMessages(run: Omit<RunHeader, 'coverages' | 'total'>, records: readonly ScoreRecord[], chunkRows = CHUNK_ROWS): DataMessage[] {
  const files = new StringDictionary();
  const blocks = new StringDictionary();
  const elements = new StringDictionary();
  const n = records.length;
  const all: RowColumns = {
    recipe: new Array<string>(n),
    formula: new Array<string>(n),
    file: new Uint32Array(n),
    block: new Uint32Array(n),
    host: new Uint16Array(n),
    dopant: new Uint16Array(n),
    eForm: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    phi: new Float64Array(n),
    deltaE: new Float64Array(n),
    reference: new Float64Array(n),
    heldOut: new Uint8Array(n),
    inDomain: new Uint8Array(n),
    keys: COLUMNS.map((column) => keyColumn(records, column.sortKey)),
  };
  const coverages = new Set<number>();
  records.forEach((r, i) => {
    const p = r.prediction;
    all.recipe[i] = r.recipe;
    all.formula[i] = r.formula;
    all.file[i] = files.id(r.file);
    all.block[i] = blocks.id(recipeBlockName(r.recipe));
    all.host[i] = elements.id(r.host);
    all.dopant[i] = elements.id(r.dopant);
    all.eForm[i] = finite(p?.eForm);
    all.lower[i] = finite(p?.lower);
    all.upper[i] = finite(p?.upper);
    all.phi[i] = finite(QUANTITIES.phi.value(r));
    all.deltaE[i] = finite(r.site?.deltaE);
    all.reference[i] = finite(r.reference);
    all.heldOut[i] = p?.calibration?.heldOut ? 1 : 0;
    all.inDomain[i] = p ? (p.inDomain ? DOMAIN_IN : DOMAIN_OUT) : DOMAIN_NONE;
    if (p) coverages.add(p.coverage);
  });

  const messages: DataMessage[] = [
    {
      type: 'begin',
      run: { ...run, coverages: [...coverages].sort((a, b) => a - b), total: n },
      files: files.values,
      blocks: blocks.values,
      elements: elements.values,
      keyColumns: COLUMNS.map((c) => c.id),
    },
  ];
  for (let offset = 0; offset < n; offset += chunkRows) {
    const end = Math.min(n, offset + chunkRows);
    messages.push({
      type: 'rows',
      runId: run.runId,
      offset,
      recipe: all.recipe.slice(offset, end),
      formula: all.formula.slice(offset, end),
      file: all.file.slice(offset, end),
      block: all.block.slice(offset, end),
      host: all.host.slice(offset, end),
      dopant: all.dopant.slice(offset, end),
      eForm: all.eForm.slice(offset, end),
      lower: all.lower.slice(offset, end),
      upper: all.upper.slice(offset, end),
      phi: all.phi.slice(offset, end),
      deltaE: all.deltaE.slice(offset, end),
      reference: all.reference.slice(offset, end),
      heldOut: all.heldOut.slice(offset, end),
      inDomain: all.inDomain.slice(offset, end),
      keys: all.keys.map((k) => k.slice(offset, end)),
    });
  }
  messages.push({ type: 'end', runId: run.runId });
  return messages;
}

function finite(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

/**
 * The webview's copy of the rows, filled chunk by chunk. Columns are allocated once, at `begin`,
 * for the whole run, so appending a chunk is a few typed-array copies.
 */
export class RowStore implements RowColumns {
  readonly recipe: string[];
  readonly formula: string[];
  readonly file: Uint32Array;
  readonly block: Uint32Array;
  readonly host: Uint16Array;
  readonly dopant: Uint16Array;
  readonly eForm: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly phi: Float64Array;
  readonly deltaE: Float64Array;
  readonly reference: Float64Array;
  readonly heldOut: Uint8Array;
  readonly inDomain: Uint8Array;
  readonly keys: Float64Array[];
  /** Rows received so far (chunks arrive in order). */
  received = 0;

  constructor(readonly begin: BeginMessage) {
    const n = begin.run.total;
    this.recipe = new Array<string>(n).fill('');
    this.formula = new Array<string>(n).fill('');
    this.file = new Uint32Array(n);
    this.block = new Uint32Array(n);
    this.host = new Uint16Array(n);
    this.dopant = new Uint16Array(n);
    this.eForm = new Float64Array(n).fill(Number.NaN);
    this.lower = new Float64Array(n).fill(Number.NaN);
    this.upper = new Float64Array(n).fill(Number.NaN);
    this.phi = new Float64Array(n).fill(Number.NaN);
    this.deltaE = new Float64Array(n).fill(Number.NaN);
    this.reference = new Float64Array(n).fill(Number.NaN);
    this.heldOut = new Uint8Array(n);
    this.inDomain = new Uint8Array(n).fill(DOMAIN_NONE);
    this.keys = begin.keyColumns.map(() => new Float64Array(n).fill(Number.NaN));
  }

  get length(): number {
    return this.begin.run.total;
  }

  get complete(): boolean {
    return this.received >= this.length;
  }

  /** Copies a chunk in; a chunk of another run, or one that does not fit, is refused. */
  append(chunk: RowsMessage): boolean {
    const n = chunk.recipe.length;
    if (chunk.runId !== this.begin.run.runId || chunk.offset < 0 || chunk.offset + n > this.length || chunk.keys.length !== this.keys.length) return false;
    const at = chunk.offset;
    for (let i = 0; i < n; i++) {
      this.recipe[at + i] = chunk.recipe[i];
      this.formula[at + i] = chunk.formula[i];
    }
    this.file.set(chunk.file, at);
    this.block.set(chunk.block, at);
    this.host.set(chunk.host, at);
    this.dopant.set(chunk.dopant, at);
    this.eForm.set(chunk.eForm, at);
    this.lower.set(chunk.lower, at);
    this.upper.set(chunk.upper, at);
    this.phi.set(chunk.phi, at);
    this.deltaE.set(chunk.deltaE, at);
    this.reference.set(chunk.reference, at);
    this.heldOut.set(chunk.heldOut, at);
    this.inDomain.set(chunk.inDomain, at);
    chunk.keys.forEach((k, c) => this.keys[c].set(k, at));
    this.received = Math.max(this.received, at + n);
    return true;
  }

  keyOf(column: string): Float64Array | undefined {
    const c = this.begin.keyColumns.indexOf(column);
    return c < 0 ? undefined : this.keys[c];
  }
}
