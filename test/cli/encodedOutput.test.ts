/**
 * `bimetal score` writes each chunk's pieces as one UTF-8 buffer, two buffers taking turns
 * (cli/src/formats/encodedOutput.ts): the bytes are the pieces' UTF-8, whatever their characters
 * and however far a buffer must grow; a chunk is encoded while the stream still writes the one
 * before, but never into bytes the stream is not done with.
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
  await output.write(pieces);
  assert.equal(stream.pending.length, 1);
  stream.finishOne();
  await output.flushed();
  assert.deepEqual(stream.written, [pieces.join('')]);
});

test('the next chunk is encoded while the previous one is written; the one after waits for the first buffer', async () => {
  const stream = new SlowStream();
  const output = new EncodedOutput(stream as unknown as NodeJS.WritableStream);
  await output.write(['first chunk\n']);
  await output.write(['second\n']);
  assert.equal(stream.pending.length, 2, 'the second chunk waited for the first one to be written');
  const third = output.write(['third, in the first buffer\n']);
  assert.equal(await settled(third), false, 'the third chunk did not wait for the stream to finish with the first buffer');
  stream.finishOne();
  await third;
  const flushed = output.flushed();
  assert.equal(await settled(flushed), false, 'flushed before the stream finished');
  stream.finishOne();
  stream.finishOne();
  await flushed;
  assert.deepEqual(stream.written, ['first chunk\n', 'second\n', 'third, in the first buffer\n']);
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
