/**
 * `bimetal score` writes each chunk's pieces as one UTF-8 buffer that it reuses for the next
 * chunk (cli/src/formats/encodedOutput.ts): the bytes are the pieces' UTF-8, whatever their
 * characters and however far the buffer must grow, and the next chunk waits until the stream
 * is done with the previous one's bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EncodedOutput } from '../../cli/src/formats/encodedOutput';

/** A stream that keeps what it was given, a copy taken only when it calls back (as a slow pipe would). */
class SlowStream {
  readonly written: string[] = [];
  readonly pending: (() => void)[] = [];

  write(bytes: Uint8Array, done: (error?: Error | null) => void): boolean {
    this.pending.push(() => {
      this.written.push(Buffer.from(bytes).toString('utf8'));
      done();
    });
    return false;
  }

  /** Finishes the oldest write. */
  finishOne(): void {
    this.pending.shift()!();
  }
}

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

test('each chunk is one write of its pieces in UTF-8, growing past the first buffer without losing what came before', async () => {
  const stream = new SlowStream();
  const output = new EncodedOutput(stream as unknown as NodeJS.WritableStream, 8);
  const pieces = ['file,recipe\n', 'a,"Au–Pt, φ ≥ −0.30"\n', '🧪,'.repeat(50) + '\n', ''];
  const written = output.write(pieces);
  assert.equal(stream.pending.length, 1);
  stream.finishOne();
  await written;
  assert.deepEqual(stream.written, [pieces.join('')]);
});

test('the next chunk waits until the stream is done with the bytes of the previous one', async () => {
  const stream = new SlowStream();
  const output = new EncodedOutput(stream as unknown as NodeJS.WritableStream);
  const first = output.write(['first chunk\n']);
  assert.equal(await settled(first), false, 'resolved before the stream took the bytes');
  stream.finishOne();
  assert.equal(await settled(first), true);
  const second = output.write(['second\n']);
  stream.finishOne();
  await second;
  assert.deepEqual(stream.written, ['first chunk\n', 'second\n']);
});

test('nothing to write is no write, and a failed write leaves the error to the stream', async () => {
  const calls: string[] = [];
  const failing = {
    write(bytes: Uint8Array, done: (error?: Error | null) => void) {
      calls.push(Buffer.from(bytes).toString('utf8'));
      done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      return false;
    },
  };
  const output = new EncodedOutput(failing as unknown as NodeJS.WritableStream);
  await output.write([]);
  assert.deepEqual(calls, []);
  await output.write(['x\n']);
  assert.deepEqual(calls, ['x\n']);
});
