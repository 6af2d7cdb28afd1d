import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeText } from '../../grammar/src/index';
import { createScorer, type ScoredMember } from '../../pipeline/src/index';
import { writeLinearModels } from './modelFixture';

/**
 * Scorer.scoreStream hands on a document's members a chunk at a time; chunked or whole, the
 * members, records and document diagnostics are the same.
 */
let work: string;
let modelDir: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-stream-'));
  modelDir = path.join(work, 'models');
  writeLinearModels(modelDir);
});

after(() => rmSync(work, { recursive: true, force: true }));

/** 300 members that all share a φ warning (summarised per family), and a ligand that RDKit rejects (an error shared by members). */
const TEXT = `ligand Bad = "C1CC(" binds S
recipe Sweep {
  host Au 1..15
  dopant [Pt, Pd] 1..10
}
recipe Broken {
  host Au 12
  dopant [Pt, Pd] 1
  topology icosahedron
  ligands Bad x 6
}
`;

async function streamed(chunkSize: number, summarise?: (d: { severity: string }) => boolean) {
  const scorer = createScorer({ modelDir, batch: true });
  const analysis = { text: TEXT, ...analyzeText(TEXT) };
  const chunks: ScoredMember[][] = [];
  const diagnostics = await scorer.scoreStream(analysis, { file: 'sweep.bimetal' }, { chunkSize, summarise, onChunk: (members) => void chunks.push([...members]) });
  return { chunks, diagnostics };
}

test('chunks of at most chunkSize members, in order, are the members of scoreAnalysis, with the same diagnostics', async () => {
  const whole = await createScorer({ modelDir }).scoreText(TEXT, { file: 'sweep.bimetal' });
  assert.equal(whole.members.length, 302);
  const { chunks, diagnostics } = await streamed(64);
  assert.deepEqual(chunks.map((c) => c.length), [64, 64, 64, 64, 46]);
  assert.deepEqual(chunks.flat().map((m) => m.record), whole.records);
  assert.deepEqual(diagnostics, whole.diagnostics);
  assert.ok(whole.diagnostics.some((d) => /^\d+ of 300 members of Sweep/.test(d.message)), 'a family summary');
  assert.ok(whole.diagnostics.some((d) => d.severity === 'error' && d.code === 'BM301'), 'the shared ligand error');
});

test('summarise keeps only the member diagnostics asked for; the grammar diagnostics stay', async () => {
  const { diagnostics: all } = await streamed(100);
  const { diagnostics: errors } = await streamed(100, (d) => d.severity === 'error');
  assert.ok(all.some((d) => d.severity === 'warning'));
  assert.deepEqual(errors, all.filter((d) => d.severity === 'error'));
});

test('the next chunk waits for the consumer: onChunk promises are awaited in turn', async () => {
  const scorer = createScorer({ modelDir, batch: true });
  const events: string[] = [];
  await scorer.scoreStream({ text: TEXT, ...analyzeText(TEXT) }, { file: 'sweep.bimetal' }, {
    chunkSize: 128,
    onChunk: async (members) => {
      events.push(`start ${members.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push('end');
    },
  });
  assert.deepEqual(events, ['start 128', 'end', 'start 128', 'end', 'start 46', 'end']);
});
