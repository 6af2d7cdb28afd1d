import Table from 'cli-table3';
import { intervalText } from '../../../engine/src/numberText';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { coveragePercent, isBounded, terminalNumber } from '../../../report/src/numbers';
import { labelWithUnit, QUANTITY_LIST, type QuantityKey, type ScalarQuantity } from '../../../report/src/quantities';

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

export function recordsToTable(records: readonly ScoreRecord[], options: { showFile: boolean; coverage: number }): string {
  const head = ['recipe', 'formula', ...TABLE_QUANTITIES.map((q) => header(q, options.coverage)), 'issues'];
  if (options.showFile) head.unshift('file');
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const r of records) {
    const row = [r.recipe, r.formula, ...TABLE_QUANTITIES.map((q) => cell(q, r)), issuesCell(r)];
    if (options.showFile) row.unshift(r.file);
    table.push(row);
  }
  const legend: string[] = [];
  if (records.some((r) => r.prediction && !r.prediction.inDomain)) legend.push("! outside the model's applicability domain: treat the prediction with caution");
  if (records.some((r) => (r.prediction && !isBounded(r.prediction)) || (r.site && !isBounded(r.site)))) {
    legend.push('−∞, +∞: an unbounded interval end, too few calibration points for this coverage (BM405, which says how many its group holds); a lower --coverage may bound it unless that is none');
  }
  if (records.some((r) => r.referenceInInterval === false)) legend.push("outside: the recipe's reference energy lies outside the predicted interval");
  if (records.some((r) => r.descriptors?.phiVerdict === 'inaccessible')) legend.push('low: φ below the threshold, likely hard to synthesize');
  if (records.some((r) => r.descriptors?.phiVerdict === 'undefined' && r.descriptors.phi !== null)) legend.push('n/a: φ is undefined without an environment (no ligands, no support)');
  return table.toString() + legend.map((l) => `\n${l}`).join('') + '\n';
}
