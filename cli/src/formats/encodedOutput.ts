/**
 * The bytes of `bimetal score`'s output: a writer's pieces (RecordWriter) encoded as UTF-8, one
 * write per chunk, into buffers kept from chunk to chunk. A fresh buffer per chunk (`Buffer.from`
 * per piece, then `Buffer.concat`) cost more than making the text, because every new
 * megabyte-sized allocation is memory the kernel must first map in, while encoding into memory
 * already mapped is only a copy.
 *
 * Two buffers take turns, so the next chunk is scored and encoded while the reader of a pipe
 * still takes in the previous one (a pipe write is asynchronous in Node); at most two chunks are
 * ever waiting, which keeps memory bounded when the reader is slow.
 */
export class EncodedOutput {
  private readonly buffers: Buffer[];
  /** Per buffer, the write of its bytes that the stream may not have finished yet. */
  private readonly writes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  private turn = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    initialBytes = 1 << 20,
  ) {
    this.buffers = [Buffer.allocUnsafe(initialBytes), Buffer.allocUnsafe(initialBytes)];
  }

  /**
   * Resolves once the pieces are handed to the stream, after the stream is done with the bytes
   * this buffer held before. A failed write counts as done: the stream's 'error' event reports
   * it (outputs.ts: handleStandardOutputErrors).
   */
  async write(pieces: readonly string[]): Promise<void> {
    if (pieces.length === 0) return;
    const turn = this.turn;
    this.turn = 1 - turn;
    await this.writes[turn];
    const encoded = encodePieces(pieces, this.buffers[turn]);
    this.buffers[turn] = encoded.buffer;
    const bytes = encoded.buffer.subarray(0, encoded.length);
    this.writes[turn] = new Promise<void>((resolve) => this.stream.write(bytes, () => resolve()));
  }

  /** Resolves once the stream is done with every byte written. */
  async flushed(): Promise<void> {
    await Promise.all(this.writes);
  }
}

/**
 * The pieces as UTF-8 from the start of `buffer`, or of a larger one made when they do not fit
 * (the buffer returned). A buffer made here has an ArrayBuffer of its own, never a share of
 * Node's pool, so a worker thread may hand it on (csvThread.ts).
 */
export function encodePieces(pieces: readonly string[], buffer: Buffer): { buffer: Buffer; length: number } {
  let length = 0;
  for (const piece of pieces) {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8, so the piece always fits whole.
    const needed = length + 3 * piece.length;
    if (needed > buffer.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(needed, 2 * buffer.length));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    length += buffer.write(piece, length);
  }
  return { buffer, length };
}
