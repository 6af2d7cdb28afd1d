import Table from 'cli-table3';
import { fixedText, intervalEndText } from '../../../engine/src/numberText';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';

/**
 * Score records as a terminal table: one row per recipe with the descriptors a chemist screens
 * on (H_mix, χ_env, D̃, φ), E_form with its conformal interval, and the site preference.
 * Missing values print as `–`; full precision is in the JSON and CSV formats.
 */
const DASH = '–';

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? DASH : fixedText(value, digits);
}

/** `+0.40`, `-1.04`, `0.00`. */
function signed(value: number, digits: number): string {
  const text = fixedText(value, digits);
  return Number(text) > 0 ? `+${text}` : text;
}

function eFormCell(r: ScoreRecord): string {
  const p = r.prediction;
  if (!p) return DASH;
  const interval = `${p.eForm.toFixed(2)} [${intervalEndText(p.lower, 2, 'lower')}, ${intervalEndText(p.upper, 2, 'upper')}]`;
  return p.inDomain ? interval : `${interval} !`;
}

/** `core -0.40`; an undetermined call shows its interval, which is why it cannot decide. */
function siteCell(r: ScoreRecord): string {
  const s = r.site;
  if (!s) return DASH;
  if (s.preferred === 'undetermined') return `undetermined [${intervalEndText(s.lower, 2, 'lower')}, ${intervalEndText(s.upper, 2, 'upper')}]`;
  return `${s.preferred} ${signed(s.deltaE, 2)}`;
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
  const head = [
    'recipe', 'formula', 'N', 'ratio', 'H_mix', 'χ_env', 'D (Å)', 'D̃', 'φ',
    `E_form eV/atom [${Math.round(options.coverage * 100)} %]`, 'site ΔE (eV)', 'issues',
  ];
  if (options.showFile) head.unshift('file');
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const r of records) {
    const d = r.descriptors;
    const row = [
      r.recipe, r.formula, String(r.nMetal), r.ratio.toFixed(3),
      fixed(d?.hMix, 1), fixed(d?.chiEnv, 2), fixed(d?.distance, 2), fixed(d?.reducedDistance, 2), fixed(d?.phi, 2),
      eFormCell(r), siteCell(r), issuesCell(r),
    ];
    if (options.showFile) row.unshift(r.file);
    table.push(row);
  }
  const legend = records.some((r) => r.prediction && !r.prediction.inDomain)
    ? '\n! outside the model\'s applicability domain: treat the prediction with caution'
    : '';
  return table.toString() + legend + '\n';
}
