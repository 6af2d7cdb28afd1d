/**
 * Formatting never changes what a document means: for the examples, a set of tricky inputs and
 * seeded random variants of the fuzz corpus (tokens re-joined with random spaces, line breaks, CRLF
 * and end-of-line comments; small edits that add unknown words, `ligand`, `;` and line breaks),
 * the document after `textDocument/formatting` parses to the same tree, the same diagnostics and
 * the same expanded recipes as before (positions aside), and formatting it again changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions } from 'vscode-languageserver';
import { analyzeText } from '../../grammar/src/index';
import * as T from '../../grammar/src/lexer';
import { DocumentModel, type AnalysedDocument } from '../../server/src/documentModel';
import { formatDocument, formatRange, formatText, type FormattingRefusal } from '../../server/src/formatting';
import { fuzzCorpus, recipeFiles, repoRoot } from '../fuzz/corpus';
import { mutate, MUTATION_KINDS, type Mutation } from '../fuzz/mutations';
import { withoutPositions } from '../helpers/positions';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const OPTIONS: FormattingOptions = { tabSize: 2, insertSpaces: true };

function analyse(text: string): Promise<AnalysedDocument> {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  return model.analyse(TextDocument.create('file:///t/a.bimetal', 'bimetal', 1, text));
}

/** What the editor's formatting request makes of `text`. */
async function formatted(text: string, options: FormattingOptions = OPTIONS): Promise<string> {
  const edits = formatDocument(await analyse(text), options);
  return Array.isArray(edits) ? TextDocument.applyEdits(TextDocument.create('file:///t/a.bimetal', 'bimetal', 1, text), edits) : text;
}

/** The meaning of a document: its tree, its diagnostics and its expanded recipes, positions aside. */
function meaning(text: string) {
  const { ast, diagnostics, members } = analyzeText(text, { maxFamilySize: 100_000 });
  return {
    diagnostics: diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`),
    diagnosticDetails: withoutPositions(diagnostics.map(({ related, data }) => ({ related: related?.map((r) => r.message), data }))),
    declarations: withoutPositions(ast.declarations),
    comments: ast.comments.map((c) => text.slice(c.start, c.end).trimEnd()),
    members: withoutPositions(members),
  };
}

async function assertFormattingKeepsMeaning(text: string, options: FormattingOptions = OPTIONS): Promise<void> {
  const once = await formatted(text, options);
  const show = `--- input ---\n${JSON.stringify(text)}\n--- formatted ---\n${JSON.stringify(once)}`;
  assert.deepEqual(meaning(once), meaning(text), `formatting changed the meaning\n${show}`);
  assert.equal(await formatted(once, options), once, `formatting is not idempotent\n${show}`);
}

const EXAMPLES = recipeFiles(path.join(repoRoot, 'examples'));

/** Unknown properties, `ligand` in a recipe, words split across lines, end-of-line comments, `;`. */
const TRICKY = [
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  colour red\n  site core\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  colour\n  red\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  ligand PET x 8\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  ligand PET x 8\n  colour\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  ligand\n  PET x 8\n}\n',
  'recipe A { host Au 12 dopant Ag 1 colour red site core }\n',
  'recipe A { host Au 12 dopant Ag 1 colour red blue 1..2 [a, b] "s" x 3 }\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  colour red\n  blue\n  green yellow\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  colour # what colour?\n  red\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  colour red # a comment\n  hots Au\n}\n',
  'recipe A {\n  host Au 12 ; dopant Ag 1 ; colour ; red\n}\n',
  'recipe A {\n  host Au 12;dopant Ag 1;colour;red;site core\n}\n',
  'recipe A {\n  host\n  Au\n  12\n  dopant Ag\n  1\n}\n',
  'recipe A {\n  host Au # the host\n  12\n  dopant Ag 1\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  support zeolite\n  MFI\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  support\n  zeolite MFI\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  support zeolite # which one?\n  MFI\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  distance 2.8\n  pm\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  distance\n  2.8 pm\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  distance 2.8 # in pm\n  colour\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  energy -3.1\n  eV\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  energy -3.1 # eV\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  ligands PET x 8,\n    SCH3 x 2\n  colour red }\n',
  'recipe A {\n  host Au 12\n  host Ag 1\n  dopant Ag 1\n  colour red\n}\n',
  '# about A\nrecipe A { host Au 12 dopant Ag 1 } recipe B { host Cu 12 dopant Ni 1 colour red }\n',
  'ligand L = "CCS" binds S # a thiol\n  logP 2\nrecipe A {\n  host Au 12 # host\n  dopant Ag 1\n  ligands L x 6\n}\n',
  'recipe A {\n\n  host Au 12\n\n\n  dopant Ag 1\n\n  colour\n\n  red\n\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  distance 2.8; colour red\n  energy -2.9 ; eV ;; siteEnergy 0.1;hots\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  distance 2.8 # no unit\n  ; colour red\n}\n',
  'recipe A {\n  host Au 12\n  dopant Ag 1\n  distance 2.8 pm; colour red; energy -2.9 eV; eV\n}\n',
  'recipe A {\n  host Au 12; dopant Pt 1; topology icosahedron; site core; str= "cores/au13.xyz"\n}\n',
  'recipe A {\n  host Au; colour = 1\n  dopant Pt; red = 1\n  support zeolite; MFI\n}\n',
  'recipe A { ; colour ;; host Au 12 ; ; dopant Pt 1 ; }\n',
  '\uFEFFrecipe A {\n  host Au 12\n  dopant\u2028Ag 1\n  colour\u00A0red\n}\n',
];

/** The same inputs with CRLF and lone CR line breaks. */
const LINE_BREAK_VARIANTS = TRICKY.flatMap((t) => [t.replace(/\n/g, '\r\n'), t.replace(/\n/g, '\r')]);

test('the tricky inputs are as meant: unknown words on their own lines are separate properties', () => {
  const unknown = (text: string) => analyzeText(text).diagnostics.filter((d) => d.code === 'BM218').length;
  assert.equal(unknown(TRICKY[1]), 2, "'colour' and 'red' on two lines are two unknown properties");
  assert.equal(unknown(TRICKY[0]), 1, "'red' after 'colour' on its line is its argument");
  const syntaxErrors = (text: string) => analyzeText(text).diagnostics.some((d) => d.code.startsWith('BM1'));
  assert.ok(!syntaxErrors(TRICKY[1]), 'no syntax error: the formatter does not skip it');
  // A unit word on the line after its number starts the next property (BM218, no syntax error), so every one is formatted.
  assert.deepEqual(TRICKY.filter(syntaxErrors), []);
});

test('formatting keeps an unknown property and `ligand` in a recipe on their own lines', async () => {
  assert.equal(await formatted(TRICKY[0]), 'recipe A {\n  host     Au 12\n  dopant   Ag 1\n  colour   red\n  site     core\n}\n');
  assert.equal(await formatted(TRICKY[1]), 'recipe A {\n  host     Au 12\n  dopant   Ag 1\n  colour\n  red\n}\n');
  assert.equal(await formatted(TRICKY[2]), 'recipe A {\n  host     Au 12\n  dopant   Ag 1\n  ligand   PET x 8\n}\n');
  assert.equal(await formatted(TRICKY[5]), 'recipe A {\n  host     Au 12\n  dopant   Ag 1\n  colour   red\n  site     core\n}\n');
});

test('formatting keeps a comment written after `{` or `}` on that line: after `}` it must not become the next recipe\'s documentation', async () => {
  const text = 'recipe A { # the first\n  host Au 12\n  dopant Ag 1\n} # end of A\nrecipe B { host Au 12 ; dopant Pt 1 } # end of B\n';
  const expected = 'recipe A {  # the first\n  host     Au 12\n  dopant   Ag 1\n}  # end of A\n\nrecipe B {\n  host     Au 12\n  dopant   Pt 1\n}  # end of B\n';
  assert.equal(await formatted(text), expected);
  assert.equal(await formatted(expected), expected);
});

test('formatting writes the document\'s own line endings and keeps a byte order mark the client sent', async () => {
  const crlf = 'recipe A { host Au 12 ; dopant Ag 1 }\r\nrecipe B {\r\n  host Cu 4 # four\r\n  dopant Ni 1\r\n}\r\n';
  const done = await formatted(crlf);
  assert.equal(done, 'recipe A {\r\n  host     Au 12\r\n  dopant   Ag 1\r\n}\r\n\r\nrecipe B {\r\n  host     Cu 4  # four\r\n  dopant   Ni 1\r\n}\r\n');
  assert.deepEqual(formatDocument(await analyse(done), OPTIONS), []);
  assert.equal(await formatted('\uFEFFrecipe A { host Au 12 ; dopant Ag 1 }\n'), '\uFEFFrecipe A {\n  host     Au 12\n  dopant   Ag 1\n}\n');
  // Lone CRs (classic Mac OS) stay lone CRs: they were rewritten as LF.
  assert.equal(await formatted('recipe A { host Au 12 ; dopant Ag 1 }\r# c\r'), 'recipe A {\r  host     Au 12\r  dopant   Ag 1\r}\r\r# c\r');
});

test('formatting keeps a `;` before an unknown property, which would otherwise read as a unit or a declaration', async () => {
  const text = 'recipe A {\n  host Au 12\n  dopant Ag 1\n  distance 2.8; colour red\n  site core; str = "x"; note "n"; \n}\n';
  assert.equal(await formatted(text), 'recipe A {\n  host     Au 12\n  dopant   Ag 1\n  distance 2.8;\n  colour   red\n  site     core;\n  str      = "x"\n  note     "n"\n}\n');
});

test('formatting the examples keeps their meaning and is idempotent', async () => {
  assert.ok(EXAMPLES.length >= 5);
  for (const file of EXAMPLES) {
    const text = readFileSync(file, 'utf8');
    await assertFormattingKeepsMeaning(text);
    await assertFormattingKeepsMeaning(text.replace(/\n/g, '\r\n'), { tabSize: 4, insertSpaces: false });
  }
});

test('formatting tricky inputs keeps their meaning and is idempotent (LF, CRLF, CR)', async () => {
  for (const text of [...TRICKY, ...LINE_BREAK_VARIANTS]) await assertFormattingKeepsMeaning(text);
});

/** Separators between tokens: spaces, line breaks of every kind, blank lines, end-of-line comments. */
const SEPARATORS = [' ', ' ', ' ', '\n', '\r\n', '\r', '  \n\n  ', '\t', ' # c\n', ' #\r\n'];

/** `text`'s tokens and comments, re-joined with separators picked by `picks` (a comment is always followed by a line break). */
function rejoined(text: string, picks: readonly number[]): string {
  const lexed = T.bimetalLexer().tokenize(text);
  const tokens = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  let out = '';
  tokens.forEach((token, i) => {
    if (i > 0) {
      const separator = picks.length > 0 ? SEPARATORS[picks[i % picks.length] % SEPARATORS.length] : ' ';
      out += tokens[i - 1].tokenType === T.Comment && !/[\r\n]/.test(separator) ? `${separator}\n` : separator;
    }
    out += token.image;
  });
  return out;
}

test('property: re-joining a file\'s tokens with random whitespace, line breaks and comments, formatting keeps the meaning', async () => {
  const files = fuzzCorpus();
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), async (file, picks) => {
      await assertFormattingKeepsMeaning(rejoined(files[file % files.length], picks));
    }),
    { seed: SEED, numRuns: 300, includeErrorInReport: true },
  );
});

/** Edits that add words and line breaks where the parser is line-sensitive. */
const WORDS = ['\n', '\r\n', '\n  ', ' ', ';', '# c\n', 'colour ', 'red\n', '\ncolour', ' red', 'ligand ', '\nligand PET x 2\n', 'pm', '\npm', 'eV', '\neV', 'MFI', '\nMFI', 'x 3'];

test('property: small edits (unknown words, `ligand`, `;`, line breaks) never let formatting change the meaning', async () => {
  const files = fuzzCorpus();
  const edit: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom<Mutation['kind']>('insert', 'insert', 'insert', ...MUTATION_KINDS),
    at: fc.nat(),
    token: fc.nat(),
    other: fc.nat(),
    insert: fc.constantFrom(...WORDS),
  });
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 6 }), async (file, edits) => {
      await assertFormattingKeepsMeaning(mutate(files[file % files.length], edits));
    }),
    { seed: SEED, numRuns: 400, includeErrorInReport: true },
  );
});

test('formatting leaves a document alone that holds a character no token reads, even where its error is folded into another (4-MBA), and says why', async () => {
  const refusals = [];
  for (const text of ['recipe R {\n  host Au 102\n  dopant Pt 1\n  ligands 4-MBA x 44\n}\n', 'recipe R {\n  host Au 102\n  dopant Pt 1\n  ligands PET x 2, 2--PET x 3\n}\n']) {
    refusals.push(formatDocument(await analyse(text), OPTIONS));
  }
  assert.deepEqual(refusals, [
    { refused: "line 4 holds '-', which no word of the language reads, and formatting would drop it; correct the error there, then format again." },
    { refused: "line 4 holds '--', which no word of the language reads, and formatting would drop it; correct the error there, then format again." },
  ]);
});

test('formatting a document with syntax errors, or a selection of it, is refused with the first error and how many there are', async () => {
  const one = await analyse('recipe A {\n  host Au 12\n  dopant\n}\n');
  const refusal = { refused: "it has a syntax error, and formatting around one could move text; correct it, then format again. Line 3: BM109 'dopant' needs an element symbol, e.g. dopant Pt 1" };
  assert.deepEqual(formatDocument(one, OPTIONS), refusal);
  assert.deepEqual(formatRange(one, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, OPTIONS), refusal, 'a selection: the same');
  const two = await analyse('recipe A {\n  host Au 12 @\n  dopant Pt 1\n}\nrecipe B { host Au 12 dopant }\n');
  assert.match((formatDocument(two, OPTIONS) as FormattingRefusal).refused, /^it has 2 syntax errors, and formatting around one could move text; correct them, then format again\. The first, line 2: BM100 /);
});

test('formatText agrees with formatDocument on a valid document', async () => {
  for (const file of EXAMPLES) {
    const text = readFileSync(file, 'utf8');
    assert.equal(formatText(text, OPTIONS), await formatted(text));
  }
});

/** What the editor's range formatting request makes of `text` for the offsets [from, to). */
async function rangeFormatted(text: string, from: number, to: number, options: FormattingOptions = OPTIONS): Promise<string> {
  const document = TextDocument.create('file:///t/a.bimetal', 'bimetal', 1, text);
  const edits = formatRange(await analyse(text), { start: document.positionAt(from), end: document.positionAt(to) }, options);
  return Array.isArray(edits) ? TextDocument.applyEdits(document, edits) : text;
}

test('range formatting lays out the declarations the range touches, and nothing between or beyond them', async () => {
  const text = '# first\nrecipe A { host Au 12 ; dopant Ag 1 }\n\n\n# between\nrecipe B {  host   Cu 4 # four\n dopant Ni 1 }   \nligand L = "CCS"   binds S\n';
  const inB = text.indexOf('Cu');
  assert.equal(await rangeFormatted(text, inB, inB), text.replace('recipe B {  host   Cu 4 # four\n dopant Ni 1 }', 'recipe B {\n  host     Cu 4  # four\n  dopant   Ni 1\n}'));
  // A selection from inside A to inside the ligand touches all three; the blank lines and comments between stay.
  assert.equal(
    await rangeFormatted(text, text.indexOf('Au'), text.indexOf('binds')),
    '# first\nrecipe A {\n  host     Au 12\n  dopant   Ag 1\n}\n\n\n# between\nrecipe B {\n  host     Cu 4  # four\n  dopant   Ni 1\n}   \nligand L = "CCS" binds S\n',
  );
  // A range that ends where a declaration starts does not touch it.
  assert.equal(await rangeFormatted(text, 0, text.indexOf('recipe A')), text);
  assert.equal(await rangeFormatted(text.replace(/\n/g, '\r\n'), inB, inB + 1), (await rangeFormatted(text, inB, inB + 1)).replace(/\n/g, '\r\n'), 'in the document\'s own line endings');
});

test('property: range formatting keeps the meaning, and formatting the whole document after it gives what formatting it at once gives', async () => {
  const files = fuzzCorpus();
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), async (file, picks, a, b) => {
      const text = rejoined(files[file % files.length], picks);
      const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y);
      const once = await rangeFormatted(text, from, to);
      const show = `--- input ---\n${JSON.stringify(text)}\n--- range ${from}..${to} ---\n${JSON.stringify(once)}`;
      assert.deepEqual(meaning(once), meaning(text), `range formatting changed the meaning\n${show}`);
      assert.equal(await formatted(once), await formatted(text), `range formatting disagrees with the document's formatting\n${show}`);
    }),
    { seed: SEED, numRuns: 300, includeErrorInReport: true },
  );
});
