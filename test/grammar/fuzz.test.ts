import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeText } from '../../grammar/src/index';
import { analysisProblems } from '../fuzz/checks';
import { fuzzCorpus } from '../fuzz/corpus';
import { mutate, MUTATION_ALPHABET, MUTATION_KINDS, type Mutation } from '../fuzz/mutations';

/**
 * Seeded, bounded fuzzing with fast-check: valid recipe files are mutated (characters and whole
 * tokens deleted, inserted, duplicated and swapped) and every mutant must analyse without
 * throwing, without hitting the internal-error safety net, with every range (diagnostics, AST,
 * members) inside the document, in bounded time. The 2 s bound is a hang guard, not a speed
 * target (those live in bench/). `FUZZ_SEED=n` explores other mutants.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const RUNS = 400;
const HANG_GUARD_MS = 2000;

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATION_KINDS),
  at: fc.nat(),
  token: fc.nat(),
  other: fc.nat(),
  insert: fc.constantFrom(...MUTATION_ALPHABET),
});

function checkAnalysis(text: string): void {
  const started = performance.now();
  const analysis = analyzeText(text);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < HANG_GUARD_MS, `analysis took ${elapsed.toFixed(0)} ms:\n${text}`);
  assert.deepEqual(analysisProblems(text, analysis), [], `--- input ---\n${text}`);
}

test('mutated recipe files never break the analysis', () => {
  const files = fuzzCorpus();
  assert.ok(files.length >= 5);
  fc.assert(
    fc.property(fc.nat(), fc.array(mutationArbitrary, { minLength: 1, maxLength: 5 }), (file, mutations) => {
      checkAnalysis(mutate(files[file % files.length], mutations));
    }),
    // Seeded and bounded: the same mutants on every run; a failure is shrunk to a short edit list.
    { seed: SEED, numRuns: RUNS },
  );
});

test('pathological inputs: empty, unbalanced, deeply repeated, binary, odd line breaks', () => {
  const inputs = [
    '',
    '{',
    '}',
    '"',
    '\\',
    '[',
    '['.repeat(5000),
    'recipe '.repeat(3000),
    'recipe A { host '.repeat(500),
    `recipe A { ligands ${'PET x 1, '.repeat(2000)} }`,
    `recipe A { dopant [${'Fe, '.repeat(3000)}] 1..1000000 }`,
    'recipe A {\r  host Au 12\r\n  dopant Pt 1\r}',
    '\u0000\u0001\uD800\uDFFF\uFEFFrecipe\u2028A{}',
    '#'.repeat(10000),
    'x'.repeat(20000),
    '1'.repeat(400),
    'recipe A { distance 1e400 Å charge 1e-400 host Au 99999999999999999999 dopant Pt 1 topology icosahedron site core }',
  ];
  for (const input of inputs) checkAnalysis(input);
});
