/** Feature modules as pure functions of an analysed document (no server process). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModel, recipeAt, type AnalysedDocument } from '../../server/src/documentModel';
import { estimateText, num } from '../../report/src/numbers';
import { formatDocument, formatText } from '../../server/src/formatting';
import { declaredSymbols, documentSymbols, matchesQuery, MAX_SYMBOLS_WITH_PROPERTIES, workspaceSymbols, type ParsedFile } from '../../server/src/symbols';
import { parseDocument } from '../../grammar/src/index';
import { DocumentTokens, tokenEdits } from '../../server/src/semanticTokens';
import { completion } from '../../server/src/completion';
import { documentLinks } from '../../server/src/documentLinks';
import { foldingRanges } from '../../server/src/folding';
import { dirnameOf, pathToUri, uriToPath } from '../../server/src/uris';
import { parseCursors, textInRange } from './lspHarness';

function analyse(text: string, uri = 'file:///t/a.bimetal'): Promise<AnalysedDocument> {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  return model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
}

const MESSY = `# header comment
ligand  X = "CCS"   binds S   # trailing
recipe A {  host Au 12 ; dopant   Ag 1
   ligands X x 6,PET x 2   }
# about B
recipe B { host Cu 4
  dopant [ Ni , Co ] 1 .. 2
}`;

test('formatting yields the canonical layout and is idempotent', () => {
  const once = formatText(MESSY, { tabSize: 2, insertSpaces: true });
  assert.equal(
    once,
    `# header comment
ligand X = "CCS" binds S  # trailing

recipe A {
  host     Au 12
  dopant   Ag 1
  ligands  X x 6, PET x 2
}

# about B
recipe B {
  host     Cu 4
  dopant   [Ni, Co] 1..2
}
`,
  );
  assert.equal(formatText(once, { tabSize: 2, insertSpaces: true }), once);
});

test('formatting leaves a document with syntax errors alone', async () => {
  const analysed = await analyse('recipe A {\n  host Au "12\n}\n');
  assert.ok(analysed.diagnostics.some((d) => d.code.startsWith('BM1')));
  const result = formatDocument(analysed, { tabSize: 2, insertSpaces: true });
  assert.ok(!Array.isArray(result) && /^it has (a|\d+) syntax errors?, and formatting around one could move text/.test(result.refused), JSON.stringify(result));
});

test('recipeAt finds the recipe around an offset by binary search', async () => {
  const text = Array.from({ length: 100 }, (_, i) => `recipe R${i} {\n  host Au 12\n  dopant Ag 1\n}\n`).join('');
  const analysed = await analyse(text);
  for (const i of [0, 37, 99]) {
    const at = text.indexOf(`R${i} {`) + 1;
    assert.equal(recipeAt(analysed, at)?.name?.text, `R${i}`);
  }
  assert.equal(recipeAt(analysed, text.length + 5), undefined);
});

test('completion inside a half-typed host line offers metals, not non-metals', async () => {
  const { text, cursors } = parseCursors('recipe A {\n  host Au 12\n  dopant <|>\n}\n');
  const items = completion(await analyse(text), cursors[0]);
  assert.ok(items.some((i) => i.label === 'Pt'));
  assert.ok(!items.some((i) => i.label === 'O' || i.label === 'Ge'));
});

test('numbers use a real minus sign and ± only for symmetric intervals', () => {
  assert.equal(num(-2.9), '−2.90');
  assert.equal(num(-0.001), '0.00');
  assert.equal(num(null), '—');
  assert.equal(estimateText({ point: -2.9, lower: -3.3, upper: -2.5 }), '−2.90±0.40');
  assert.equal(estimateText({ point: -2.9, lower: -3.4, upper: -2.7 }), '−2.90 (−3.40…−2.70)');
  // An unbounded CV+ interval (a calibration group too small for the coverage, BM405) reads as such, not as a missing number.
  assert.equal(estimateText({ point: -4.73, lower: -Infinity, upper: Infinity }), '−4.73±∞');
  assert.equal(estimateText({ point: -2.9, lower: -Infinity, upper: -2.7 }), '−2.90 (−∞…−2.70)');
});

test('workspace symbol queries match subsequences, ignoring case', () => {
  assert.ok(matchesQuery('Au4Ru2_PET_PPh3', 'aupet'));
  assert.ok(!matchesQuery('Au4Ru2', 'ag'));
});

test('workspace symbols come in one order whatever order the documents were opened in: best match first, then by file and position', () => {
  const parsed = (uri: string, text: string) => ({ document: TextDocument.create(uri, 'bimetal', 1, text), ast: parseDocument(text).ast });
  const a = parsed('file:///ws/a.bimetal', 'recipe AuPtPd { host Au 1 dopant Pt 1 }\nrecipe Ag_AuPd { host Ag 1 dopant Au 1 }\nrecipe AuPd_scan { host Au 1 dopant Pd 1 }\n');
  const b = parsed('file:///ws/b.bimetal', 'recipe AuPd_b { host Au 1 dopant Pd 1 }\nrecipe AuPd { host Au 1 dopant Pd 1 }\n');
  const closed = declaredSymbols(parsed('file:///ws/0.bimetal', 'recipe NiAuPd { host Ni 1 dopant Au 1 }\nrecipe Cu { host Cu 1 dopant Ni 1 }\n'));
  const answer = (open: ParsedFile[]) => workspaceSymbols('aupd', open, closed).map((s) => `${s.name} ${s.location.uri.slice('file:///ws/'.length)}:${s.location.range.start.line}`);
  const expected = ['AuPd b.bimetal:1', 'AuPd_scan a.bimetal:2', 'AuPd_b b.bimetal:0', 'NiAuPd 0.bimetal:0', 'Ag_AuPd a.bimetal:1', 'AuPtPd a.bimetal:0'];
  assert.deepEqual(answer([a, b]), expected);
  assert.deepEqual(answer([b, a]), expected);
  // An empty query matches every name alike: by file, then position.
  assert.deepEqual(
    workspaceSymbols('', [b, a], closed).map((s) => s.name),
    ['NiAuPd', 'Cu', 'AuPtPd', 'Ag_AuPd', 'AuPd_scan', 'AuPd_b', 'AuPd'],
  );
});

test('file URIs round-trip through paths, spaces included', () => {
  const file = '/home/me/my recipes/a.bimetal';
  assert.equal(uriToPath(pathToUri(file)), file);
  assert.equal(pathToUri(file), 'file:///home/me/my%20recipes/a.bimetal');
  assert.equal(dirnameOf(file), '/home/me/my recipes');
  assert.equal(uriToPath('untitled:Untitled-1'), undefined);
});

test('structure paths are document links resolved against the recipe file', async () => {
  const text = 'recipe A {\n  host Au 12\n  dopant Ag 1\n  structure "cores/my core.xyz"\n}\nrecipe B {\n  host Au 12\n  dopant Ag 1\n  structure "/abs/c.xyz"\n}\n';
  const links = documentLinks(await analyse(text));
  assert.deepEqual(
    links.map((l) => [l.target, textInRange(text, l.range)]),
    [
      ['file:///t/cores/my%20core.xyz', 'cores/my core.xyz'],
      ['file:///abs/c.xyz', '/abs/c.xyz'],
    ],
  );
});

test('a backslash in a structure path links the file the scorer reads: a folder separator on Windows only', async () => {
  const text = 'recipe A {\n  host Au 12\n  dopant Ag 1\n  structure "my cores\\\\core 1.xyz"\n}\n';
  const targets = async (uri: string) => documentLinks(await analyse(text, uri)).map((l) => l.target);
  // On Linux and macOS path.resolve keeps `\` in the name, so the scorer looks for `my cores\core 1.xyz` here.
  assert.deepEqual(await targets('file:///t/a.bimetal'), ['file:///t/my%20cores%5Ccore%201.xyz']);
  assert.deepEqual(await targets('file:///c%3A/t/a.bimetal'), ['file:///c%3A/t/my%20cores/core%201.xyz']);
  const absolute = 'recipe A {\n  host Au 12\n  dopant Ag 1\n  structure "D:\\\\cores\\\\c.xyz"\n}\n';
  assert.deepEqual(documentLinks(await analyse(absolute, 'file:///c%3A/t/a.bimetal')).map((l) => l.target), ['file:///d%3A/cores/c.xyz']);
});

test("the outline lists each recipe's properties until the document holds more symbols than the limit, then its declarations alone", async () => {
  // Five properties a recipe: six symbols with the recipe's own.
  const recipes = (n: number) =>
    'ligand X = "CCS" binds S\n' +
    Array.from({ length: n }, (_, i) => `recipe R${i} {\n  host Au 12\n  dopant Ag 1\n  topology icosahedron\n  site surface\n  ligands X x 6\n}\n`).join('');
  const within = Math.floor((MAX_SYMBOLS_WITH_PROPERTIES - 1) / 6);
  const small = documentSymbols(await analyse(recipes(within)));
  assert.equal(small.length, within + 1);
  assert.ok(small.slice(1).every((s) => s.children?.map((c) => c.name).join(' ') === 'host dopant topology site ligands'));
  const large = documentSymbols(await analyse(recipes(within + 1)));
  assert.deepEqual(large.map((s) => s.name), ['X', ...Array.from({ length: within + 1 }, (_, i) => `R${i}`)]);
  assert.ok(large.every((s) => s.children === undefined));
  assert.equal(large[1].detail, 'Au12Ag(X)6');
});

/** The words the semantic tokens of `text` cover, in the order they are encoded. */
async function tokenWords(text: string): Promise<string[]> {
  const document = TextDocument.create('file:///t/a.bimetal', 'bimetal', 1, text);
  const { data } = new DocumentTokens().full(await analyse(text));
  const words: string[] = [];
  for (let i = 0, line = 0, character = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    words.push(document.getText({ start: { line, character }, end: { line, character: character + data[i + 2] } }));
  }
  return words;
}

test('semantic tokens sit on their words whatever the line breaks (LF, CRLF, a lone CR), and an unterminated string ends at its line', async () => {
  const text = 'recipe A {\r\n  host Au 12\r  dopant Pt 1\n  note "open\r\n  topology icosahedron # c\r\n}\n';
  assert.deepEqual(await tokenWords(text), ['recipe', 'A', 'host', 'Au', '12', 'dopant', 'Pt', '1', 'note', '"open', 'topology', 'icosahedron', '# c']);
});

test('semantic tokens come in the order of the text: comments between any two tokens, and a ligand whose logP is written before its binding atoms', async () => {
  const text = [
    '# head',
    'ligand L = "CCS" # smiles',
    '  logP 2 binds S # after binds',
    'recipe A { # open',
    '  host Au # element',
    '  12 # count',
    '  ligands L x 6 # uses',
    '}',
    '# tail',
  ].join('\n');
  assert.deepEqual(await tokenWords(text), [
    '# head', 'ligand', 'L', '"CCS"', '# smiles', 'logP', '2', 'binds', 'S', '# after binds',
    'recipe', 'A', '# open', 'host', 'Au', '# element', '12', '# count', 'ligands', 'L', 'x', '6', '# uses', '# tail',
  ]);
});

test('token edits: none between equal tokens, one edit between their common start and end otherwise', () => {
  const apply = (before: number[], after: number[]) => {
    let result = before;
    for (const e of tokenEdits(before, after)) result = [...result.slice(0, e.start), ...(e.data ?? []), ...result.slice(e.start + e.deleteCount)];
    return result;
  };
  assert.deepEqual(tokenEdits([1, 2, 3], [1, 2, 3]), []);
  assert.deepEqual(tokenEdits([1, 2, 3], [1, 9, 3]), [{ start: 1, deleteCount: 1, data: [9] }]);
  assert.deepEqual(tokenEdits([1, 2, 3], [1, 3]), [{ start: 1, deleteCount: 1 }]);
  // The common start and end may not overlap: [1, 1] → [1, 1, 1] inserts one 1, it does not delete a negative count.
  assert.deepEqual(tokenEdits([1, 1], [1, 1, 1]), [{ start: 2, deleteCount: 0, data: [1] }]);
  assert.deepEqual(tokenEdits([1, 1, 1], [1, 1]), [{ start: 2, deleteCount: 1 }]);
  for (const [before, after] of [[[], [4, 5]], [[4, 5], []], [[7, 8, 9], [6, 7, 8, 9, 10]], [[0, 0, 0, 0], [0, 1, 0]]]) {
    assert.deepEqual(apply(before, after), after);
  }
});

test("after an edit, semantic tokens come as the edit of the document's previous tokens", async () => {
  const recipes = Array.from({ length: 200 }, (_, i) => `recipe R${i} {\n  host Au 12\n  dopant Pt 1\n  topology icosahedron\n}\n`).join('');
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const before = await model.analyse(TextDocument.create('file:///t/tokens.bimetal', 'bimetal', 1, recipes));
  const edited = recipes.replace('recipe R100 {\n  host Au 12', 'recipe R100 {\n  host Cu 12\n  site core');
  const after = await model.analyse(TextDocument.create('file:///t/tokens.bimetal', 'bimetal', 2, edited));
  const tokens = new DocumentTokens();
  const first = tokens.full(before);
  const delta = tokens.delta(after, first.resultId!);
  assert.ok('edits' in delta, 'a delta');
  const replaced = [...first.data];
  for (const edit of [...delta.edits].reverse()) replaced.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  assert.deepEqual(replaced, new DocumentTokens().full(after).data);
  assert.ok(delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0) < 30, 'only the tokens around the edit');
  // A result the server no longer holds: all tokens again.
  const again = tokens.delta(after, 'stale');
  assert.ok(!('edits' in again));
  assert.deepEqual(again.data, new DocumentTokens().full(after).data);
});

test('documents edited in turn each get the edits of their own previous tokens, though their arrays are used again from one result to the next', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  // Recipes whose tokens differ with `shape` from the first one on, so no version's tokens begin like another's.
  const extras = ['', '  topology icosahedron\n', '  site core # here\n', '  ligands PET x 6\n  charge 0\n'];
  const recipes = (n: number, shape: number) =>
    Array.from({ length: n }, (_, i) => `recipe R${i} {\n  host Au 12\n${extras[(i + shape) % extras.length]}  dopant Pt 1\n}\n`).join('');
  // A long and a short document, growing and shrinking in turn, so each encoding lands in memory another result had.
  const versions = [
    ['file:///t/long.bimetal', recipes(60, 0)],
    ['file:///t/short.bimetal', recipes(3, 1)],
    ['file:///t/long.bimetal', recipes(20, 2)],
    ['file:///t/short.bimetal', recipes(80, 3)],
    ['file:///t/long.bimetal', recipes(21, 1)],
    ['file:///t/short.bimetal', recipes(2, 0)],
    ['file:///t/long.bimetal', recipes(70, 3)],
  ];
  const tokens = new DocumentTokens();
  const client = new Map<string, { resultId?: string; data: number[] }>();
  let version = 0;
  for (const [uri, text] of versions) {
    const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', ++version, text));
    const held = client.get(uri);
    const answer = held ? tokens.delta(analysed, held.resultId!) : tokens.full(analysed);
    let data: number[];
    if ('edits' in answer) {
      data = [...held!.data];
      for (const edit of [...answer.edits].reverse()) data.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
    } else {
      assert.equal(held, undefined, 'a delta for a document whose result is held');
      data = answer.data;
    }
    assert.deepEqual(data, new DocumentTokens().full(analysed).data, `${uri} at version ${version}`);
    client.set(uri, { resultId: answer.resultId, data });
  }
});

test('comment folds take in lines that hold a comment alone, never a line of code with a comment after it', async () => {
  const text = [
    '# Thiols, and why',
    '# these two',
    'ligand L = "SCC" binds S   # a',
    'ligand M = "SCCC" binds S  # b',
    'recipe A {',
    '  host   Au 12   # host metal',
    '  dopant Ag 1    # one silver',
    '  # the site',
    '  # is inside',
    '  site   core    # inside',
    '}',
  ].join('\n');
  const comments = foldingRanges(await analyse(text)).filter((r) => r.kind === 'comment');
  assert.deepEqual(comments.map((r) => [r.startLine, r.endLine]), [[0, 1], [7, 8]]);
});

test('# region and # endregion fold as regions, nested and unclosed ones too; only they are regions', async () => {
  const text = [
    '# region thiols',
    '# from the first paper',
    'ligand L = "SCC" binds S',
    'ligand M = "SCCC" binds S',
    '# endregion',
    '# region gold',
    '#region icosahedra',
    'recipe A {',
    '  host   Au 12',
    '  dopant Ag 1',
    '}',
    '#endregion',
    '# endregion gold',
    '# region never closed',
  ].join('\n');
  const folds = foldingRanges(await analyse(text));
  const regions = folds.filter((r) => r.kind === 'region');
  assert.deepEqual(regions.map((r) => [r.startLine, r.endLine]), [[0, 4], [5, 12], [6, 11]]);
  // VS Code keeps one fold per start line: a comment block starting on a marker would hide the region.
  for (const region of regions) assert.deepEqual(folds.filter((r) => r.startLine === region.startLine), [region]);
});

test('folds never cross: a recipe whose } shares a line with the next declaration ends its fold on the line before', async () => {
  const spans = async (text: string) => foldingRanges(await analyse(text)).map((r) => [r.startLine, r.endLine]);
  // VS Code drops the second of two crossing folds: recipe B could not be folded.
  assert.deepEqual(await spans('recipe A {\n  host Au 12\n} recipe B {\n  host Cu 12\n  dopant Pt 1\n}\n'), [
    [0, 1],
    [2, 5],
  ]);
  // A run of ligand declarations whose last line opens a recipe is left with one line: no fold.
  assert.deepEqual(await spans('ligand L = "SCC" binds S\nligand M = "SCCC" binds S recipe A {\n  host Au 12\n  dopant Pt 1\n}\n'), [[1, 4]]);
  // A region opened inside a recipe and closed after it crosses the recipe: the region's fold goes, the recipe's stays.
  assert.deepEqual(await spans('recipe A {\n  # region r\n  host Au 12\n  dopant Pt 1\n}\n# endregion\n'), [[0, 4]]);
  // Folds that nest stay as they are.
  assert.deepEqual(await spans('# region r\nrecipe A {\n  host Au 12\n}\n# endregion\n'), [
    [0, 4],
    [1, 3],
  ]);
});
