import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeFamilies, everyNth, LineIndex, memberArray, type MemberList } from '../../grammar/src/index';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
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
  const analysis = { text: TEXT, ...analyzeFamilies(TEXT) };
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
  await scorer.scoreStream({ text: TEXT, ...analyzeFamilies(TEXT) }, { file: 'sweep.bimetal' }, {
    chunkSize: 128,
    onChunk: async (members) => {
      events.push(`start ${members.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push('end');
    },
  });
  assert.deepEqual(events, ['start 128', 'end', 'start 128', 'end', 'start 46', 'end']);
});

test('two documents with the same recipe scored at once share its analysis, and each member has its prediction and findings once', async () => {
  // The editor's scorer caches members by content across documents: while one document's model
  // run is out (on the inference worker), the other finds the same analysis in the cache.
  // Zn is outside the fixture's domain, so every member has a domain finding that could be doubled.
  const text = 'recipe Same {\n  host Au 1..3\n  dopant Zn 1\n}\n';
  const alone = await createScorer({ modelDir }).scoreText(text, { file: 'alone.bimetal' });
  assert.ok(alone.members.every((m) => m.diagnostics.some((d) => d.code === 'BM404')));
  const scorer = createScorer({ modelDir, inference: 'worker' });
  try {
    const both = await Promise.all(['a.bimetal', 'b.bimetal'].map((file) => scorer.scoreText(text, { file })));
    const codes = (m: ScoredMember) => m.diagnostics.map((d) => d.code).sort();
    for (const document of both) {
      assert.equal(document.members.length, 3);
      document.members.forEach((m, i) => {
        assert.ok(m.prediction, `${m.spec.name} has its prediction`);
        assert.deepEqual(codes(m), codes(alone.members[i]), `${m.spec.name}: each finding once`);
        assert.equal(m.record.prediction?.eForm, alone.members[i].record.prediction?.eForm);
      });
    }
  } finally {
    await scorer.dispose();
  }
});

test("the editor's scorer builds a member's record when it is first read, not while scoring, and keeps it", async () => {
  const scorer = createScorer({ modelDir });
  const { members } = await scorer.scoreText(TEXT, { file: 'sweep.bimetal' });
  // The record is built on demand: diagnostics for a whole file need no records.
  const unbuilt = (m: ScoredMember) => !Object.hasOwn(m, 'record') && (m as unknown as { built?: unknown }).built === undefined;
  assert.ok(members.every(unbuilt), 'no record is built by scoring');
  const first = members[0].record;
  assert.equal(first.recipe, members[0].spec.name);
  assert.equal(members[0].record, first, 'read again, the same record');
  assert.ok(members.slice(1).every(unbuilt), 'reading one record builds no other');
});

test('records place their diagnostics with the line index the caller hands over for the text, instead of building another', async () => {
  class CountingLineIndex extends LineIndex {
    lookups = 0;
    override positionAt(offset: number): { line: number; character: number } {
      this.lookups++;
      return super.positionAt(offset);
    }
  }
  const lines = new CountingLineIndex(TEXT);
  const scorer = createScorer({ modelDir, batch: true });
  const records: ScoreRecord[] = [];
  await scorer.scoreStream({ text: TEXT, ...analyzeFamilies(TEXT), lines }, { file: 'sweep.bimetal' }, { onChunk: (members) => void records.push(...members.map((m) => m.record)) });
  assert.ok(records.some((r) => r.diagnostics.length > 0), 'some record has a diagnostic to place');
  assert.ok(lines.lookups > 0, 'the records were placed with the given line index');
  const own = await createScorer({ modelDir, batch: true }).scoreText(TEXT, { file: 'sweep.bimetal' });
  assert.deepEqual(records, own.records, 'the same records as with a line index of its own');
});

test('each shard part of a family that names a structure file reads it for its own members (the part heads name the file)', async () => {
  writeFileSync(path.join(work, 'dimer.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
  // Six members; part 1 of 2 takes every other one from the second on, so the family's first member (Au1Pt1) falls to part 0 only.
  const text = 'recipe Fit {\n  host Au [1, 2]\n  dopant [Pt, Pd, Ag] 1\n  structure "dimer.xyz"\n}\n';
  const scorer = createScorer({ modelDir, batch: true });
  const scored = async (members: MemberList) => {
    const out: ScoredMember[] = [];
    await scorer.scoreStream({ text, ...analyzeFamilies(text), members }, { file: 'fit.bimetal', baseDir: work }, { onChunk: (chunk) => void out.push(...chunk) });
    return out;
  };
  const whole = await scored(analyzeFamilies(text).members);
  const parts = [await scored(everyNth(analyzeFamilies(text).members, 0, 2)), await scored(everyNth(analyzeFamilies(text).members, 1, 2))];
  const odd = whole.filter((_, i) => i % 2 === 1);
  assert.deepEqual(parts[1].map((m) => m.spec.name), odd.map((m) => m.spec.name));
  assert.ok(!parts[1].some((m) => m.spec.name === whole[0].spec.name));
  const fileCodes = (m: ScoredMember) => m.diagnostics.map((d) => String(d.code)).filter((c) => /^BM31\d$/.test(c));
  assert.deepEqual(parts[1].map(fileCodes), odd.map(fileCodes), 'the same file findings as unsharded');
  assert.ok(parts[1].some((m) => fileCodes(m).includes('BM311')), 'a member the file does not fit');
  assert.ok(parts[1].some((m) => m.prediction && !fileCodes(m).includes('BM311')), 'a member the file fits, predicted');
  const recordTexts = (members: ScoredMember[]) => members.map((m) => JSON.stringify(m.record)).sort();
  assert.deepEqual(recordTexts([...parts[0], ...parts[1]]), recordTexts(whole));
});

test('a document of 150,000 one-member recipes, each with its own error, returns every diagnostic (no call takes them all as arguments)', async () => {
  // What `bimetal import` writes for a large table: one recipe per row. Spreading every member
  // diagnostic into one push(...) overflowed V8's stack ("Maximum call stack size exceeded") at
  // about 120,000. The members are copies of one parsed recipe, so the test does not parse 150,000.
  const text = 'recipe R { host Au 12 dopant Pd 1 structure "missing.xyz" }\n';
  const analysis = analyzeFamilies(text);
  const [spec] = analysis.members.slice(0, 1);
  const count = 150_000;
  const specs = Array.from({ length: count }, (_, i) => ({ ...spec, name: `r${i}`, recipe: `r${i}` }));
  const members = memberArray(specs, specs.map((first) => ({ first, size: 1 })));
  const scorer = createScorer({ modelDir: path.join(work, 'no-models'), batch: true });
  let scored = 0;
  const diagnostics = await scorer.scoreStream({ ...analysis, text, members }, { file: 'many.bimetal', baseDir: work }, { onChunk: (chunk) => void (scored += chunk.length) });
  assert.equal(scored, count);
  assert.equal(diagnostics.filter((d) => d.code === 'BM310').length, count, 'one missing-structure error per recipe');
});
