/**
 * Score records as CSV (`bimetal score --format csv`, and the results panel's export, so files
 * from the editor and from pipelines have the same columns). The columns are the record's identity
 * and recipe inputs, then every registry quantity (report/src/quantities.ts) with its unit in the
 * header, its interval bounds and the record's verdict on it, then how much of a calibration
 * applies, the E_form terms and the diagnostics. A header and a row are functions of the records
 * alone (the diagnostics column only remembers its last text), so a writer may stream.
 */
import type { RecordDiagnostic, ScoreRecord, TermRecord } from '../../engine/src/scoreRecord';
import { csvLine, type Cell, type CsvColumn } from './csvCells';
import { CsvChangeRecorder, CsvRowTexts, emptyCsvChanges } from './csvChanges';
import { QUANTITY_LIST, type Quantity } from './quantities';

export { csvLine, type Cell, type CsvColumn } from './csvCells';

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
const IDENTITY: readonly CsvColumn[] = ['file', 'recipe', 'formula', 'host', 'dopant', 'nHost', 'nDopant', 'topology', 'dopantSite', 'charge'].map(field);

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
    // The record's own ligands only: one named `toString` must not read the prototype's.
    const own = (values: Readonly<Record<string, number>>, name: string) => (Object.hasOwn(values, name) ? values[name] : null);
    return ligands.map((name) => ({ header: withUnit(`${q.field}.${name}`, q.unit), cell: (r) => own(q.values(r), name) }));
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
  for (const verdict of q.verdictFields ?? []) columns.push(field(verdict));
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

/** The header line over `columns` (csvColumns), with an `explain` column when asked. */
export function csvHeaderLine(columns: readonly CsvColumn[], explain: boolean): string {
  const header: Cell[] = columns.map((c) => c.header);
  if (explain) header.push('explain');
  return csvLine(header);
}

/**
 * Lines of rows written one after another in this thread: CsvChangeRecorder and CsvRowTexts in
 * turn, a row or a chunk of records at a time.
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

  /**
   * The lines of `records` under `csvHeaderLine(columns, explanations !== undefined)`, two pieces
   * each (see CsvRowTexts), their changes recorded together and read back once.
   */
  records(records: readonly ScoreRecord[], columns: readonly CsvColumn[], explanations: readonly (readonly string[])[] | undefined, pieces: string[]): void {
    this.recorder.records(records, columns, explanations);
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

/** The whole CSV of `records`, with a logP column for each of `ligands` (by default the records' own, csvLigands). */
export function recordsToCsv(records: readonly ScoreRecord[], ligands: readonly string[] = csvLigands(records)): string {
  const columns = csvColumns(ligands);
  const lines = new CsvLines();
  const pieces = [csvHeaderLine(columns, false)];
  lines.records(records, columns, undefined, pieces);
  return pieces.join('');
}
