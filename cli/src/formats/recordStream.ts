/**
 * `bimetal score`'s output formats as outputs that take records a chunk at a time, so a family of
 * any size is printed without holding its records: JSON lines and CSV row by row, the JSON array
 * element by element (the same text as `JSON.stringify(records, null, 2)`). Only the terminal
 * table waits for every record, because its column widths depend on all of them. CSV, the format
 * of large sweeps, makes its text on a thread of its own (csvThread.ts).
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { CsvLines, csvColumns, csvHeaderLine, type CsvColumn } from '../../../report/src/csv';
import { CsvThreadOutput } from './csvThread';
import { EncodedOutput } from './encodedOutput';
import { TABLE_BLOCK_ROWS, TableLegend, tableBlock } from './table';

export type ScoreFormat = 'json' | 'jsonl' | 'csv' | 'table';
export const SCORE_FORMATS: readonly ScoreFormat[] = ['json', 'jsonl', 'csv', 'table'];

/** One chunk of records, with each record's `--explain` lines when they were asked for. */
export interface RecordChunk {
  records: readonly ScoreRecord[];
  explanations?: readonly (readonly string[])[];
}

/**
 * Writers return text in pieces, a record each (EncodedOutput encodes them one after another):
 * joined into one long string first, a chunk would be copied once more, into a string big
 * enough to need fresh memory, and JSON's `–`, `φ`, `χ` make it a two-byte string at that.
 */
export interface RecordWriter {
  /** Text for one chunk, in pieces (possibly none). */
  chunk(chunk: RecordChunk): string[];
  /** Text that closes the output. */
  end(): string[];
}

export interface WriterOptions {
  format: ScoreFormat;
  /** Whether records come with `--explain` lines. */
  explain: boolean;
  /** CSV: the ligands that get a logP column (Scorer.ligandLabels of every input). */
  ligands: readonly string[];
  /** Table: coverage for the E_form header, and whether several files are printed. */
  coverage: number;
  showFile: boolean;
}

function withExplanation(record: ScoreRecord, chunk: RecordChunk, i: number): object {
  return chunk.explanations ? { ...record, explain: chunk.explanations[i] } : record;
}

class JsonLinesWriter implements RecordWriter {
  chunk(chunk: RecordChunk): string[] {
    return chunk.records.map((r, i) => JSON.stringify(withExplanation(r, chunk, i)) + '\n');
  }

  end(): string[] {
    return [];
  }
}

/** An indented JSON array written element by element. */
class JsonArrayWriter implements RecordWriter {
  private written = 0;

  chunk(chunk: RecordChunk): string[] {
    return chunk.records.map((r, i) => {
      // JSON.stringify escapes newlines inside strings, so every raw newline is a line break to indent.
      const element = JSON.stringify(withExplanation(r, chunk, i), null, 2).replace(/\n/g, '\n  ');
      return (this.written++ === 0 ? '[\n  ' : ',\n  ') + element;
    });
  }

  end(): string[] {
    return [this.written === 0 ? '[]\n' : '\n]\n'];
  }
}

class CsvWriter implements RecordWriter {
  private headerWritten = false;
  private readonly lines = new CsvLines();
  private readonly columns: readonly CsvColumn[];

  constructor(
    ligands: readonly string[],
    private readonly explain: boolean,
  ) {
    this.columns = csvColumns(ligands);
  }

  chunk(chunk: RecordChunk): string[] {
    const pieces = this.header();
    this.lines.records(chunk.records, this.columns, chunk.explanations, pieces);
    return pieces;
  }

  end(): string[] {
    return this.header();
  }

  /** The header once, before the first row (or alone, for an empty output). */
  private header(): string[] {
    if (this.headerWritten) return [];
    this.headerWritten = true;
    return [csvHeaderLine(this.columns, this.explain)];
  }
}

/** Keeps every record: column widths depend on all rows. Tables are for reading on a terminal, not for sweeps. */
/** The table format: a table per TABLE_BLOCK_ROWS records as they come, each followed by its explanations, and the legend after the last. */
class TableWriter implements RecordWriter {
  private records: ScoreRecord[] = [];
  private explanations: (readonly string[])[] = [];
  private readonly legend = new TableLegend();
  private printed = false;

  constructor(private readonly options: WriterOptions) {}

  chunk(chunk: RecordChunk): string[] {
    chunk.records.forEach((r, i) => {
      this.records.push(r);
      if (chunk.explanations) this.explanations.push(chunk.explanations[i]);
    });
    const out: string[] = [];
    while (this.records.length > TABLE_BLOCK_ROWS) out.push(this.block(TABLE_BLOCK_ROWS, false));
    return out;
  }

  end(): string[] {
    // The last block, also when empty and none was printed: the header says what the columns would have been.
    return this.records.length > 0 || !this.printed ? [this.block(this.records.length, true)] : [this.legend.text()];
  }

  private block(rows: number, last: boolean): string {
    const records = this.records.slice(0, rows);
    const explanations = this.explanations.slice(0, rows);
    this.records = this.records.slice(rows);
    this.explanations = this.explanations.slice(rows);
    this.printed = true;
    this.legend.add(records);
    const table = tableBlock(records, { showFile: this.options.showFile, coverage: this.options.coverage }) + (last ? this.legend.text() : '');
    if (!this.options.explain) return table;
    const blocks = records.map((r, i) => [`${r.file}: ${r.recipe} (${r.formula})`, ...explanations[i]].join('\n'));
    return `${table}\n${blocks.join('\n\n')}\n`;
  }
}

/** A writer whose text is made on the thread that calls it. */
export function recordWriter(options: WriterOptions): RecordWriter {
  switch (options.format) {
    case 'json':
      return new JsonArrayWriter();
    case 'jsonl':
      return new JsonLinesWriter();
    case 'csv':
      return new CsvWriter(options.ligands, options.explain);
    case 'table':
      return new TableWriter(options);
  }
}

/** Where `bimetal score` puts its records: a chunk at a time, then closed once, or abandoned when the run fails. */
export interface RecordOutput {
  write(chunk: RecordChunk): Promise<void>;
  /** Ends the output (the JSON array's `]`) and resolves once the stream has every byte. */
  close(): Promise<void>;
  /**
   * Lets go of what the output holds (a thread), writing nothing more: a failed run's JSON array
   * stays unclosed, and chunks the thread had not yet written are dropped.
   */
  abandon(): Promise<void>;
}

/** A RecordWriter's text, encoded on this thread. */
class EncodedRecordOutput implements RecordOutput {
  private readonly output: EncodedOutput;

  constructor(
    private readonly writer: RecordWriter,
    stream: NodeJS.WritableStream,
  ) {
    this.output = new EncodedOutput(stream);
  }

  write(chunk: RecordChunk): Promise<void> {
    return this.output.write(this.writer.chunk(chunk));
  }

  async close(): Promise<void> {
    await this.output.write(this.writer.end());
    await this.output.flushed();
  }

  async abandon(): Promise<void> {
    // Nothing is held but the stream, which keeps what was written.
  }
}

/**
 * From this many rows on, CSV text is made on a thread of its own (csvThread.ts): below, the
 * thread's start costs about what it saves. The sweep's CSV on two cores, with the thread against
 * without it (`bimetal score --format csv`, medians of 8–10 alternating runs): 1 row 382 against
 * 364 ms, 2,000 rows 550 against 531, 5,000 rows 648 against 635, 10,000 rows 762 against 740,
 * 20,000 rows 842 against 842, 40,000 rows 1,170 against 1,228, 98,600 rows 1,731 against 1,989.
 * (Starting the thread at the first chunk instead of at once made one row slower, 420 against
 * 389 ms, and 10,000 rows no faster.)
 */
export const CSV_THREAD_MIN_ROWS = 20_000;

/** The output of `options.format` for `rows` records onto `stream`: close it when the run succeeds, abandon it when it fails (it may hold a thread). */
export function recordOutput(options: WriterOptions, rows: number, stream: NodeJS.WritableStream): RecordOutput {
  if (options.format === 'csv' && rows >= CSV_THREAD_MIN_ROWS) return new CsvThreadOutput(stream, csvColumns(options.ligands), options.explain);
  return new EncodedRecordOutput(recordWriter(options), stream);
}
