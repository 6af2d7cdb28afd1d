/**
 * `bimetal score … | head`: once the reader of the output has gone, no record made can be read,
 * and a large family was scored through to its last member all the same (986,000 members took
 * 20–30 s after `head` had left). runScore is run here in this process on a stream that fails as a
 * closed pipe does, so that the records it is still asked to write can be counted.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runScore, type ScoreFormat } from '../../cli/src/commands/score';
import { BATCH_CHUNK_MEMBERS } from '../../pipeline/src/scorer';

const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-reader-gone-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** 100 chunks of members: enough rows for CSV's own thread too (CSV_THREAD_MIN_ROWS). */
const CHUNKS = 100;
const family = path.join(dir, 'family.bimetal');
writeFileSync(family, `recipe Fam {\n  host Au 1..${BATCH_CHUNK_MEMBERS}\n  dopant Pt 1..${CHUNKS}\n}\n`);
const misspelt = path.join(dir, 'misspelt.bimetal');
writeFileSync(misspelt, 'recipe Bad {\n  host Au 13\n  dopant Zz 1\n}\n');
/** Its error is found by scoring (RDKit reads the SMILES), not in its text. */
const badSmiles = path.join(dir, 'bad-smiles.bimetal');
writeFileSync(badSmiles, 'ligand Bad = "C1CC(" binds S\nrecipe Shell {\n  host Au 24\n  dopant Pt 1\n  ligands Bad x 18\n}\n');

/**
 * A pipe whose reader leaves after `accepted` writes: every later write fails with EPIPE, as
 * process.stdout's do. `asked` counts the writes the command attempts, failed ones included.
 */
function pipeReadOnly(accepted: number): { stream: Writable; asked: () => number } {
  let asked = 0;
  const stream = new Writable({
    write(_chunk, _encoding, done) {
      done(asked > accepted ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : null);
    },
  });
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((...args: unknown[]) => {
    asked += 1;
    return write(...args);
  }) as typeof stream.write;
  // Where the command line's own listener (handleStandardOutputErrors) would take the error.
  stream.on('error', () => undefined);
  return { stream, asked: () => asked };
}

for (const format of ['jsonl', 'csv', 'json'] as ScoreFormat[]) {
  test(`--format ${format}: after the reader has gone, the family's remaining chunks are not scored and written`, async () => {
    const { stream, asked } = pipeReadOnly(2);
    const status = await runScore([family], { format, coverage: 0.9 }, stream);
    assert.equal(status, 0);
    // Chunks already on their way when the pipe broke are still handed over; not a hundred.
    assert.ok(asked() > 2 && asked() < 10, `${asked()} writes for ${CHUNKS} chunks`);
  });
}

/** runScore's status and what it wrote on standard error, with its output read only so far. */
async function scoredIntoClosedPipe(files: string[], models?: string): Promise<{ status: number; stderr: string }> {
  const { stream } = pipeReadOnly(2);
  const written: string[] = [];
  const stderrWrite = process.stderr.write;
  process.stderr.write = ((text: string) => written.push(text) > 0) as typeof process.stderr.write;
  try {
    return { status: await runScore(files, { format: 'jsonl', coverage: 0.9, models }, stream), stderr: written.join('') };
  } finally {
    process.stderr.write = stderrWrite;
  }
}

test('files after the one being scored when the reader left are still checked: errors of their text and of their declarations, exit status 1', async () => {
  const { status, stderr } = await scoredIntoClosedPipe([family, misspelt, badSmiles]);
  assert.equal(status, 1);
  assert.match(stderr, /misspelt\.bimetal:3:10: error BM202 'Zz' is not an element symbol/);
  assert.match(stderr, /bad-smiles\.bimetal:1:\d+: error BM301 /);
});

test('a model that cannot be used is still said, once the reader has gone', async () => {
  const empty = path.join(dir, 'no-models');
  mkdirSync(empty, { recursive: true });
  const { stderr } = await scoredIntoClosedPipe([family], empty);
  assert.match(stderr, /family\.bimetal:1:8: warning BM401 /);
});
