/**
 * The bytes of `bimetal score`'s output: a writer's pieces (RecordWriter) encoded as UTF-8 into
 * one buffer kept from chunk to chunk, and written with one write per chunk. A fresh buffer per
 * chunk (`Buffer.from` per piece, then `Buffer.concat`) cost more than making the text, because
 * every new megabyte-sized allocation is memory the kernel must first map in, while encoding
 * into memory already mapped is only a copy.
 */
export class EncodedOutput {
  private buffer: Buffer;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    initialBytes = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /**
   * Resolves once the stream is done with the bytes, so that the next chunk may overwrite them;
   * waiting is also what keeps records from piling up in memory while the reader is slow. A
   * failed write resolves too: the stream's 'error' event reports it (EPIPE in runScore).
   */
  async write(pieces: readonly string[]): Promise<void> {
    if (pieces.length === 0) return;
    let length = 0;
    for (const piece of pieces) {
      // A UTF-16 code unit takes at most 3 bytes of UTF-8, so the piece always fits whole.
      const needed = length + 3 * piece.length;
      if (needed > this.buffer.length) this.grow(needed, length);
      length += this.buffer.write(piece, length);
    }
    await new Promise<void>((resolve) => this.stream.write(this.buffer.subarray(0, length), () => resolve()));
  }

  /** A buffer of at least `needed` bytes that starts with the `used` bytes written so far. */
  private grow(needed: number, used: number): void {
    const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.buffer.length));
    this.buffer.copy(larger, 0, 0, used);
    this.buffer = larger;
  }
}
