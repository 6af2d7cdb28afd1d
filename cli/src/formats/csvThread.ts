/**
 * `bimetal score --format csv` with the text made on a second thread. Making a row's text (a dozen
 * numbers' digits, the quoting, the line joined) and its UTF-8 was about a fifth of the run on
 * the 98,600-member sweep, all of it on the thread that scores. Here that thread only reads each
 * record's cells and notes the ones that changed from the row before (CsvChangeRecorder); a
 * worker (csvWorkerMain.ts) turns them into lines and bytes (CsvRowTexts, encodePieces) while the
 * next chunk is scored, and this thread hands the bytes to the stream in order.
 *
 * The typed arrays of the changes and the bytes go back and forth without copies (transferred),
 * each used again once the other side is done with it. Past MAX_WAITING chunks on their way, the
 * scoring thread waits, so memory stays bounded when the reader of the output is slow.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerScriptPath } from '../../../engine/src/nodeWorker';
import { csvHeaderLine, type CsvColumn } from '../../../report/src/csv';
import { CsvChangeRecorder, emptyCsvChanges, type CsvChanges } from '../../../report/src/csvChanges';
import type { RecordChunk, RecordOutput } from './recordStream';

/** What the scoring thread sends: text to encode as it is (the header), or rows; with byte buffers the stream is done with, to fill again. */
export type CsvThreadRequest = { type: 'text'; text: string; spare: ArrayBuffer[] } | { type: 'rows'; changes: CsvChanges; spare: ArrayBuffer[] };

/** The worker's answer to each request, in order: the bytes, and the rows' arrays to fill again. */
export interface CsvThreadReply {
  bytes: ArrayBuffer;
  length: number;
  changes?: CsvChanges;
}

const WORKER_SCRIPT = { bundle: 'csv-worker.js', source: 'csvWorkerMain.ts', here: __dirname };

/** With more chunks than this posted whose bytes the stream has not yet taken, the scoring thread waits. */
const MAX_WAITING = 3;

interface Waiting {
  written: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class CsvThreadOutput implements RecordOutput {
  private readonly worker: Worker;
  private readonly recorder = new CsvChangeRecorder();
  private readonly spareChanges: CsvChanges[] = [];
  private spareBytes: ArrayBuffer[] = [];
  /** One per request, oldest first, until the worker answers it. */
  private readonly unanswered: Waiting[] = [];
  /** One per request, in the order made, until the stream has its bytes. */
  private readonly unwritten = new Set<Waiting>();
  private failure: Error | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly columns: readonly CsvColumn[],
    explain: boolean,
  ) {
    const script = workerScriptPath(WORKER_SCRIPT);
    if (!script) throw new Error(`no CSV worker script: expected ${WORKER_SCRIPT.bundle} in ${__dirname} (built from cli/src/formats/csvWorkerMain.ts)`);
    this.worker = startWorker(script);
    this.worker.on('message', (reply: CsvThreadReply) => this.received(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the CSV worker stopped (exit code ${code})`)));
    this.post({ type: 'text', text: csvHeaderLine(columns, explain), spare: [] });
  }

  /** Resolves once the chunk is on its way, or after the oldest chunk's bytes are written when MAX_WAITING are. */
  async write({ records, explanations }: RecordChunk): Promise<void> {
    if (records.length === 0) return;
    this.recorder.records(records, this.columns, explanations);
    const changes = this.recorder.take(this.spareChanges.pop() ?? emptyCsvChanges());
    this.post({ type: 'rows', changes, spare: this.takeSpareBytes() }, [changes.codes.buffer as ArrayBuffer, changes.numbers.buffer as ArrayBuffer]);
    // A Set iterates in the order of insertion: its first entry is the oldest.
    while (this.unwritten.size > MAX_WAITING) await this.unwritten.values().next().value!.written;
  }

  /** Resolves once the stream has every byte; rejects if the worker failed at any time. The worker is stopped either way. */
  async close(): Promise<void> {
    try {
      await Promise.all([...this.unwritten].map((w) => w.written));
      if (this.failure) throw this.failure;
    } finally {
      await this.abandon();
    }
  }

  /** Stops the worker, whatever it still had to write: for a run that failed. */
  async abandon(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private post(request: CsvThreadRequest, transfer: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const written = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Awaited by write or close, whichever comes; a failure no one awaits yet is no crash.
    written.catch(() => undefined);
    const waiting = { written, resolve, reject };
    this.unanswered.push(waiting);
    this.unwritten.add(waiting);
    this.worker.postMessage(request, [...transfer, ...request.spare]);
  }

  private received(reply: CsvThreadReply): void {
    const waiting = this.unanswered.shift();
    if (!waiting) return;
    if (reply.changes) this.spareChanges.push(reply.changes);
    // A failed write counts as done: the stream's 'error' event reports it (outputs.ts).
    this.stream.write(Buffer.from(reply.bytes, 0, reply.length), () => {
      this.spareBytes.push(reply.bytes);
      this.unwritten.delete(waiting);
      waiting.resolve();
    });
  }

  private takeSpareBytes(): ArrayBuffer[] {
    const spare = this.spareBytes;
    this.spareBytes = [];
    return spare;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.unwritten) w.reject(error);
    this.unwritten.clear();
    this.unanswered.length = 0;
  }
}
