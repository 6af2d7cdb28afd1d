/**
 * A CSV cell and its text: the one definition of how a record's value reads in a CSV, whether the
 * rows are made on the scoring thread (csv.ts) or on a thread of their own (csvChanges.ts).
 */
import { csvFormatValue } from 'd3-dsv';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { significantText } from '../../engine/src/significant';

export type Cell = string | number | boolean | null;

export interface CsvColumn {
  header: string;
  cell(record: ScoreRecord): Cell;
}

/**
 * A cell as CSV: booleans as `true` / `false`, null as an empty cell, and d3-dsv's quoting (a cell
 * with a comma, a double quote or a line break is quoted, its quotes doubled: RFC 4180). This is
 * the text csv-stringify wrote (test/report/csv.test.ts) at a quarter of its cost or less, which
 * matters for a family of 100,000 rows (`npm run bench -- batch`).
 */
export function cellText(cell: Cell): string {
  // A number's text never holds a comma, a quote or a line break: nothing to quote. An unbounded
  // interval end (BM405) is an empty cell, as JSON writes it null.
  if (typeof cell === 'number') return Number.isFinite(cell) ? significantText(cell) : '';
  return csvFormatValue(cell === null ? '' : String(cell));
}

/** One row as a CSV line, every cell's text made anew (a header, or a row on its own). */
export function csvLine(row: readonly Cell[]): string {
  return row.map(cellText).join(',') + '\n';
}
