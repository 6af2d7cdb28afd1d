/** Chunked parsing reads a document exactly as parsing it whole does, before and after edits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chunksOf, IncrementalParser, parseDocument, validateDocument } from '../../grammar/src/index';
import { parseSection } from '../../grammar/src/parse';
import { fuzzCorpus } from '../fuzz/corpus';
import { garbage } from '../helpers/bigInputs';
import { collectedHeapUsed } from '../helpers/collectedHeap';
import { seededRandom } from '../helpers/random';

const repoRoot = path.resolve(__dirname, '..', '..');

const examples = readdirSync(path.join(repoRoot, 'examples'))
  .filter((f) => f.endsWith('.bimetal'))
  .map((f) => readFileSync(path.join(repoRoot, 'examples', f), 'utf8'));
const fixture = readFileSync(path.join(repoRoot, 'test/fixtures/server/representative.bimetal'), 'utf8').replaceAll('<|>', '');

/** The parse result without the file node's own range, which chunking does not reproduce. */
function comparable(text: string, result: ReturnType<typeof parseDocument>) {
  return { ...result, ast: { ...result.ast, start: 0, end: text.length } };
}

test('chunks cover the text exactly and start at declarations', () => {
  const text = 'ligand A = "CS"\n# c\nrecipe R { host Au 1\n  ligands A x 2 }\n  recipe S {}\nrecipes x\n';
  const chunks = chunksOf(text);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  assert.deepEqual(chunks.map((c) => c.text.trimStart().split(/\s/)[0]), ['ligand', 'recipe', 'recipe']);
});

test('incremental parse equals a whole parse on every example and fixture', () => {
  assert.ok(examples.length > 0);
  for (const text of [...examples, fixture]) {
    assert.deepEqual(comparable(text, new IncrementalParser().parse(text)), comparable(text, parseDocument(text)));
  }
});

test('after edits (typing, breaking a brace, deleting a declaration) the reused chunks still agree', () => {
  const parser = new IncrementalParser();
  let text = fixture;
  parser.parse(text);
  const edits: [string, string][] = [
    ['dopant   Ag 1', 'dopant   Ag 2'], // inside a recipe: later chunks shift by 0
    ['recipe Au12Ag {', 'recipe Au12Ag_renamed {'], // later chunks shift right
    ['  note     "a test note"\n}', '  note     "a test note"\n'], // an unclosed recipe
    ['ligand Thiol = "CCS"\n', ''], // a declaration removed: later chunks shift left
    ['host     Au 4', 'host     Au 4 "stray'], // an unterminated string
  ];
  for (const [from, to] of edits) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
    assert.deepEqual(comparable(text, parser.parse(text)), comparable(text, parseDocument(text)), `after "${from}" → "${to}"`);
  }
});

test('only CR and LF start lines: a recipe after U+2028 or U+2029 in a comment stays comment after an edit', () => {
  for (const separator of ['\u2028', '\u2029', '\u0085']) {
    const text = `# a comment${separator}recipe Ghost { host Au 12 dopant Ag 1 }\nrecipe Real { host Au 12 dopant Ag 1 }\n`;
    assert.equal(chunksOf(text).length, 2, 'cut at the second line only');
    const parser = new IncrementalParser();
    assert.deepEqual(parser.parse(text).ast.recipes.map((r) => r.name?.text), ['Real']);
    const edited = text.replace('Ghost', 'Ghost2');
    assert.deepEqual(comparable(edited, parser.parse(edited)), comparable(edited, parseDocument(edited)));
    assert.deepEqual(parseDocument(edited).ast.recipes.map((r) => r.name?.text), ['Real']);
  }
});

test('seeded edits of texts with U+2028, U+2029 and U+0085 read as a whole parse does', () => {
  // Characters that other languages or regular expressions take for line breaks, put where a cut
  // would matter: in comments, strings and before declarations.
  const pieces = ['\u2028', '\u2029', '\u0085', '\u2028recipe Q { host Au 4 }', '# c\u2029ligand L = "CS"\n', '\n', '\r', '\r\n', '#', '"', '}', '{', 'recipe ', 'ligand X = ', '\nrecipe R { host Au 12 dopant Ag 1 }\n'];
  const edits = checkSeededEdits(fuzzCorpus().slice(0, 12), pieces, 20261203, 20);
  assert.ok(edits >= 400, `${edits} edits`);
});

test('seeded edits around names that are no names (4Au, x8, reserved words) read as a whole parse does', () => {
  // A name of several glued tokens is read up to a `{` or `=`: pieces that make, break and glue such
  // names, also where a ligand declaration could end an unclosed recipe.
  const start = 'recipe A { host Au 12 dopant Pt 1\nligand x8 = "SCC"\nrecipe 4Au { host Au 12 dopant Qq 1 }\nligand 2PET = "CS" binds S\nrecipe site { host Au 12 dopant Pt 1 ligands x8 x 2 }\n';
  const pieces = ['4', 'x8', 'x', '×', '-', 'Au', 'site', ' ', '\n', '{', '}', ' = "C"', 'ligand ', 'recipe ', 'ligand 4L = "CC"\n', 'recipe x2 {'];
  checkSeededEdits(Array.from({ length: 10 }, () => start), pieces, 20261205, 6);
});

/**
 * Forty seeded edits of each start text, each a piece inserted or up to `maxDeleted` characters
 * deleted at a random place: after every one the incremental parse reads as a whole parse does.
 * Returns how many edits were checked.
 */
function checkSeededEdits(starts: readonly string[], pieces: readonly string[], seed: number, maxDeleted: number): number {
  const random = seededRandom(seed);
  let edits = 0;
  for (const start of starts) {
    let text = start;
    const parser = new IncrementalParser();
    parser.parse(text);
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(random() * (text.length + 1));
      text = random() < 0.75 ? text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * maxDeleted));
      assert.deepEqual(comparable(text, parser.parse(text)), comparable(text, parseDocument(text)), JSON.stringify(text));
      edits++;
    }
  }
  return edits;
}

test('over a megabyte of garbage before a recipe: parsing stops with one BM122, as a whole parse says', () => {
  // No line of the garbage starts a declaration, so it is one chunk, probed as a document of its own.
  const text = `${garbage(1.1 * 1024 * 1024).replaceAll('recipe', 'recip')}\nrecipe Z { host Au 12 dopant Ag 1 }\n`;
  assert.equal(chunksOf(text).length, 2);
  const stops = (result: ReturnType<typeof parseDocument>) => result.diagnostics.filter((d) => d.code === 'BM122').map((d) => d.range.start);
  const whole = stops(parseDocument(text));
  assert.equal(whole.length, 1);
  assert.deepEqual(stops(new IncrementalParser().parse(text)), whole);
});

test('validation of the reused recipe nodes follows the ligand declarations they depend on', () => {
  // Validation caches each recipe's checks per node; the incremental parser hands back the same
  // node after an edit elsewhere, so a changed declaration must still change its diagnostics.
  const parser = new IncrementalParser();
  const recipe = '\nrecipe R {\n  host    Au 24\n  dopant  Pd 1\n  ligands Thiol x 18\n}\n';
  const declared = 'ligand Thiol = "CCS" binds S\n' + recipe;
  const steps: [string, string[]][] = [
    [declared, []],
    [declared.replace('ligand Thiol', 'ligand Thiox'), ['BM212']], // same length: the very recipe node is reused
    [declared, []],
    [recipe + '\nligand Thiol = "CCS" binds S\n', ['BM213']], // declared after its use
  ];
  let previous: unknown;
  for (const [i, [text, expected]] of steps.entries()) {
    const { ast } = parser.parse(text);
    if (i === 1) assert.equal(ast.recipes[0], previous, 'the edit left the recipe node as it was');
    previous = ast.recipes[0];
    const codes = validateDocument(ast).map((d) => d.code);
    assert.deepEqual(codes, expected, text);
    assert.deepEqual(codes, validateDocument(parseDocument(text).ast).map((d) => d.code), text);
  }
});

/** Every `{start, end}` range, recipe brace offset and quick-fix `insertAt` offset of a parse result moved by `delta`, in a copy. */
function movedBy(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => movedBy(v, delta));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const isRange = typeof source.start === 'number' && typeof source.end === 'number';
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) {
    const offset = typeof v === 'number' && ((isRange && (key === 'start' || key === 'end')) || ['openBrace', 'closeBrace', 'insertAt'].includes(key));
    copy[key] = offset ? v + delta : movedBy(v, delta);
  }
  return copy;
}

test('a section parses where it stands as its text parses alone, offsets moved (ranges, strays, diagnostics)', () => {
  const fixtures = path.join(repoRoot, 'test/fixtures/grammar');
  const broken = readdirSync(fixtures)
    .filter((f) => f.endsWith('.bimetal'))
    .map((f) => readFileSync(path.join(fixtures, f), 'utf8'));
  let sections = 0;
  for (const text of [...examples, fixture, ...broken, 'recipe A { host Au 4 @ x }\r\nrecipe B { "open\n  } ] \n']) {
    for (const chunk of chunksOf(text)) {
      const alone = parseDocument(chunk.text);
      const inPlace = parseSection(text, chunk.start, chunk.start + chunk.text.length);
      assert.deepEqual(inPlace, movedBy(alone, chunk.start), chunk.text);
      sections++;
    }
  }
  assert.ok(sections > 50);
});

test('declarations parsed together on a first parse are kept one by one: an edit to any one of them reads as a whole parse', () => {
  // The first parse reads runs of new chunks as one section and splits the result back; every
  // chunk but the edited one is then reused from that split, so a declaration, comment or
  // diagnostic put into the wrong chunk shows up as a difference from parsing the text whole.
  let edits = 0;
  for (const text of fuzzCorpus()) {
    const chunks = chunksOf(text);
    if (chunks.length < 3) continue;
    for (const chunk of chunks.slice(0, 40)) {
      const parser = new IncrementalParser();
      parser.parse(text);
      const at = chunk.start + chunk.text.length;
      const edited = `${text.slice(0, at)}\n# edited\n${text.slice(at)}`;
      assert.deepEqual(comparable(edited, parser.parse(edited)), comparable(edited, parseDocument(edited)), `edit after offset ${at}`);
      edits++;
    }
  }
  assert.ok(edits > 100, `${edits} edits`);
});

/** `count` small ligand-protected recipes. */
function protectedRecipes(count: number): string {
  return Array.from({ length: count }, (_, i) => `recipe R${i} {\n  host Au ${12 + (i % 40)}\n  dopant Pt 1\n  ligands PET x 6\n}\n`).join('');
}

test('what the parser keeps for the next parse is small beside the tree', () => {
  const recipes = 4_000;
  const text = protectedRecipes(recipes);
  let parser: IncrementalParser | undefined = new IncrementalParser();
  const { ast } = parser.parse(text);
  const withCache = collectedHeapUsed();
  parser = undefined;
  const cacheBytes = withCache - collectedHeapUsed();
  assert.equal(ast.recipes.length, recipes);
  // Kept as whole parse results (a file node with four lists per declaration), it was about 620
  // bytes a declaration here; as exact lists, 190-230.
  assert.ok(cacheBytes / recipes < 400, `${Math.round(cacheBytes / recipes)} bytes per declaration`);
});

test('the parser keeps nothing of a parse once it is done', () => {
  const text = protectedRecipes(4_000);
  let result: ReturnType<typeof parseDocument> | undefined = parseDocument(text);
  assert.equal(result.ast.recipes.length, 4_000);
  const withTree = collectedHeapUsed();
  result = undefined;
  const freed = withTree - collectedHeapUsed();
  // The tree is ~2,000 bytes a recipe here; the shared parser used to hold it until the next parse.
  assert.ok(freed / 4_000 > 1_000, `${Math.round(freed / 4_000)} bytes a recipe freed`);
});

/** Steps taken by array iterators (for…of, spreads) while `run` runs. */
function arrayIteratorSteps(run: () => void): number {
  const original = Array.prototype[Symbol.iterator];
  let steps = 0;
  Array.prototype[Symbol.iterator] = function counted(this: unknown[]) {
    const iterator = original.call(this);
    return {
      next() {
        steps++;
        return iterator.next();
      },
      [Symbol.iterator]() {
        return this;
      },
    } as ArrayIterator<unknown>;
  } as typeof original;
  try {
    run();
  } finally {
    Array.prototype[Symbol.iterator] = original;
  }
  return steps;
}

const commentBlock = (lines: number) => `${'# c\n'.repeat(lines)}recipe A {\n  host Au 4\n  dopant Pt 2\n}\n`;

test('a block of comment lines (one chunk) is split in work linear in its lines, not a list copy per comment', () => {
  // Each comment was added to its chunk by copying the chunk's list: 500 steps a line at 1,000
  // lines, 2,000 at 4,000 (40,000 lines took 13.6 s where a whole parse took 25 ms).
  const steps = [1_000, 4_000].map((lines) => arrayIteratorSteps(() => new IncrementalParser().parse(commentBlock(lines))) / lines);
  assert.ok(steps[1] < 1.5 * steps[0], `steps a line: ${steps.map((s) => s.toFixed(1)).join(' → ')}`);
  assert.ok(steps[1] < 20, `${steps[1].toFixed(1)} steps a line`);
});

test('200,000 comment lines (800 KB, one chunk) parse, and re-parse after an edit, as a whole parse reads them', { timeout: 120_000 }, () => {
  // Quadratic, this took minutes (the language server answered nothing meanwhile); linear, well under a second.
  const lines = 200_000;
  const parser = new IncrementalParser();
  let text = commentBlock(lines);
  const first = parser.parse(text);
  assert.equal(first.ast.comments.length, lines);
  assert.equal(first.ast.recipes.length, 1);
  text = text.replace('# c\n', '# c\n# added\n');
  const edited = parser.parse(text);
  assert.equal(edited.ast.comments.length, lines + 1);
  assert.deepEqual(comparable(text, edited), comparable(text, parseDocument(text)));
});

test('20,000 recipes on one line (one chunk) parse into 20,000 declarations, as a whole parse reads them', () => {
  const text = `${Array.from({ length: 20_000 }, (_, i) => `recipe R${i} { host Au 4 dopant Pt 2 }`).join(' ')}\n`;
  assert.equal(chunksOf(text).length, 1);
  const steps = arrayIteratorSteps(() => assert.equal(new IncrementalParser().parse(text).ast.recipes.length, 20_000));
  // A list copy per declaration made this some 200 million steps.
  assert.ok(steps / 20_000 < 200, `${Math.round(steps / 20_000)} steps a recipe`);
});
