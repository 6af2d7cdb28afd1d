/**
 * Entry of the CSV worker thread (csvThread.ts): each request's rows become lines and UTF-8 bytes,
 * answered in the order asked. Never imported by other code.
 */
import { parentPort } from 'node:worker_threads';
import { CsvRowTexts } from '../../../report/src/csvChanges';
import type { CsvThreadReply, CsvThreadRequest } from './csvThread';
import { encodePieces } from './encodedOutput';

const port = parentPort;
if (!port) throw new Error('csvWorkerMain.ts must run in a worker thread');

/** A chunk of 256 rows is some 120 kB of CSV. */
const FIRST_BUFFER_BYTES = 1 << 18;

const texts = new CsvRowTexts();
const spare: ArrayBuffer[] = [];

port.on('message', (request: CsvThreadRequest) => {
  spare.push(...request.spare);
  const pieces: string[] = [];
  if (request.type === 'text') pieces.push(request.text);
  else texts.lines(request.changes, pieces);
  const reused = spare.pop();
  const { buffer, length } = encodePieces(pieces, reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(FIRST_BUFFER_BYTES));
  const bytes = buffer.buffer as ArrayBuffer;
  // The arrays go back to be filled again; the strings are done with, and need not be copied back.
  if (request.type === 'rows') request.changes.text = '';
  const reply: CsvThreadReply = { bytes, length, changes: request.type === 'rows' ? request.changes : undefined };
  const transfer = request.type === 'rows' ? [bytes, request.changes.codes.buffer as ArrayBuffer, request.changes.numbers.buffer as ArrayBuffer] : [bytes];
  port.postMessage(reply, transfer);
});
