import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startProgress } from '../../cli/src/progress';

/** A stand-in for standard error that records what is written, as a terminal or as a pipe. */
function stderrLike(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => chunks.join('') };
}

test('a terminal gets a bar counting the recipes scored', () => {
  const { stream, text } = stderrLike(true);
  const progress = startProgress(4096, stream);
  progress.advance(1024);
  progress.stop();
  assert.match(text(), /scoring \[.*\] \d+% \| \d+\/4096 recipes/);
});

test('a pipe or a file gets nothing: no control characters in logs', () => {
  const { stream, text } = stderrLike(false);
  const progress = startProgress(4096, stream);
  progress.advance(1024);
  progress.stop();
  assert.equal(text(), '');
});
