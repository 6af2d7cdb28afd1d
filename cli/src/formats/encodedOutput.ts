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
    let length = 0;
    for (const piece of pieces) {
      // A UTF-16 code unit takes at most 3 bytes of UTF-8, so the piece always fits whole.
      const needed = length + 3 * piece.length;
      if (needed > this.buffers[turn].length) this.grow(turn, needed, length);
      length += this.buffers[turn].write(piece, length);
    }
    const bytes = this.buffers[turn].subarray(0, length);
    this.writes[turn] = new Promise<void>((resolve) => this.stream.write(bytes, () => resolve()));
  }

  /** Resolves once the stream is done with every byte written. */
  async flushed(): Promise<void> {
    await Promise.all(this.writes);
  }

  /** Buffer `turn` with at least `needed` bytes, starting with the `used` bytes encoded so far. */
  private grow(turn: number, needed: number, used: number): void {
    const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.buffers[turn].length));
    this.buffers[turn].copy(larger, 0, 0, used);
    this.buffers[turn] = larger;
  }
}
