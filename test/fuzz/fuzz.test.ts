/**
 * The fuzzer in CI: a bounded, seeded campaign through every stage (`npm run fuzz` runs the large
 * ones), the replay of every saved regression under test/fixtures/fuzz/, and the fuzzer's own
 * parts (deterministic inputs, minimising, saving).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createScorer, type Scorer } from '../../pipeline/src/index';
import { fuzzBaseDir, fuzzRange, saveFailure, warmUp } from './campaign';
import { fuzzCorpus, FUZZ_FIXTURES, recipeFiles } from './corpus';
import { runInput } from './harness';
import { fuzzInput } from './inputs';
import { minimise } from './minimise';

/** Enough to touch every generator and stage in seconds; `npm run fuzz` runs millions. */
const CI_COUNT = Number(process.env.FUZZ_COUNT ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 12);
/** A hang guard, not a speed target: the fixture below took 15 s before its fix. */
const HANG_GUARD_MS = 5000;

let scorer: Scorer;
let work: string;

before(async () => {
  scorer = createScorer({ maxFamilySize: 100 });
  work = fuzzBaseDir();
  await warmUp(scorer, fuzzCorpus(), work);
});

after(async () => {
  await scorer.dispose();
  rmSync(work, { recursive: true, force: true });
});

test('every saved fuzz regression now passes every stage', async () => {
  const fixtures = recipeFiles(FUZZ_FIXTURES);
  assert.ok(fixtures.length > 0);
  for (const file of fixtures) {
    const outcome = await runInput(scorer, readFileSync(file, 'utf8'), path.dirname(file));
    assert.equal(outcome.failure, undefined, file);
    assert.ok(outcome.ms < HANG_GUARD_MS, `${file} took ${outcome.ms.toFixed(0)} ms`);
  }
});

test(`a seeded campaign of ${CI_COUNT} inputs: no crash, no hang`, async () => {
  const stats = await fuzzRange({ seed: SEED, from: 0, to: CI_COUNT, corpus: fuzzCorpus(), scorer, baseDir: work, boundMs: 100 });
  assert.equal(stats.inputs, CI_COUNT);
  for (const kind of ['mutant', 'generated', 'bytes'] as const) assert.ok(stats.byKind[kind] > CI_COUNT / 20, `${kind}: ${stats.byKind[kind]}`);
  assert.deepEqual(stats.crashes.map((c) => `#${c.index}: ${c.failure}`), []);
  assert.ok(stats.slowest && stats.slowest.ms < HANG_GUARD_MS, JSON.stringify(stats.slowest));
});

test('inputs are a function of (seed, index): any one can be regenerated from its number', () => {
  const corpus = fuzzCorpus();
  for (const index of [0, 1, 77, 76449]) assert.deepEqual(fuzzInput(3, index, corpus), fuzzInput(3, index, corpus));
  assert.notEqual(fuzzInput(3, 5, corpus).text, fuzzInput(4, 5, corpus).text);
});

test('a crash is reported, minimised to what matters, and saved with a note', async () => {
  // A scorer that breaks on one construct stands in for a pipeline bug.
  const broken: Scorer = {
    scoreText: async (text, context) => {
      if (text.includes('dopant Pt 4..1')) throw new Error('descending range');
      return scorer.scoreText(text, context);
    },
    scoreAnalysis: (analysis, context) => scorer.scoreAnalysis(analysis, context),
    scoreStream: (analysis, context, stream) => scorer.scoreStream(analysis, context, stream),
    ligandLabels: (analysis) => scorer.ligandLabels(analysis),
    dispose: async () => undefined,
    forget: (file) => scorer.forget(file),
    keptMembers: (file) => scorer.keptMembers(file),
  };
  const text = readFileSync(path.join(FUZZ_FIXTURES, '..', 'grammar', 'families.bimetal'), 'utf8');
  assert.ok(text.includes('dopant Pt 4..1'));
  const outcome = await runInput(broken, text, undefined);
  assert.match(outcome.failure!, /threw: Error: descending range/);
  const saved = await saveFailure({ index: 7, kind: 'mutant', bytes: text.length, ms: outcome.ms, failure: outcome.failure!, text }, broken, work);
  assert.equal(readFileSync(saved, 'utf8'), 'dopant Pt 4..1');
  assert.deepEqual(readdirSync(work).filter((f) => f !== 'core.xyz').sort(), [path.basename(saved), path.basename(saved).replace('.bimetal', '.json')].sort());
});

test('minimise removes lines, then characters, while the input still fails', async () => {
  const shrunk = await minimise('abc\nxx@@yy\ndef\n', async (t) => t.includes('@@'));
  assert.equal(shrunk, '@@');
});
