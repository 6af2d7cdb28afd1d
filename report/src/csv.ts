/**
 * Score records as CSV (`bimetal score --format csv`, and the results panel's export, so files
 * from the editor and from pipelines have the same columns). The columns are the record's identity
 * and recipe inputs, then every registry quantity (report/src/quantities.ts) with its unit in the
 * header, its interval bounds and the record's verdict on it, then how much of a calibration
 * applies, the E_form terms and the diagnostics. A header and a row are functions of the records
 * alone (the diagnostics column only remembers its last text), so a writer may stream.
 */
import { csvFormatValue } from 'd3-dsv';
import type { RecordDiagnostic, ScoreRecord, TermRecord } from '../../engine/src/scoreRecord';
import { significantText } from '../../engine/src/significant';
import { QUANTITY_LIST, type Quantity } from './quantities';

export type Cell = string | number | boolean | null;

export interface CsvColumn {
  header: string;
  cell(record: ScoreRecord): Cell;
}

/** The column of a dotted path of the record (`site.preferred`), split once for all rows; null where any step is missing. */
function field(path: string): CsvColumn {
  const keys = path.split('.');
  return { header: path, cell: keys.length === 2 ? nestedField(keys[0], keys[1]) : pathField(keys) };
}

/**
 * Most columns are two steps deep (`descriptors.phi`): read directly, as each row reads some
 * thirty of them and the walk over the keys was 3 % of a batch's CPU time (`npm run bench -- batch`).
 */
function nestedField(outer: string, inner: string): (record: ScoreRecord) => Cell {
  return (record) => {
    const parent = (record as unknown as Record<string, Record<string, Cell | undefined> | null | undefined>)[outer];
    return parent === null || typeof parent !== 'object' ? null : (parent[inner] ?? null);
  };
}

function pathField(keys: readonly string[]): (record: ScoreRecord) => Cell {
  return (record) => {
    let value: unknown = record;
    for (const key of keys) {
      if (value === null || typeof value !== 'object') return null;
      value = (value as Record<string, unknown>)[key];
    }
    return value === undefined ? null : (value as Cell);
  };
}

function withUnit(header: string, unit: string): string {
  return unit ? `${header} (${unit})` : header;
}

/** What identifies a record and what the recipe stated (its topology and dopant site), before any computed number. */
const IDENTITY: readonly CsvColumn[] = ['file', 'recipe', 'formula', 'host', 'dopant', 'nHost', 'nDopant', 'topology', 'dopantSite'].map(field);

/**
 * One E_form term per column (`prediction.terms.size`, …): its value, or empty when the record has
 * none. Every key a record can carry has its column (a key missing here does not compile), so a
 * row's terms sum to its E_form as the record's do: `calibration` is the shift of a calibrated
 * record (`score --calibration`, the editor's own calibration), empty for an uncalibrated one.
 */
const TERM_KEYS = Object.keys({ size: 0, mixing: 0, environment: 0, ordering: 0, calibration: 0 } satisfies Record<TermRecord['key'], 0>) as TermRecord['key'][];

/**
 * How much of a calibration reaches a record's E_form and site ΔE (`prediction.calibration.weight`,
 * `site.calibration.weight`: 1 among the labels, fading to 0 far from them), and whether the value
 * is a label's held-out one (`…calibration.heldOut`: true on a recipe that is one of the labels, so
 * its residual is read as held out); empty when not calibrated.
 */
const CALIBRATION_COLUMNS: readonly CsvColumn[] = ['prediction.calibration.weight', 'prediction.calibration.heldOut', 'site.calibration.weight', 'site.calibration.heldOut'].map(field);

/**
 * A quantity's columns: the record's value (one per ligand for logP), its interval, and the verdict
 * the record carries. The value is the record's own, as JSON writes it, not the one a view shows
 * (`q.value`): a bare core's φ is 0 here as in JSON, its `descriptors.phiVerdict` beside it
 * `undefined`, where the hover and the tables say n/a. A file of records says the same in every format.
 */
function quantityColumns(q: Quantity, ligands: readonly string[]): CsvColumn[] {
  if (q.kind === 'perLigand') {
    return ligands.map((name) => ({ header: withUnit(`${q.field}.${name}`, q.unit), cell: (r) => q.values(r)[name] ?? null }));
  }
  const columns: CsvColumn[] = [{ header: withUnit(q.field, q.unit), cell: field(q.field).cell }];
  if (q.bounds) {
    const parent = q.field.slice(0, q.field.lastIndexOf('.'));
    const bounds = q.bounds.bind(q);
    columns.push(
      { header: withUnit(`${parent}.lower`, q.unit), cell: (r) => bounds(r)?.lower ?? null },
      { header: withUnit(`${parent}.upper`, q.unit), cell: (r) => bounds(r)?.upper ?? null },
    );
  }
  if (q.verdictField) columns.push(field(q.verdictField));
  return columns;
}

function termValue(record: ScoreRecord, key: TermRecord['key']): number | null {
  for (const term of record.prediction?.terms ?? []) if (term.key === key) return term.value ?? null;
  return null;
}

/**
 * The diagnostics column. The members of a family mostly carry the same diagnostics, so a row
 * whose diagnostics read as the previous row's gets that row's text, made once. It compares with
 * the previous record's list as that record holds it: records are never changed once made.
 */
function diagnosticsColumn(): CsvColumn {
  let previous: readonly RecordDiagnostic[] = [];
  let text = '';
  const cell = (record: ScoreRecord): string => {
    if (!sameDiagnostics(record.diagnostics, previous)) text = record.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`).join('; ');
    previous = record.diagnostics;
    return text;
  };
  return { header: 'diagnostics', cell };
}

function sameDiagnostics(a: readonly RecordDiagnostic[], b: readonly RecordDiagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.line !== y.line || x.column !== y.column || x.severity !== y.severity || x.code !== y.code || x.message !== y.message) return false;
  }
  return true;
}

/** The ligands named in any record: one logP column each, so every row has the same columns. */
export function csvLigands(records: readonly ScoreRecord[]): string[] {
  const names = new Set<string>();
  for (const r of records) for (const name of Object.keys(r.descriptors?.logP ?? {})) names.add(name);
  return [...names];
}

/** Every column, for records whose ligands are `ligands` (csvLigands). */
export function csvColumns(ligands: readonly string[]): CsvColumn[] {
  return [
    ...IDENTITY,
    ...QUANTITY_LIST.flatMap((q) => quantityColumns(q, ligands)),
    field('descriptors.phiThreshold'),
    ...['prediction.coverage', 'prediction.model'].map(field),
    ...CALIBRATION_COLUMNS,
    ...TERM_KEYS.map((key) => ({ header: withUnit(`prediction.terms.${key}`, 'eV/atom'), cell: (r: ScoreRecord) => termValue(r, key) })),
    diagnosticsColumn(),
  ];
}

/** The header row over `columns` (csvColumns), with an `explain` column when asked. */
export function csvHeader(columns: readonly CsvColumn[], explain: boolean): Cell[] {
  const header: Cell[] = columns.map((c) => c.header);
  if (explain) header.push('explain');
  return header;
}

/**
 * A cell as CSV: booleans as `true` / `false`, null as an empty cell, and d3-dsv's quoting (a cell
 * with a comma, a double quote or a line break is quoted, its quotes doubled: RFC 4180). This is
 * the text csv-stringify wrote (test/report/csv.test.ts) at a quarter of its cost or less, which
 * matters for a family of 100,000 rows (`npm run bench -- batch`).
 */
function cellText(cell: Cell): string {
  // A number's text never holds a comma, a quote or a line break: nothing to quote. An unbounded
  // interval end (BM405) is an empty cell, as JSON writes it null.
  if (typeof cell === 'number') return Number.isFinite(cell) ? significantText(cell) : '';
  return csvFormatValue(cell === null ? '' : String(cell));
}

/** One row as a CSV line, every cell's text made anew (a header, or a row on its own). */
export function csvLine(row: readonly Cell[]): string {
  return row.map(cellText).join(',') + '\n';
}

/** What a changed cell holds, as CsvChanges codes it. */
const enum CellKind {
  NUMBER = 0,
  STRING = 1,
  TRUE = 2,
  FALSE = 3,
  NULL = 4,
}

/** A code's low bits: its CellKind; the rest: the column. */
const KIND_BITS = 3;
const KIND_MASK = (1 << KIND_BITS) - 1;

/**
 * Rows of cells as what changed from each row to the one before it, in typed arrays a worker
 * thread takes without copying (cli/src/formats/csvThread.ts). In a family most columns hold one
 * value from row to row (the pair's descriptors, the model, the coverage), so a row is its dozen
 * changed cells rather than its forty-odd.
 */
export interface CsvChanges {
  /**
   * A row starts with the bitwise complement of its cell count (negative), then each of its cells
   * that differs from the row before: its column << KIND_BITS | its CellKind, and for a STRING cell
   * then its length. A row of another length than the one before starts afresh (a header, then records).
   */
  codes: Int32Array;
  codeCount: number;
  /** The NUMBER cells' values, in code order. */
  numbers: Float64Array;
  numberCount: number;
  /**
   * The STRING cells' values one after another, in code order: one string crosses to another
   * thread for the price of a copy, where hundreds of them were each serialised.
   */
  text: string;
}

export function emptyCsvChanges(codeCapacity = 1024, numberCapacity = 512): CsvChanges {
  return { codes: new Int32Array(codeCapacity), codeCount: 0, numbers: new Float64Array(numberCapacity), numberCount: 0, text: '' };
}

/**
 * Writes rows into CsvChanges: what each row's cells are, compared with the previous row's. Reading
 * the records stays with the thread that has them; making the text is CsvRowTexts' part.
 */
export class CsvChangeRecorder {
  private readonly previous: Cell[] = [];
  private length = -1;
  /** The STRING cells since the last take, for CsvChanges.text. */
  private readonly strings: string[] = [];

  constructor(private changes: CsvChanges = emptyCsvChanges()) {}

  /** A row of cells. */
  cells(row: readonly Cell[]): void {
    this.startRow(row.length);
    for (let i = 0; i < row.length; i++) this.put(i, row[i]);
  }

  /** One record's row under `csvHeader(columns, explanation !== undefined)`: its cells are read straight from the record, no row of them made. */
  record(record: ScoreRecord, columns: readonly CsvColumn[], explanation: readonly string[] | undefined): void {
    this.startRow(columns.length + (explanation ? 1 : 0));
    for (let i = 0; i < columns.length; i++) this.put(i, columns[i].cell(record));
    if (explanation) this.put(columns.length, explanation.join(' | '));
  }

  /** The rows recorded since the last take; the recorder goes on into `next` (emptied), so the taken ones may be handed to another thread. */
  take(next: CsvChanges): CsvChanges {
    const taken = this.changes;
    taken.text = this.strings.join('');
    this.strings.length = 0;
    next.codeCount = 0;
    next.numberCount = 0;
    this.changes = next;
    return taken;
  }

  private startRow(length: number): void {
    if (this.length !== length) {
      this.length = length;
      this.previous.length = 0;
    }
    this.code(~length);
  }

  private put(i: number, cell: Cell): void {
    // A cell never written before is undefined here, which no cell is.
    if (cell === this.previous[i]) return;
    this.previous[i] = cell;
    const changes = this.changes;
    if (typeof cell === 'number') {
      if (changes.numberCount === changes.numbers.length) changes.numbers = grown(changes.numbers, new Float64Array(2 * changes.numbers.length));
      changes.numbers[changes.numberCount++] = cell;
      this.code((i << KIND_BITS) | CellKind.NUMBER);
    } else if (typeof cell === 'string') {
      this.strings.push(cell);
      this.code((i << KIND_BITS) | CellKind.STRING);
      this.code(cell.length);
    } else this.code((i << KIND_BITS) | (cell === null ? CellKind.NULL : cell ? CellKind.TRUE : CellKind.FALSE));
  }

  private code(code: number): void {
    const changes = this.changes;
    if (changes.codeCount === changes.codes.length) changes.codes = grown(changes.codes, new Int32Array(2 * changes.codes.length));
    changes.codes[changes.codeCount++] = code;
  }
}

function grown<T extends Int32Array | Float64Array>(values: T, larger: T): T {
  larger.set(values);
  return larger;
}

/**
 * The CSV lines of rows given as CsvChanges, each line as two pieces that make it when written one
 * after the other. A column's text is made when its value changes and reused while it stays the
 * same: a number's text costs far more than a comparison.
 */
export class CsvRowTexts {
  /** Each column's text but the last column's. */
  private readonly head: string[] = [];
  /**
   * The last column's text, after its comma and with the line's newline: a row is `head` joined,
   * then this. Kept apart, a row of plain ASCII stays a one-byte string when only its last cell
   * (the diagnostics, whose messages hold '–', 'φ', 'χ') needs two bytes a character, and the
   * diagnostics of a family's rows are one string (`npm run bench -- batch`). A newline added to
   * the joined line instead would make a rope, which the UTF-8 encoder copies flat once more.
   */
  private tail = '\n';
  private length = -1;

  lines(changes: CsvChanges, pieces: string[]): void {
    const { codes, numbers, text: strings } = changes;
    let number = 0;
    let string = 0;
    let inRow = false;
    for (let k = 0; k < changes.codeCount; k++) {
      const code = codes[k];
      if (code < 0) {
        if (inRow) this.endRow(pieces);
        inRow = true;
        this.startRow(~code);
        continue;
      }
      const kind = code & KIND_MASK;
      let cell: Cell;
      if (kind === CellKind.STRING) {
        const end = string + codes[++k];
        cell = strings.slice(string, end);
        string = end;
      } else cell = kind === CellKind.NUMBER ? numbers[number++] : kind === CellKind.TRUE ? true : kind === CellKind.FALSE ? false : null;
      const text = cellText(cell);
      const column = code >> KIND_BITS;
      if (column === this.length - 1) this.tail = (column > 0 ? ',' : '') + text + '\n';
      else this.head[column] = text;
    }
    if (inRow) this.endRow(pieces);
  }

  private startRow(length: number): void {
    if (this.length === length) return;
    this.length = length;
    this.head.length = Math.max(0, length - 1);
    this.tail = '\n';
  }

  private endRow(pieces: string[]): void {
    pieces.push(this.head.join(','), this.tail);
  }
}

/**
 * Lines of rows written one after another in this thread: CsvChangeRecorder and CsvRowTexts in
 * turn, a row at a time.
 */
export class CsvLines {
  private readonly recorder = new CsvChangeRecorder();
  private readonly texts = new CsvRowTexts();
  private spare = emptyCsvChanges(64, 64);

  line(row: readonly Cell[]): string {
    this.recorder.cells(row);
    const pieces: string[] = [];
    this.flush(pieces);
    return pieces.join('');
  }

  /** One record's line under `csvHeader(columns, explanation !== undefined)`, as two pieces (see CsvRowTexts). */
  recordPieces(record: ScoreRecord, columns: readonly CsvColumn[], explanation: readonly string[] | undefined, pieces: string[]): void {
    this.recorder.record(record, columns, explanation);
    this.flush(pieces);
  }

  private flush(pieces: string[]): void {
    const changes = this.recorder.take(this.spare);
    this.texts.lines(changes, pieces);
    this.spare = changes;
  }
}

/** Rows as CSV text, each ending in a newline. */
export function csvText(rows: readonly Cell[][]): string {
  const lines = new CsvLines();
  return rows.map((row) => lines.line(row)).join('');
}

/** The whole CSV of `records`, with an `explain` column when explanations are given. */
export function recordsToCsv(records: readonly ScoreRecord[], explanations?: ReadonlyMap<ScoreRecord, string[]>): string {
  const columns = csvColumns(csvLigands(records));
  const lines = new CsvLines();
  const pieces = [csvLine(csvHeader(columns, explanations !== undefined))];
  for (const r of records) lines.recordPieces(r, columns, explanations && (explanations.get(r) ?? []), pieces);
  return pieces.join('');
}
