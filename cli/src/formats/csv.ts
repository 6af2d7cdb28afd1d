import { stringify } from 'csv-stringify/sync';
import type { ScoreRecord, TermRecord } from '../../../engine/src/scoreRecord';

/**
 * Score records as CSV with flattened columns (`descriptors.hMix`, `prediction.eForm`,
 * `descriptors.logP.PET`, …). The column set is fixed by the record schema, plus one logP column
 * per ligand seen in any record, so every row has the same columns whether or not a value exists.
 */
const FIXED_COLUMNS = [
  'file', 'recipe', 'formula', 'host', 'dopant', 'nHost', 'nDopant', 'nMetal', 'ratio',
  'descriptors.hMix', 'descriptors.chiEnv', 'descriptors.deltaChi', 'descriptors.deltaM',
  'descriptors.deltaR', 'descriptors.distance', 'descriptors.reducedDistance', 'descriptors.phi',
] as const;
const PREDICTION_COLUMNS = [
  'prediction.eForm', 'prediction.lower', 'prediction.upper', 'prediction.coverage',
  'prediction.model', 'prediction.inDomain',
] as const;
/** One column per E_form term (`prediction.terms.size`, …): its value, or empty when the record has none. */
const TERM_KEYS: readonly TermRecord['key'][] = ['size', 'mixing', 'environment', 'ordering'];
const SITE_COLUMNS = ['site.preferred', 'site.deltaE', 'site.lower', 'site.upper'] as const;

export type Cell = string | number | boolean | null;

function valueAt(record: ScoreRecord, column: string): Cell {
  let value: unknown = record;
  for (const key of column.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined ? null : (value as Cell);
}

function ligandNames(records: readonly ScoreRecord[]): string[] {
  const names = new Set<string>();
  for (const r of records) for (const name of Object.keys(r.descriptors?.logP ?? {})) names.add(name);
  return [...names];
}

function diagnosticsCell(record: ScoreRecord): string {
  return record.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`).join('; ');
}

/** The header row: the fixed columns, one logP column per ligand in `ligands`, then the rest. */
export function csvHeader(ligands: readonly string[], explain: boolean): string[] {
  const header: string[] = [
    ...FIXED_COLUMNS,
    ...ligands.map((name) => `descriptors.logP.${name}`),
    ...PREDICTION_COLUMNS,
    ...TERM_KEYS.map((key) => `prediction.terms.${key}`),
    ...SITE_COLUMNS,
    'diagnostics',
  ];
  if (explain) header.push('explain');
  return header;
}

/** One record's row under `csvHeader(ligands, explanation !== undefined)`. */
export function csvRow(r: ScoreRecord, ligands: readonly string[], explanation?: readonly string[]): Cell[] {
  const row: Cell[] = FIXED_COLUMNS.map((c) => valueAt(r, c));
  for (const name of ligands) row.push(r.descriptors?.logP[name] ?? null);
  for (const c of PREDICTION_COLUMNS) row.push(valueAt(r, c));
  for (const key of TERM_KEYS) row.push(r.prediction?.terms.find((t) => t.key === key)?.value ?? null);
  for (const c of SITE_COLUMNS) row.push(valueAt(r, c));
  row.push(diagnosticsCell(r));
  if (explanation) row.push(explanation.join(' | '));
  return row;
}

/** Rows as CSV text, each ending in a newline, so chunks written one after another make one file. */
export function csvText(rows: readonly Cell[][]): string {
  return stringify(rows as Cell[][], { cast: { boolean: (value) => String(value) } });
}

export function recordsToCsv(records: readonly ScoreRecord[], explanations?: ReadonlyMap<ScoreRecord, string[]>): string {
  const ligands = ligandNames(records);
  const header = csvHeader(ligands, explanations !== undefined);
  return csvText([header, ...records.map((r) => csvRow(r, ligands, explanations && (explanations.get(r) ?? [])))]);
}
