import Table from 'cli-table3';
import { intervalText } from '../../../engine/src/numberText';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { terminalText } from '../terminalText';
import { coveragePercent, isBounded, terminalNumber } from '../../../report/src/numbers';
import { labelWithUnit, QUANTITY_LIST, UNBOUNDED_CAUSES, type QuantityKey, type ScalarQuantity } from '../../../report/src/quantities';

/**
 * Score records as a terminal table: one row per recipe with the registry's quantities marked for
 * the table (report/src/quantities.ts: N_metal, ratio, H_mix, χ_env, D, D̃, φ, E_form with its
 * interval, the site call, the reference's residual), each with the registry's decimals and the
 * record's verdict as a mark, then a count of problems. Missing values print as `–`; full
 * precision is in the JSON and CSV formats.
 */

/** The table's quantities, in the registry's order. */
export const TABLE_QUANTITIES: readonly ScalarQuantity[] = QUANTITY_LIST.filter((q): q is ScalarQuantity & { key: QuantityKey } => q.kind === 'scalar' && q.inTable);

/** A value, its interval when the quantity has one, and the record's verdict mark (`!` out of domain, `core`, `outside` …). */
function cell(q: ScalarQuantity, r: ScoreRecord): string {
  const value = q.value(r);
  const mark = q.verdict?.(r)?.mark ?? '';
  if (value === null) return mark || '–';
  const bounds = q.bounds?.(r);
  const text = terminalNumber(value, q.decimals);
  const withBounds = bounds ? `${text} ${intervalText(bounds.lower, bounds.upper, q.decimals)}` : text;
  return mark ? `${withBounds} ${mark}` : withBounds;
}

function header(q: ScalarQuantity, coverage: number): string {
  return q.bounds ? `${labelWithUnit(q)} [${coveragePercent(coverage)}]` : labelWithUnit(q);
}

function issuesCell(r: ScoreRecord): string {
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
  const parts = [];
  if (errors) parts.push(`${errors} error${errors > 1 ? 's' : ''}`);
  if (warnings) parts.push(`${warnings} warning${warnings > 1 ? 's' : ''}`);
  return parts.join(', ');
}

/**
 * Records per printed table. cli-table3 lays out a table in time that grows with the square of its
 * rows (5,000 rows took 11.6 s, 10,000 48 s; 250,000 overflowed its stack after the scoring), so a
 * longer run prints one table per block of this many records, each under its own header, as
 * they come: the first rows show at once and memory holds one block. Per row, a table of 25–100
 * rows costs 0.36–0.40 ms, of 200 0.61 ms, of 500 0.73 ms (14 columns, steady state). Even so a
 * table is for reading, and the example recipes (436) stay one table: CSV or JSON lines write a large
 * run some twenty times faster.
 */
export const TABLE_BLOCK_ROWS = 500;

export interface TableOptions {
  showFile: boolean;
  coverage: number;
}

/** One table of `records`, ending with a newline. */
export function tableBlock(records: readonly ScoreRecord[], options: TableOptions): string {
  const head = ['recipe', 'formula', ...TABLE_QUANTITIES.map((q) => header(q, options.coverage)), 'issues'];
  if (options.showFile) head.unshift('file');
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const r of records) {
    const row = [terminalText(r.recipe), terminalText(r.formula), ...TABLE_QUANTITIES.map((q) => cell(q, r)), issuesCell(r)];
    if (options.showFile) row.unshift(terminalText(r.file));
    table.push(row);
  }
  return `${table.toString()}\n`;
}

/** The marks of the tables' cells that some record used, explained once after the last table. */
const LEGEND: readonly { applies: (r: ScoreRecord) => boolean; text: string }[] = [
  // E_form's and ΔE_site's cells share the mark (OUT_OF_DOMAIN), each for its own model.
  { applies: (r) => (r.prediction !== null && !r.prediction.inDomain) || (r.site !== null && !r.site.inDomain), text: "! outside the model's applicability domain: treat the prediction with caution" },
  {
    applies: (r) => (r.prediction !== null && !isBounded(r.prediction)) || (r.site !== null && !isBounded(r.site)),
    text: `−∞, +∞: an unbounded interval end, no calibrated interval at this coverage (${UNBOUNDED_CAUSES}); a lower --coverage may bound it unless BM405 says it is unbounded at every coverage`,
  },
  { applies: (r) => r.referenceInInterval === false, text: "outside: the recipe's reference energy lies outside the predicted interval" },
  { applies: (r) => r.descriptors?.phiVerdict === 'inaccessible', text: 'low: φ below the threshold, likely hard to synthesize' },
  { applies: (r) => r.descriptors?.phiVerdict === 'undefined' && r.descriptors.phi !== null, text: 'n/a: φ is undefined without an environment (no ligands, no support)' },
];

/** Which LEGEND lines the records of every block so far need. */
export class TableLegend {
  private readonly used = new Set<number>();

  add(records: readonly ScoreRecord[]): void {
    LEGEND.forEach((line, i) => {
      if (!this.used.has(i) && records.some(line.applies)) this.used.add(i);
    });
  }

  /** The lines, each after a newline; empty when no mark was used. */
  text(): string {
    return LEGEND.filter((_, i) => this.used.has(i))
      .map((line) => `${line.text}\n`)
      .join('');
  }
}

/** `records` as one table with its legend (short lists: a longer run is printed block by block, TABLE_BLOCK_ROWS). */
export function recordsToTable(records: readonly ScoreRecord[], options: TableOptions): string {
  const legend = new TableLegend();
  legend.add(records);
  return tableBlock(records, options) + legend.text();
}
