/**
 * CSV rows as what changed from each row to the one before it (CsvChanges), written by
 * CsvChangeRecorder where the records are and turned into lines by CsvRowTexts, on the same
 * thread (csv.ts: CsvLines) or on a thread of its own (cli/src/formats/csvThread.ts).
 */
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { cellText, type Cell, type CsvColumn } from './csvCells';

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
   * then its length. A row of another length than the one before starts afresh (csvText's rows need
   * not all be as long).
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

  /**
   * The records' rows under `csvHeaderLine(columns, explanations !== undefined)` (csv.ts), each
   * with its explanation: their cells are read straight from the records, no row of them made.
   */
  records(records: readonly ScoreRecord[], columns: readonly CsvColumn[], explanations: readonly (readonly string[])[] | undefined): void {
    records.forEach((record, i) => {
      const explanation = explanations?.[i];
      this.startRow(columns.length + (explanation ? 1 : 0));
      for (let c = 0; c < columns.length; c++) this.put(c, columns[c].cell(record));
      if (explanation) this.put(columns.length, explanation.join(' | '));
    });
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
   * diagnostics of a family's rows are one string (`npm run bench -- batch`). A chunk whose
   * changed strings hold such text (a diagnostics message that changed, any `--explain` text, which
   * says 'ΔE') gives two-byte slices and rows, as its strings come as one (CsvChanges.text). A
   * newline added to the joined line instead would make a rope, which the UTF-8 encoder copies
   * flat once more.
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
