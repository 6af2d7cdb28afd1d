import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { OffsetRange } from '../../engine/src/recipe';
import { analyzeText, CODES } from '../../grammar/src/index';
import { EVERY_CONSTRUCT, rangesIn } from './helpers';

/**
 * Seeded, bounded fuzzing with fast-check: valid recipe files are mutated (characters and whole
 * tokens deleted, inserted, duplicated and swapped) and every mutant must analyse without
 * throwing, without hitting the internal-error safety net, with every range (diagnostics, AST,
 * members) inside the document, in bounded time. The 2 s bound is a hang guard, not a speed
 * target (those live in bench/). `FUZZ_SEED=n` explores other mutants.
 */
const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const RUNS = 400;
const HANG_GUARD_MS = 2000;

/** The sample above plus every example and golden fixture present. */
function sources(): string[] {
  const found = [EVERY_CONSTRUCT];
  for (const dir of ['examples', path.join('test', 'fixtures', 'grammar')]) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full).sort()) if (f.endsWith('.bimetal')) found.push(readFileSync(path.join(full, f), 'utf8'));
  }
  return found;
}

const ALPHABET = ['{', '}', '[', ']', '"', '\\', ',', '.', '..', ';', '#', '=', 'x', ' ', '\n', '\r', 'Å', '@', '-', '1', 'e', 'A', '\u0000', '\uD800', 'recipe ', 'ligand ', 'host ', 'ligands '];

/** Rough token boundaries, good enough to delete, duplicate and swap whole words, numbers and strings. */
function tokenSpans(text: string): OffsetRange[] {
  return [...text.matchAll(/"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][\w-]*|-?\d+(?:\.\d+)?|\.\.|\S/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

/** One edit; positions are reduced modulo the current text length or token count when applied. */
interface Mutation {
  kind: 'deleteChar' | 'insert' | 'swapChars' | 'deleteToken' | 'duplicateToken' | 'swapTokens';
  at: number;
  token: number;
  other: number;
  insert: string;
}

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('deleteChar', 'insert', 'swapChars', 'deleteToken', 'duplicateToken', 'swapTokens'),
  at: fc.nat(),
  token: fc.nat(),
  other: fc.nat(),
  insert: fc.constantFrom(...ALPHABET),
});

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    const spans = tokenSpans(out);
    const span = spans.length > 0 ? spans[m.token % spans.length] : { start: 0, end: 0 };
    const other = spans.length > 0 ? spans[m.other % spans.length] : span;
    switch (m.kind) {
      case 'deleteChar':
        out = out.slice(0, at) + out.slice(at + 1);
        break;
      case 'insert':
        out = out.slice(0, at) + m.insert + out.slice(at);
        break;
      case 'swapChars':
        out = out.slice(0, at) + out.slice(at + 1, at + 2) + out.slice(at, at + 1) + out.slice(at + 2);
        break;
      case 'deleteToken':
        out = out.slice(0, span.start) + out.slice(span.end);
        break;
      case 'duplicateToken':
        out = out.slice(0, at) + out.slice(span.start, span.end) + out.slice(at);
        break;
      case 'swapTokens': {
        const [a, b] = span.start <= other.start ? [span, other] : [other, span];
        if (a.end <= b.start) out = out.slice(0, a.start) + out.slice(b.start, b.end) + out.slice(a.end, b.start) + out.slice(a.start, a.end) + out.slice(b.end);
      }
    }
  }
  return out;
}

function checkInside(text: string, range: OffsetRange, what: string): void {
  assert.ok(
    Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= text.length,
    `${what} range ${JSON.stringify(range)} outside a document of ${text.length} characters:\n${text}`,
  );
}

function checkAnalysis(text: string): void {
  const started = performance.now();
  const { ast, diagnostics, members } = analyzeText(text);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < HANG_GUARD_MS, `analysis took ${elapsed.toFixed(0)} ms:\n${text}`);
  for (const d of diagnostics) {
    assert.notEqual(d.code, CODES.internalError.code, `${d.message}\n--- input ---\n${text}`);
    checkInside(text, d.range, d.code);
    for (const related of d.related ?? []) checkInside(text, related.range, `${d.code} related`);
  }
  for (const range of rangesIn(ast)) checkInside(text, range, 'AST node');
  for (const member of members) for (const range of rangesIn(member.ranges)) checkInside(text, range, `member ${member.name}`);
}

test('mutated recipe files never break the analysis', () => {
  const files = sources();
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
