import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { OffsetRange } from '../../engine/src/recipe';
import { analyzeText, CODES } from '../../grammar/src/index';

/**
 * Seeded, bounded fuzzing: valid recipe files are mutated (characters and whole tokens deleted,
 * inserted, duplicated and swapped) and every mutant must analyse without throwing, without
 * hitting the internal-error safety net, with every range inside the document, in bounded time.
 * The 2 s bound is a hang guard, not a speed target (those live in bench/).
 */
const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const MUTANTS_PER_SOURCE = 30;
const HANG_GUARD_MS = 2000;

/** mulberry32: a tiny seeded PRNG, so failures reproduce from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLE = `ligand PET = "SCCc1ccccc1" binds S logP 2.3
recipe Au4Ru2 {
  host Au 4; dopant [Ru, Os] 1..2
  topology octahedron shells 1
  site surface
  ligands PET x 8, "C\\\\P" x [2, 3]
  support zeolite MFI
  distance 490 pm
  charge -1
  energy -2.9 eV
  note "a \\"quoted\\" note" # comment
  structure "cores/au6.xyz"
}
`;

function sources(): string[] {
  const found = [SAMPLE];
  for (const dir of ['examples', path.join('test', 'fixtures', 'grammar')]) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full).sort()) if (f.endsWith('.bimetal')) found.push(readFileSync(path.join(full, f), 'utf8'));
  }
  return found;
}

const ALPHABET = ['{', '}', '[', ']', '"', '\\', ',', '.', '..', ';', '#', '=', 'x', ' ', '\n', '\r', 'Å', '@', '-', '1', 'e', 'A', '\u0000', '\uD800', 'recipe ', 'ligand ', 'host ', 'ligands '];

function tokenSpans(text: string): OffsetRange[] {
  return [...text.matchAll(/"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][\w-]*|-?\d+(?:\.\d+)?|\.\.|\S/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  let out = text;
  const rounds = 1 + Math.floor(random() * 5);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(random() * (out.length + 1));
    const spans = tokenSpans(out);
    const span = spans.length > 0 ? pick(spans) : { start: 0, end: 0 };
    const other = spans.length > 0 ? pick(spans) : span;
    switch (Math.floor(random() * 6)) {
      case 0: // delete a character
        out = out.slice(0, at) + out.slice(at + 1);
        break;
      case 1: // insert a character or keyword
        out = out.slice(0, at) + pick(ALPHABET) + out.slice(at);
        break;
      case 2: // swap neighbouring characters
        out = out.slice(0, at) + out.slice(at + 1, at + 2) + out.slice(at, at + 1) + out.slice(at + 2);
        break;
      case 3: // delete a token
        out = out.slice(0, span.start) + out.slice(span.end);
        break;
      case 4: // duplicate a token elsewhere
        out = out.slice(0, at) + out.slice(span.start, span.end) + out.slice(at);
        break;
      default: {
        // swap two tokens
        const [a, b] = span.start <= other.start ? [span, other] : [other, span];
        if (a.end > b.start) break;
        out = out.slice(0, a.start) + out.slice(b.start, b.end) + out.slice(a.end, b.start) + out.slice(a.start, a.end) + out.slice(b.end);
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

/** Every range in the AST (nodes, list items, comments), found by walking the plain data. */
function astRanges(value: unknown, out: OffsetRange[] = []): OffsetRange[] {
  if (Array.isArray(value)) for (const v of value) astRanges(v, out);
  else if (value && typeof value === 'object') {
    if ('start' in value && 'end' in value) out.push(value as OffsetRange);
    else for (const v of Object.values(value)) astRanges(v, out);
  }
  return out;
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
  for (const range of astRanges(ast)) checkInside(text, range, 'AST node');
  for (const member of members) {
    for (const [key, value] of Object.entries(member.ranges ?? {})) {
      for (const range of Array.isArray(value) ? value : [value]) if (range) checkInside(text, range, `member ${key}`);
    }
  }
}

test('mutated recipe files never break the analysis', () => {
  const random = prng(SEED);
  let checked = 0;
  for (const source of sources()) {
    for (let i = 0; i < MUTANTS_PER_SOURCE; i++) {
      checkAnalysis(mutate(source, random));
      checked++;
    }
  }
  assert.ok(checked >= MUTANTS_PER_SOURCE * 5);
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
