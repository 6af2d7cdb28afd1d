/**
 * Nothing is lost: every edit the server proposes, applied to seeded mutants of the fuzz corpus
 * (and of a few files that reach every quick fix) written with LF, CRLF or lone CR line breaks,
 * tabs, comments at line ends, pasted characters (emoji, subscript digits, a mathematical P) and
 * the mutations' broken strings, lists and braces, changes only what it means to change:
 * - each code action at each diagnostic (and the refactorings at words of the file): its edits lie
 *   in the document, do not overlap and split no CRLF or surrogate pair; every comment survives
 *   (an expanded family repeats them); new line breaks are the document's own;
 * - applying one preferred fix after another ends: none undoes another or offers itself again;
 * - rename at every position prepareRename accepts: the edits replace the name and nothing else,
 *   comments are unchanged, and the file means what it meant under the new name.
 * FUZZ_SEED picks other documents; a failure prints the document and the action.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { analyzeText } from '../../grammar/src/index';
import { bimetalLexer } from '../../grammar/src/lexer';
import { codeActions } from '../../server/src/codeActions';
import { DocumentModel, type AnalysedDocument } from '../../server/src/documentModel';
import { lineEndingOf } from '../../server/src/lineEnding';
import { prepareRename, rename } from '../../server/src/navigation';
import { fuzzCorpus } from '../fuzz/corpus';
import { mutate, MUTATION_ALPHABET, MUTATION_KINDS, type Mutation } from '../fuzz/mutations';
import { withoutPositions } from '../helpers/positions';
import { seededRandom } from '../helpers/random';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const uri = 'file:///t/audit.bimetal';

/** Files that reach the fixes the corpus reaches seldom: list items and ranges across lines with comments, moves, declarations, removals, insertions. */
const EVERY_FIX = [
  'ligand L = "CCS" # thiol\nrecipe A { # first\n  host Au 12 # h\n  dopant [Ag, # one\n Ag, Cu] [1, 1] # d\n  ligands L x 2, PET x [2, # two\n 2]\n}\n',
  '# header\n\nrecipe A {\n  host Au 12\n  dopant Pt 1\n  ligands Late x 2, PPh3 x 1 # uses\n}\nligand Late = "CCP" binds P # late one\n',
  '# header\nrecipe A {\n  host Au 12\n  dopant Pt 1\n  ligands Unknwn x 2 # uses\n  topology icosahedron # t\n  structure "core.xyz"\n}\n',
  'recipe A {\n  host [Au, Ag] 12 # fam\n  dopant Pt 4 # backwards\n..1 # range\n  ligands PET x [2, 4] # l\n  note "n # not a comment"\n}\n',
  'recipe A {\n  host Au 12\n  dopant Pt 1 # no close\n',
  'ligand 4-MBA = "OC(=O)c1ccc(S)cc1" # mba\nrecipe R {\n  host Au 102\n  dopant Pt 1\n  ligands 4-MBA x 44 # u\n}\n',
  'recipe A {\n  host Au 14\n  dopant Pt 1\n  topology icosahedron # wrong size\n  site cor # s\n  distance 280 # pm?\n  energy -2.9 ev # e\n  charge 2⁻\n}\n',
  'recipe A {\n  host Au₁₂ # sub\n  dopant Pt 1; topology none shells # none\n 1\n  ligands PPh₃ x 2, , PET x 1,\n}\n}\n',
  'recipe A { host Au 12 dopant Pt 1 ligands PET x 8 PPh3 x 2 } # missing comma\nligand X "CCS"\nrecipe B host Au 12\n',
  'ligand E = "C\\😀C\\₂" binds S # escapes\nrecipe E { host Au 12; dopant Pt 1; ligands E x 2 }\n',
  'recipe Z {\n  host Zr 12\n  dopant Ti 1\n  topology icosahedron\n  sit=e core\n}\nrecipe W {\n  host AU Au12\n  =dopant Pt 1\n}\n',
  'recip A {\n  hots Au 12\n  dopand Pt 1\n  ligands "CCS" x 2\n  site "core"\n}\nrecipe😀B { host Au 12; dopant Ag 1 }\n',
];

/** What the variants add: pasted characters and line-end comments that hold the language's own punctuation. */
const PASTED = ['😀', '𝑃', '₁₂', '₃', '\t', ' # 💥 note\n', '# c\n', '"', 'Au₁₂', 'PPh₃', '−', '2⁻', '\u00A0', '\r\n'];
const LINE_END_COMMENTS = ['c', '😀 x', 'a, b', '"q', '}', 'ligands PET'];

type Random = () => number;
const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

/** Document `index` of the run: a corpus file, mutated or not, with comments, tabs and line breaks of one kind. */
function document(random: Random, files: readonly string[]): string {
  const file = pick(random, files);
  const mutations: Mutation[] = Array.from({ length: 1 + int(random, 4) }, () => ({
    kind: pick(random, MUTATION_KINDS),
    at: int(random, 1 << 30),
    token: int(random, 1 << 30),
    other: int(random, 1 << 30),
    insert: random() < 0.5 ? pick(random, MUTATION_ALPHABET) : pick(random, PASTED),
  }));
  let text = random() < 0.15 ? file : mutate(file, mutations);
  if (random() < 0.3) text = text.split('\n').map((line) => (random() < 0.4 ? `${line} # ${pick(random, LINE_END_COMMENTS)}` : line)).join('\n');
  if (random() < 0.2) text = text.replace(/^ {2}/gm, '\t');
  const breaks = random();
  if (breaks < 0.3) text = text.replace(/\r?\n/g, '\r\n');
  else if (breaks < 0.45) text = text.replace(/\r?\n/g, '\r');
  return text;
}

function analyser(): (text: string) => Promise<AnalysedDocument> {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  let version = 0;
  return (text) => model.analyse(TextDocument.create(uri, 'bimetal', ++version, text));
}

function commentsOf(text: string): string[] {
  return (bimetalLexer().tokenize(text).groups.comments ?? []).map((c) => c.image.trimEnd()).sort();
}

const lineBreaks = (text: string) => text.match(/\r\n|\r|\n/g) ?? [];

/** Why `edits` are no well-formed edit of `document`; undefined when they are. */
function malformed(document: TextDocument, edits: readonly TextEdit[]): string | undefined {
  const text = document.getText();
  const splits = (offset: number) => (text[offset - 1] === '\r' && text[offset] === '\n') || (/[\uD800-\uDBFF]/.test(text[offset - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[offset] ?? ''));
  const ranges = [];
  for (const { range } of edits) {
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    // offsetAt clamps a position outside the document: one that does not come back is outside.
    const back = [document.positionAt(start), document.positionAt(end)];
    if (JSON.stringify(back) !== JSON.stringify([range.start, range.end])) return `a position outside the document: ${JSON.stringify(range)}`;
    if (start > end) return `a range that ends before it starts: ${JSON.stringify(range)}`;
    if (splits(start) || splits(end)) return `a range that splits a CRLF or a surrogate pair: ${start}..${end}`;
    ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < ranges.length; i++) {
    const [previous, next] = [ranges[i - 1], ranges[i]];
    // Two insertions at one offset have no order either.
    if (next[0] < previous[1] || (next[0] === previous[0] && next[0] === next[1] && previous[0] === previous[1])) return `overlapping edits at ${next[0]}`;
  }
  return undefined;
}

/** Applies `action`, asserting what every action must keep; the text after it. */
function assertKeeps(document: TextDocument, action: CodeAction, where: string): string {
  const edits = action.edit?.changes?.[uri] ?? [];
  const show = `${where}: '${action.title}'\n--- document ---\n${JSON.stringify(document.getText())}\n--- edits ---\n${JSON.stringify(edits)}`;
  assert.deepEqual(Object.keys(action.edit?.changes ?? {}).filter((u) => u !== uri), [], `an edit of another file\n${show}`);
  const why = malformed(document, edits);
  assert.equal(why, undefined, `${why}\n${show}`);
  const before = document.getText();
  const after = TextDocument.applyEdits(document, edits);
  const afterShown = `${show}\n--- after ---\n${JSON.stringify(after)}`;
  const kept = commentsOf(after);
  for (const comment of commentsOf(before)) {
    const i = kept.indexOf(comment);
    assert.ok(i >= 0, `comment ${JSON.stringify(comment)} lost\n${afterShown}`);
    kept.splice(i, 1);
  }
  if (!action.title.startsWith('Expand family')) assert.deepEqual(kept, [], `comments written anew\n${afterShown}`);
  if (new Set(lineBreaks(before)).size === 1) {
    const eol = lineEndingOf(before);
    for (const { newText } of edits) assert.ok(lineBreaks(newText).every((b) => b === eol), `a line break not the document's (${JSON.stringify(eol)})\n${afterShown}`);
  }
  return after;
}

/** Each action at each diagnostic and at every fifth word. */
async function auditActions(analyse: (text: string) => Promise<AnalysedDocument>, text: string): Promise<number> {
  const analysed = await analyse(text);
  const { document } = analysed;
  const words = [...text.matchAll(/[A-Za-z]\w*/g)].filter((_, i) => i % 5 === 0).map((m) => ({ start: m.index, end: m.index }));
  const seen = new Set<string>();
  for (const range of [...analysed.diagnostics.map((d) => d.range), ...words]) {
    const lspRange = { start: document.positionAt(range.start), end: document.positionAt(range.end) };
    for (const action of await codeActions(analysed, { textDocument: { uri }, range: lspRange, context: { diagnostics: [] } })) {
      const key = JSON.stringify([action.title, action.edit]);
      if (seen.has(key)) continue;
      seen.add(key);
      assertKeeps(document, action, `at ${range.start}`);
    }
  }
  return seen.size;
}

/** Applies the first preferred fix until none is offered: it must end, without coming back to a text it left. */
async function auditPreferredFixes(analyse: (text: string) => Promise<AnalysedDocument>, text: string): Promise<number> {
  const seen = new Set([text]);
  let current = text;
  for (let step = 0; step < 40; step++) {
    const analysed = await analyse(current);
    let next: string | undefined;
    for (const d of analysed.diagnostics) {
      const range = { start: analysed.document.positionAt(d.range.start), end: analysed.document.positionAt(d.range.end) };
      const preferred = (await codeActions(analysed, { textDocument: { uri }, range, context: { diagnostics: [] } })).find((a) => a.isPreferred);
      if (!preferred) continue;
      next = assertKeeps(analysed.document, preferred, `step ${step} of the preferred fixes of ${JSON.stringify(text)}, on ${d.code}`);
      assert.ok(!seen.has(next), `the preferred fixes come back to a text they left\n${JSON.stringify(next)}\nfrom ${JSON.stringify(text)}`);
      break;
    }
    if (next === undefined) return step;
    seen.add(next);
    current = next;
  }
  assert.fail(`the preferred fixes of ${JSON.stringify(text)} do not end in 40 steps`);
}

/** What a file means: its diagnostics' codes and its expanded recipes, positions aside. */
function meaning(text: string) {
  const { diagnostics, members } = analyzeText(text, { maxFamilySize: 100_000 });
  // BM214 (a declaration repeats a built-in) goes with the name, as it should.
  return { codes: diagnostics.map((d) => d.code).filter((code) => code !== 'BM214').sort(), members: withoutPositions(members) };
}

/** `members` with recipe `from` (or ligand `from`) renamed `to`. */
function renamedMembers(members: unknown, kind: 'recipe' | 'ligand', from: string, to: string): unknown {
  return (members as Record<string, unknown>[]).map((member) => {
    if (kind === 'ligand') return { ...member, ligands: (member.ligands as { name: string }[]).map((l) => (l.name === from ? { ...l, name: to } : l)) };
    if (member.recipe !== from) return member;
    const name = member.name as string;
    return { ...member, recipe: to, name: name === from ? to : name.startsWith(`${from}[`) ? to + name.slice(from.length) : name };
  });
}

/** Rename at every position prepareRename accepts (each symbol once). */
async function auditRenames(analyse: (text: string) => Promise<AnalysedDocument>, text: string): Promise<number> {
  const analysed = await analyse(text);
  const { document } = analysed;
  const done = new Set<string>();
  const before = meaning(text);
  for (let offset = 0; offset <= text.length; offset++) {
    const position = document.positionAt(offset);
    let prepared;
    try {
      prepared = prepareRename(analysed, position);
    } catch {
      continue; // refused with the reason (a built-in, an undeclared name)
    }
    if (!prepared || done.has(JSON.stringify(prepared.range))) continue;
    done.add(JSON.stringify(prepared.range));
    const name = prepared.placeholder;
    const newName = 'Renamed_1';
    const edits = rename(analysed, position, newName)?.changes?.[uri];
    const show = `rename '${name}' at ${offset} in ${JSON.stringify(text)}\n--- edits ---\n${JSON.stringify(edits)}`;
    assert.ok(edits, `prepareRename accepted, rename gave nothing\n${show}`);
    assert.equal(malformed(document, edits), undefined, show);
    for (const edit of edits) assert.equal(document.getText(edit.range), name, `an edit replaces more or less than the name\n${show}`);
    const after = TextDocument.applyEdits(document, edits);
    assert.deepEqual(commentsOf(after), commentsOf(text), `a comment changed\n${show}`);
    // A name declared twice is two symbols: renaming one mends the duplicate, which is meant to change the diagnostics.
    const duplicate = analysed.diagnostics.some((d) => (d.code === 'BM215' || d.code === 'BM222') && text.slice(d.range.start, d.range.end) === name);
    if (duplicate) continue;
    const isRecipe = analysed.ast.recipes.some((r) => r.name && edits.some((e) => document.offsetAt(e.range.start) === r.name!.start));
    const expected = { codes: before.codes, members: renamedMembers(before.members, isRecipe ? 'recipe' : 'ligand', name, newName) };
    assert.deepEqual(meaning(after), expected, `the file means something else after the rename\n${show}\n--- after ---\n${JSON.stringify(after)}`);
  }
  return done.size;
}

test('property: every code action keeps the comments, the line breaks and a well-formed document; preferred fixes end; renames change only the name', async () => {
  const files = [...fuzzCorpus().filter((text) => text.length < 4000), ...EVERY_FIX];
  const analyse = analyser();
  const counts = { documents: 0, actions: 0, fixRuns: 0, renames: 0 };
  for (let index = 0; index < 150; index++) {
    const random = seededRandom(Math.imul(SEED ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
    const text = document(random, files);
    counts.documents++;
    counts.actions += await auditActions(analyse, text);
    if (index % 3 === 0) counts.renames += await auditRenames(analyse, text);
    if (index % 3 === 1) {
      await auditPreferredFixes(analyse, text);
      counts.fixRuns++;
    }
  }
  // The run reaches what it audits (a change to the inputs that stopped it would pass unseen).
  assert.ok(counts.actions > 500 && counts.renames > 100 && counts.fixRuns >= 50, JSON.stringify(counts));
});
