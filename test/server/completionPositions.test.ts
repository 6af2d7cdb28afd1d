/**
 * Completion at positions where the line text alone misleads: inside a count list, after a
 * ligand declared further down, inside a `#` comment, inside a string or after one holding `;`
 * or `{`. Pure functions of an analysed document (no server process); cursors are marked with
 * `<|>`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver';
import { DocumentModel, type AnalysedDocument } from '../../server/src/documentModel';
import { completion } from '../../server/src/completion';
import { parseCursors } from './lspHarness';

function analyse(text: string): Promise<AnalysedDocument> {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  return model.analyse(TextDocument.create('file:///t/a.bimetal', 'bimetal', 1, text));
}

/** The labels offered at the one `<|>` of `marked`. */
async function labelsAt(marked: string): Promise<string[]> {
  const { text, cursors } = parseCursors(marked);
  assert.equal(cursors.length, 1, 'one cursor per text');
  return completion(await analyse(text), cursors[0]).map((item: CompletionItem) => item.label);
}

/** `line` as the only property line of a recipe, with the cursor where `line` has `<|>`. */
const inRecipe = (line: string) => `recipe A {\n  ${line}\n}\n`;

describe('completion inside family lists', () => {
  describe('a count list offers nothing: counts are numbers', () => {
    for (const line of [
      'host Au [12, <|>',
      'dopant Ag [1, <|>',
      'host Au [12, A<|>',
      'host Au [12, <|>13]',
      'host [Au, Ag] [1, <|>',
      'dopant [Pt, Pd] [1, 2..<|>',
      'ligands PET x [8, <|>',
      'ligands PET x [8, P<|>',
      'ligands PET x 8, SCH3 x [2, <|>',
    ]) {
      test(line, async () => assert.deepEqual(await labelsAt(inRecipe(line)), []));
    }
  });

  test('an element list still offers metals, and a new ligand use still offers ligands', async () => {
    for (const line of ['host [Au, <|>', 'dopant [Pt, <|>]', 'dopant [<|>', 'host [Au, A<|>', 'host Au 12 ; dopant [Pt, <|>']) {
      const labels = await labelsAt(inRecipe(line));
      assert.ok(labels.includes('Ag') && labels.includes('Pd'), `${line}: ${labels.slice(0, 5).join(', ')}`);
      assert.ok(!labels.includes('S'), `${line}: only metals`);
    }
    for (const line of ['ligands PET x 8, <|>', 'ligands PET x [8, 9], <|>', 'ligands PET x [8, 9], S<|>', 'ligands <|>']) {
      const labels = await labelsAt(inRecipe(line));
      assert.ok(labels.includes('PPh3') && labels.includes('SCH3'), `${line}: ${labels.slice(0, 5).join(', ')}`);
    }
  });
});

describe('completion of declared ligands', () => {
  const file = [
    'ligand Early = "SCC" binds S',
    'recipe A {',
    '  host Au 12',
    '  ligands <|>',
    '}',
    'ligand Late = "SCCC" binds S',
    'ligand PPh3 = "c1ccc(cc1)P(c1ccccc1)c1ccccc1"',
    'recipe B {',
    '  host Au 12',
    '  ligands <|>',
    '}',
  ].join('\n');

  test('a ligand declared below the recipe is not offered (using it there is BM213)', async () => {
    const { text, cursors } = parseCursors(file);
    const analysed = await analyse(text);
    const above = completion(analysed, cursors[0]).map((i) => i.label);
    assert.ok(above.includes('Early') && above.includes('PET'), above.join(', '));
    assert.ok(!above.includes('Late'), `Late is declared below recipe A: ${above.slice(0, 5).join(', ')}`);
    // The declaration below replaces the built-in in this file, so the built-in name is not usable above it either.
    assert.ok(!above.includes('PPh3'), 'PPh3 is declared below recipe A');
    const below = completion(analysed, cursors[1]);
    assert.deepEqual(
      below.filter((i) => i.sortText?.startsWith('0')).map((i) => i.label),
      ['Early', 'Late', 'PPh3'],
    );
    assert.equal(below.filter((i) => i.label === 'PPh3').length, 1, 'PPh3 once: the declaration replaces the built-in');
  });

  test('every ligand offered can be used there without BM213', async () => {
    const { text, cursors } = parseCursors(file);
    const lines = text.split('\n');
    for (const cursor of cursors) {
      for (const item of completion(await analyse(text), cursor)) {
        const line = lines[cursor.line];
        const used = lines.map((l, i) => (i === cursor.line ? `${line.slice(0, cursor.character)}${item.label} x 2` : l)).join('\n');
        const codes = (await analyse(used)).diagnostics.map((d) => d.code);
        assert.ok(!codes.includes('BM213'), `${item.label} at line ${cursor.line}: ${codes.join(', ')}`);
      }
    }
  });
});

describe('completion inside comments', () => {
  describe('nothing is offered inside a # comment', () => {
    for (const marked of [
      'ligand X = "SCC" # binds <|>',
      'ligand X = "SCC" # binds S, <|>',
      'ligand X = "SCC" # 3 <|>',
      'ligand X = "SCC" #<|>',
      inRecipe('host Au 12  # one; <|>'),
      inRecipe('host Au 12  # see {<|>'),
      inRecipe('# host <|>'),
      inRecipe('host Au 12 # dopant [Pt, <|>'),
      `${inRecipe('host Au 12')}# recipe X { host <|>`,
    ]) {
      test(JSON.stringify(marked), async () => assert.deepEqual(await labelsAt(marked), []));
    }
  });

  test('a # in a string is not a comment, and the position just before a comment is code', async () => {
    assert.ok((await labelsAt('ligand X = "S#C" binds <|>')).includes('S'));
    assert.ok((await labelsAt(inRecipe('<|># the host'))).includes('host'));
    assert.ok((await labelsAt('<|># a new recipe')).includes('recipe'));
  });
});

describe('completion inside strings', () => {
  describe('nothing is offered inside a string, terminated or running to the line end', () => {
    for (const marked of [
      inRecipe('note "a; <|>"'),
      inRecipe('note "a; <|>'),
      inRecipe('note "see {<|>"'),
      inRecipe('structure "x { <|>"'),
      inRecipe('structure "x {<|>'),
      inRecipe('ligands "CC{<|>'),
      inRecipe('ligands "C;<|>"'),
      inRecipe('ligands PET x 8, "CC;<|>'),
      inRecipe('ligands PET x 8, "CC, <|>"'),
      inRecipe('support zeolite "MFI; <|>"'),
      inRecipe('host Au 12 ; note "x; <|>'),
      inRecipe('host "Au; <|>'),
      inRecipe('host [Au, "x <|>'),
      'ligand X = "C;<|>"',
      'ligand X = "C;<|>',
      'ligand X = "<|>"',
      'ligand X = "<|>',
      'ligand X = "C binds <|>',
      'ligand X = "C" logP "2<|>',
      'ligand X = "C\\" <|>"',
    ]) {
      test(JSON.stringify(marked), async () => assert.deepEqual(await labelsAt(marked), []));
    }
  });

  test('a cursor right after the closing quote, or after a string, gets its usual completions', async () => {
    const ligandClauses = ['binds', 'logP'];
    for (const marked of ['ligand X = "C;C"<|>', 'ligand X = "C{C" <|>', 'ligand X = "C;"<|>', 'ligand X = "C\\"C"<|>']) {
      assert.deepEqual(await labelsAt(marked), ligandClauses, marked);
    }
    assert.ok((await labelsAt('ligand X = "C;C" binds <|>')).includes('S'));
    // A clause already written is not offered again (a second one is BM216).
    assert.deepEqual(await labelsAt('ligand X = "CS" logP 2 <|>'), ['binds']);
    assert.deepEqual(await labelsAt('ligand X = "CS" binds S <|>'), ['logP']);
    assert.deepEqual(await labelsAt('ligand X = "CS" binds S logP 2 <|>'), []);
    for (const line of ['note "a; b"; <|>', 'structure "a{b}.xyz" ; <|>', 'note "x";<|>']) {
      const labels = await labelsAt(inRecipe(line));
      assert.ok(labels.includes('host') && labels.includes('site'), `${line}: ${labels.slice(0, 5).join(', ')}`);
    }
    // A `;` or `{` inside an earlier string on the line does not start a property.
    for (const line of ['ligands "C;C" x 2, <|>', 'ligands "C{C" x 2, S<|>', 'note "a; b" ; ligands PET x 2, <|>']) {
      const labels = await labelsAt(inRecipe(line));
      assert.ok(labels.includes('PPh3') && labels.includes('SCH3'), `${line}: ${labels.slice(0, 5).join(', ')}`);
    }
    assert.ok((await labelsAt(inRecipe('support "a;b" ; dopant [Pt, <|>'))).includes('Pd'));
  });
});

test('a recipe on one line: after a property and its value come the properties not yet written, and each property its own values', async () => {
  const next = await labelsAt('recipe A { host Au 12 <|> }');
  assert.ok(next.includes('dopant') && next.includes('topology') && !next.includes('host'), next.join(', '));
  // The property being written is the last one on the line, not the first.
  assert.ok((await labelsAt('recipe A { host Au 12 dopant <|> }')).includes('Pt'));
  assert.deepEqual(await labelsAt('recipe A { host Au 12 dopant Pt 1 site <|> }'), ['core', 'surface', 'mixed']);
  const afterTopology = await labelsAt('recipe A { host Au 12 topology icosahedron <|> }');
  assert.ok(afterTopology.includes('shells') && afterTopology.includes('dopant'), afterTopology.join(', '));
  // Not where the property goes on: after a comma, after x, after shells, after the keyword alone.
  assert.ok(!(await labelsAt('recipe A { host Au 12 ligands PET x 8, <|> }')).includes('dopant'));
  assert.deepEqual(await labelsAt('recipe A { host Au 12 ligands PET x <|> }'), []);
  assert.deepEqual(await labelsAt('recipe A { host Au 12 topology icosahedron shells <|> }'), []);
  assert.ok(!(await labelsAt('recipe A { host Au 12 ligands <|> }')).includes('dopant'));
});

test('a completion inside a word replaces the whole word, or lets the user choose where the client can (InsertReplaceEdit)', async () => {
  const { text, cursors } = parseCursors('recipe A {\n  host A<|>u 12\n}\n');
  const analysed = await analyse(text);
  const ag = (items: CompletionItem[]) => items.find((i) => i.label === 'Ag')?.textEdit;
  const word = { start: { line: 1, character: 7 }, end: { line: 1, character: 9 } };
  // Without InsertReplaceEdit, choosing Ag gives `host Ag 12`, not `host Agu 12`.
  assert.deepEqual(ag(completion(analysed, cursors[0])), { range: word, newText: 'Ag' });
  assert.deepEqual(ag(completion(analysed, cursors[0], true)), { newText: 'Ag', insert: { start: word.start, end: cursors[0] }, replace: word });
  // At the end of a word the edit is the typed prefix, as before.
  const end = parseCursors('recipe A {\n  host Au<|> 12\n}\n');
  assert.deepEqual(ag(completion(await analyse(end.text), end.cursors[0], true)), { range: word, newText: 'Ag' });
});

test('a position outside the document is clamped to it, as LSP says: the text edits lie in the document', async () => {
  const text = 'recipe A {\n  host Au 12\n}\nre';
  const analysed = await analyse(text);
  const lines = text.split('\n');
  const cases: [{ line: number; character: number }, { line: number; character: number }][] = [
    [{ line: -1, character: 0 }, { line: 0, character: 0 }],
    [{ line: 1e9, character: 0 }, { line: 3, character: 2 }],
    [{ line: 3, character: 1e9 }, { line: 3, character: 2 }],
    [{ line: 1, character: -5 }, { line: 1, character: 0 }],
  ];
  for (const [outside, clamped] of cases) {
    const items = completion(analysed, outside);
    assert.deepEqual(items, completion(analysed, clamped), JSON.stringify(outside));
    for (const item of items) {
      const { range } = item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } } };
      for (const p of [range.start, range.end]) {
        assert.ok(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length, `${JSON.stringify(outside)}: ${JSON.stringify(range)}`);
      }
    }
  }
  assert.ok(completion(analysed, { line: 1e9, character: 0 }).some((item) => item.label === 'recipe'), 'the end of the document, after `re`');
});

describe('completion in a recipe whose } is not typed yet', () => {
  test('a new line offers the properties not written yet, not the file-level keywords', async () => {
    for (const marked of ['recipe B {\n  host Au 12\n  <|>', 'recipe B {\n  <|>', 'recipe B {\n  host Au 12\n  <|>\nrecipe C { host Au 1 }\n']) {
      const labels = await labelsAt(marked);
      assert.ok(labels.includes('dopant') && labels.includes('site'), `${JSON.stringify(marked)}: ${labels.join(', ')}`);
      assert.ok(!labels.includes('recipe'), `${JSON.stringify(marked)}: ${labels.join(', ')}`);
    }
  });

  test("a property's values are offered after its keyword, also before the next recipe", async () => {
    for (const marked of ['recipe B {\n  host Au 12\n  dopant <|>', 'recipe B {\n  host Au 12\n  dopant <|>\nrecipe C { host Au 1 }\n']) {
      assert.ok((await labelsAt(marked)).includes('Pd'), JSON.stringify(marked));
    }
    assert.ok((await labelsAt('recipe B {\n  host Au 12\n  site <|>')).includes('core'));
    assert.ok((await labelsAt('recipe B {\n  host Au 12\n  ligands PET x 2, <|>')).includes('PPh3'));
  });

  test('after a closed recipe the file-level keywords come back', async () => {
    assert.ok((await labelsAt('recipe B {\n  host Au 12\n}\n<|>')).includes('recipe'));
  });
});

test("the recipe snippet's lines end as the document's do (CRLF or LF), whichever client applies it", async () => {
  for (const eol of ['\r\n', '\n']) {
    const { text, cursors } = parseCursors(`recipe A {${eol}  host Au 12${eol}  dopant Ag 1${eol}}${eol}<|>`);
    const snippet = completion(await analyse(text), cursors[0]).find((item) => item.label === 'recipe …');
    const newText = (snippet?.textEdit as { newText: string } | undefined)?.newText ?? '';
    assert.equal(newText.split(eol).length, 7, JSON.stringify(snippet));
    assert.doesNotMatch(newText.split(eol).join(''), /[\r\n]/, JSON.stringify(newText));
  }
});
