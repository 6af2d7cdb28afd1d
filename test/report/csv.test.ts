/**
 * The CSV text of report/src/csv.ts (d3-dsv's quoting) is what csv-stringify wrote before it, cell
 * for cell: RFC 4180 quoting of commas, double quotes and line breaks, and nothing else quoted;
 * booleans as `true` / `false`, null as an empty cell, numbers as JavaScript prints them. Files
 * written before and after the change are the same bytes, and csv-parse reads the cells back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { CsvLines, csvColumns, csvLine, csvText, type Cell } from '../../report/src/csv';
import { CsvChangeRecorder, CsvRowTexts, emptyCsvChanges } from '../../report/src/csvChanges';
import { record } from '../helpers/scoreRecord';

/** csv-stringify with the cast the CSV used to have, and a number that is not finite (an unbounded interval end) empty, as JSON's null: the reference text. */
const csvStringify = (rows: Cell[][]) =>
  stringify(rows, { cast: { boolean: (value: boolean) => String(value), number: (value: number) => (Number.isFinite(value) ? String(value) : '') } });

/** What csv-parse reads back: every cell as text. */
const asText = (rows: Cell[][]) => rows.map((row) => row.map((cell) => (cell === null || (typeof cell === 'number' && !Number.isFinite(cell)) ? '' : String(cell))));

const TRICKY: Cell[][] = [
  ['plain', 'a,b', 'say "hi"', '"', '""', ',', 'line\nbreak', 'carriage\rreturn', 'crlf\r\nend'],
  ['Au–Pt', 'φ ≥ −0.30', 'χ_env', 'D̃ (Å)', '🧪', '\ufeffbom', '  padded  ', ' ', '', 'a|b; c\td'],
  [true, false, null, 0, -0, -1.04352, 1e-7, 1.5e21, 123456789012, NaN, Infinity, -Infinity],
  [null, null, null],
  ['3:10 warning BM411 Au–Pt is an immiscible pair (H_mix = +4 kJ/mol); 1:8 warning BM404 "quoted", with a comma', '=SUM(A1)', '-3', '+1', '@x'],
];

test('tricky cells are written exactly as csv-stringify wrote them', () => {
  assert.equal(csvText(TRICKY), csvStringify(TRICKY));
  for (const row of TRICKY) assert.equal(csvLine(row), csvStringify([row]));
});

test('csv-parse reads every tricky cell back as its text', () => {
  assert.deepEqual(parse(csvText(TRICKY), { relax_column_count: true }), asText(TRICKY));
});

test('any rows of strings, numbers, booleans and nulls give csv-stringify’s text and read back', () => {
  const quotingCharacters = fc.constantFrom(',', '"', '\n', '\r', ' ', '\t', ';', '|', 'a', '1', '–', 'φ', '\ufeff', '🧪');
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    fc.string({ unit: quotingCharacters }),
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 8 }), { minLength: 1, maxLength: 6 }), (rows) => {
      const text = csvText(rows);
      assert.equal(text, csvStringify(rows));
      assert.deepEqual(parse(text, { relax_column_count: true }), asText(rows));
    }),
    { seed: 20261202, numRuns: 500 },
  );
});

test('lines written one after another keep each row its own text while cells repeat or change from row to row', () => {
  // A pool this small repeats cells from row to row, as a family does; 0 and -0 are equal and print alike, NaN equals nothing.
  const cell = fc.constantFrom<Cell>(0, -0, 1.5, NaN, null, '', 'a,b', 'Au–Pt', true, false, '1.5');
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { minLength: 1, maxLength: 12 }), (rows) => {
      const lines = new CsvLines();
      assert.deepEqual(
        rows.map((row) => lines.line(row)),
        rows.map((row) => csvLine(row)),
      );
    }),
    { seed: 20261203, numRuns: 500 },
  );
});

test('rows recorded as changes, many to a batch and cut anywhere, read back as the lines of their cells', () => {
  // Strings of any length (their lengths travel among the codes), widths that change between rows, and cells that repeat.
  const cell = fc.oneof(fc.constantFrom<Cell>(0, -0, 1.5, NaN, Infinity, null, true, false, ''), fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', 'Δ', '🧪'), maxLength: 40 }));
  fc.assert(
    fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { minLength: 1, maxLength: 30 }), fc.array(fc.nat(30), { maxLength: 4 }), (rows, cuts) => {
      // Small arrays, so that recording grows them.
      const recorder = new CsvChangeRecorder(emptyCsvChanges(2, 1));
      const texts = new CsvRowTexts();
      const pieces: string[] = [];
      rows.forEach((row, i) => {
        recorder.cells(row);
        if (cuts.includes(i)) texts.lines(recorder.take(emptyCsvChanges(2, 1)), pieces);
      });
      texts.lines(recorder.take(emptyCsvChanges(2, 1)), pieces);
      assert.equal(pieces.join(''), rows.map(csvLine).join(''));
      assert.equal(pieces.length, 2 * rows.length, 'two pieces a line');
    }),
    { seed: 20261206, numRuns: 500 },
  );
});

test('a dotted column reads its path of the record, and is empty where a step of it is missing', () => {
  const columns = csvColumns([]);
  const column = (header: string) => columns.find((c) => c.header === header)!;
  const withSite = { site: { preferred: 'core' }, prediction: { inDomain: false } } as unknown as ScoreRecord;
  const withoutSite = { site: null, prediction: null } as unknown as ScoreRecord;
  assert.equal(column('site.preferred').cell(withSite), 'core');
  assert.equal(column('site.preferred').cell(withoutSite), null);
  assert.equal(column('prediction.inDomain').cell(withSite), false);
  assert.equal(column('prediction.inDomain').cell(withoutSite), null);
  assert.equal(column('descriptors.phiThreshold').cell({ descriptors: undefined } as unknown as ScoreRecord), null);
  // One step: the record's own field; a record without a label has no `reference` field at all.
  assert.equal(column('reference (eV/atom)').cell({ reference: -2.5 } as unknown as ScoreRecord), -2.5);
  assert.equal(column('reference (eV/atom)').cell({} as unknown as ScoreRecord), null);
  assert.equal(column('referenceInInterval').cell({ referenceInInterval: false } as unknown as ScoreRecord), false);
  // Three steps.
  assert.equal(column('prediction.calibration.weight').cell({ prediction: { calibration: { weight: 0.5 } } } as unknown as ScoreRecord), 0.5);
  assert.equal(column('prediction.calibration.weight').cell({ prediction: { calibration: null } } as unknown as ScoreRecord), null);
});

test('a record\'s line is the line of its cells, with its explanation last when there is one, whatever came before it', () => {
  const cell = fc.constantFrom<Cell>(0, 1.5, NaN, null, '', 'a,b', 'Au–Pt', true, '1.5');
  // Rows of 0 to 3 columns in turn: a row's width may differ from the previous row's.
  const row = fc.record({ cells: fc.array(cell, { maxLength: 3 }), explanation: fc.option(fc.array(fc.constantFrom('E = a + b', 'x, "y"', ''), { maxLength: 3 }), { nil: undefined }) });
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
      const lines = new CsvLines();
      for (const { cells, explanation } of rows) {
        const columns = cells.map((_, i) => ({ header: `c${i}`, cell: (r: ScoreRecord) => (r as unknown as Cell[])[i] }));
        const pieces: string[] = [];
        lines.records([cells as unknown as ScoreRecord], columns, explanation && [explanation], pieces);
        assert.equal(pieces.length, 2, 'two pieces a line');
        // The reference: every cell's text made anew, quoted as csv-stringify quotes (the TRICKY rows above).
        assert.equal(pieces.join(''), csvLine(explanation ? [...cells, explanation.join(' | ')] : cells));
      }
    }),
    { seed: 20261205, numRuns: 300 },
  );
});

test('the diagnostics cell of each row is its own record\'s, however rows before it repeat or differ', () => {
  const diagnostic = (code: string, line: number, message: string) => ({ line, column: 3, severity: 'warning' as const, code, message });
  const base = diagnostic('BM411', 3, 'Au–Pt is an immiscible pair');
  // Each differs from the first in one field only (or in length), which the column must notice.
  const kinds = [
    [base],
    [],
    [{ ...base, line: 4 }],
    [{ ...base, column: 4 }],
    [{ ...base, severity: 'error' as const }],
    [{ ...base, code: 'BM410' }],
    [{ ...base, message: 'Au–Ni is an immiscible pair' }],
    [base, diagnostic('BM405', 3, 'unbounded')],
  ];
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: kinds.length - 1 }), { minLength: 1, maxLength: 10 }), (picks) => {
      // A fresh copy per row, as records are: equal diagnostics, never the same objects.
      const rows = picks.map((k) => ({ diagnostics: kinds[k].map((d) => ({ ...d })) }) as unknown as ScoreRecord);
      const streamed = csvColumns([]).find((c) => c.header === 'diagnostics')!;
      assert.deepEqual(
        rows.map((r) => streamed.cell(r)),
        rows.map((r) => csvColumns([]).find((c) => c.header === 'diagnostics')!.cell(r)),
      );
    }),
    { seed: 20261205, numRuns: 300 },
  );
  const one = csvColumns([]).find((c) => c.header === 'diagnostics')!;
  assert.equal(one.cell({ diagnostics: kinds[7] } as unknown as ScoreRecord), '3:3 warning BM411 Au–Pt is an immiscible pair; 3:3 warning BM405 unbounded');
});

test('an unbounded interval end (BM405: ±Infinity in the record) is an empty cell, as JSON writes it null', () => {
  const shell = record('Shell', -3.6);
  shell.prediction = { ...shell.prediction!, lower: -Infinity, upper: Infinity };
  const columns = csvColumns([]);
  const at = (header: string) => columns.findIndex((c) => c.header === header);
  const cells = parse(csvLine(columns.map((c) => c.cell(shell))))[0] as string[];
  assert.equal(cells[at('prediction.eForm (eV/atom)')], '-3.6');
  assert.equal(cells[at('prediction.lower (eV/atom)')], '');
  assert.equal(cells[at('prediction.upper (eV/atom)')], '');
});
