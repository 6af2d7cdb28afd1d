/**
 * Rename as a function of an analysed document (no server process): a new name the language
 * would not read back as the same name, or one that is already another declaration's, is refused
 * with a ResponseError that says why; any other is applied, and the file re-analyses with no new
 * diagnostic. Cursor positions are marked `<|>`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ResponseError } from 'vscode-languageserver';
import { DocumentModel } from '../../server/src/documentModel';
import { definition, references, rename } from '../../server/src/navigation';
import { parseCursors } from './lspHarness';

const uri = 'file:///t/rename.bimetal';

const FILE = [
  'ligand X = "SCC" binds S',
  'ligand Y = "CCS"',
  'recipe A {',
  '  host Au 12',
  '  dopant Ag 1',
  '  ligands <|>X x 2, PET x 4',
  '}',
  'recipe <|>B {',
  '  host Au 12',
  '  dopant Cu 1',
  '  ligands X x 6',
  '}',
  '',
].join('\n');

/** Renames the symbol at cursor `which` of FILE to `newName`: the text after the edits and its diagnostics, or the refusal. */
async function renameAt(which: 'ligand' | 'recipe', newName: string): Promise<{ fixed: string; diagnostics: string[] } | { refused: string }> {
  const { text, cursors } = parseCursors(FILE);
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  let edit;
  try {
    edit = rename(analysed, cursors[which === 'ligand' ? 0 : 1], newName);
  } catch (error) {
    assert.ok(error instanceof ResponseError, String(error));
    return { refused: error.message };
  }
  assert.ok(edit, 'an edit');
  const fixed = TextDocument.applyEdits(analysed.document, edit.changes![uri]);
  const after = await model.analyse(TextDocument.create(uri, 'bimetal', 2, fixed));
  return { fixed, diagnostics: after.diagnostics.map((d) => `${d.code} ${d.message}`) };
}

test('the file renames cleanly as it stands', async () => {
  const { text } = parseCursors(FILE);
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  assert.deepEqual((await model.analyse(TextDocument.create(uri, 'bimetal', 1, text))).diagnostics, []);
});

test('a reserved word cannot be the new name of a ligand or a recipe', async () => {
  assert.deepEqual(await renameAt('ligand', 'host'), { refused: '"host" is a reserved word of the language, so it cannot name a ligand.' });
  assert.deepEqual(await renameAt('ligand', 'x'), { refused: '"x" is a reserved word of the language, so it cannot name a ligand.' });
  assert.deepEqual(await renameAt('recipe', 'recipe'), { refused: '"recipe" is a reserved word of the language, so it cannot name a recipe.' });
  for (const word of ['ligand', 'binds', 'logP', 'ligands', 'siteEnergy', 'structure', 'shells']) {
    assert.ok('refused' in (await renameAt('ligand', word)), word);
    assert.ok('refused' in (await renameAt('recipe', word)), word);
  }
});

test('x followed by a digit is the count operator, so it cannot begin a name', async () => {
  assert.deepEqual(await renameAt('ligand', 'x8'), {
    refused: '"x8" would read as the count operator x and a count (as in `PET x8`), so it cannot name a ligand.',
  });
  assert.ok('refused' in (await renameAt('recipe', 'x2b')));
});

test('a new name that is another declaration\'s is refused: another recipe, another ligand, a built-in ligand, used in the file or not', async () => {
  assert.deepEqual(await renameAt('recipe', 'A'), { refused: 'a recipe named "A" already exists (line 3); recipe names are unique in a file.' });
  assert.deepEqual(await renameAt('ligand', 'Y'), { refused: 'a ligand named "Y" is already declared (line 2).' });
  // PET is used in recipe A: the declaration would take those uses over.
  assert.deepEqual(await renameAt('ligand', 'PET'), {
    refused: '"PET" is a built-in ligand used here (1 use): a declaration named so would replace it in this file (BM214), and those uses would mean this ligand instead.',
  });
  // PPh3 is built in but unused here: no use would change meaning, but the declaration would shadow it, a diagnostic the file did not have (BM214).
  assert.deepEqual(await renameAt('ligand', 'PPh3'), {
    refused: '"PPh3" is a built-in ligand: a declaration named so would replace it in this file (BM214); choose a name no built-in has.',
  });
});

test('a new name that an undeclared use already has is refused: those uses would come to mean this ligand', async () => {
  const { text, cursors } = parseCursors(FILE.replace('X x 6', 'Z x 6'));
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  assert.throws(() => rename(analysed, cursors[0], 'Z'), {
    message: '"Z" is used in this file without a declaration (1 use); renamed so, this ligand would be what those uses mean.',
  });
});

test('names the language reads as names are renamed everywhere, with no new diagnostic', async () => {
  const cases: [which: 'ligand' | 'recipe', name: string][] = [
    ['ligand', 'Thiol2'],
    ['ligand', 'xenon'], // x followed by a letter is a name
    ['ligand', 'x-ray'],
    ['ligand', 'hostname'], // a keyword inside a longer word is a name
    ['ligand', 'Host'], // keywords are case-sensitive
    ['ligand', 'X'], // its own name
    ['recipe', 'Au12Cu'],
    ['recipe', 'B'],
    ['recipe', 'Recipe'],
  ];
  for (const [which, name] of cases) {
    const result = await renameAt(which, name);
    assert.ok('fixed' in result, `${which} → ${name}: ${JSON.stringify(result)}`);
    assert.deepEqual(result.diagnostics, [], `${which} → ${name}`);
    if (which === 'ligand') assert.equal(result.fixed.split(name === 'X' ? /\bX\b/ : name).length - 1, 3, `${name}: the declaration and both uses`);
    else assert.match(result.fixed, new RegExp(`recipe ${name} \\{`));
  }
});

test('an invalid identifier is still refused as before', async () => {
  assert.deepEqual(await renameAt('ligand', '8X'), { refused: '"8X" is not a valid name (letters, digits, _ and -, not starting with a digit).' });
});

test('renaming a ligand the file uses without declaring says it is undeclared; a built-in says it is built in', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const { text, cursors } = parseCursors('recipe A {\n  host Au 12\n  dopant Ag 1\n  ligands <|>Mystery x 2, <|>PET x 4, <|>4-MBA x 1\n}\n');
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  const refusal = (at: number) => {
    try {
      rename(analysed, cursors[at], 'Other');
    } catch (error) {
      return (error as Error).message;
    }
    return 'renamed';
  };
  assert.equal(refusal(0), 'Mystery is not declared in this file (BM212); declare it in this file to rename it.');
  assert.equal(refusal(1), 'PET is a built-in ligand; declare it in this file to rename it.');
  // A use with a locant glued on is no name any declaration could give.
  assert.equal(refusal(2), '4-MBA is no name a ligand can have (BM212); use its quick fix, or write a name.');
});

test('a name declared twice is mended by a rename: a later declaration alone, or the first with its uses', async () => {
  const renamedText = async (marked: string, newName: string) => {
    const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
    const { text, cursors } = parseCursors(marked);
    const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
    const fixed = TextDocument.applyEdits(analysed.document, rename(analysed, cursors[0], newName)!.changes![uri]);
    const codes = (await model.analyse(TextDocument.create(uri, 'bimetal', 2, fixed))).diagnostics.map((d) => d.code);
    return { fixed, codes };
  };
  const recipes = 'recipe A {\n  host Au 12\n  dopant Ag 1\n}\nrecipe <|>A {\n  host Au 12\n  dopant Cu 1\n}\n';
  assert.deepEqual(await renamedText(recipes, 'A2'), { fixed: recipes.replace('<|>A', 'A2'), codes: [] });
  const ligands = 'ligand L = "SCC" binds S\nligand <|>L = "SCCC" binds S\nrecipe R {\n  host Au 12\n  dopant Ag 1\n  ligands L x 2\n}\n';
  assert.deepEqual(await renamedText(ligands, 'M'), { fixed: ligands.replace('<|>L', 'M'), codes: [] });
  // From a use: the first declaration and the uses; the later declaration keeps the name, now its own.
  const fromUse = 'ligand L = "SCC" binds S\nligand L = "SCCC" binds S\nrecipe R {\n  host Au 12\n  dopant Ag 1\n  ligands <|>L x 2\n}\n';
  const { fixed, codes } = await renamedText(fromUse, 'K');
  assert.equal(fixed, 'ligand K = "SCC" binds S\nligand L = "SCCC" binds S\nrecipe R {\n  host Au 12\n  dopant Ag 1\n  ligands K x 2\n}\n');
  assert.ok(!codes.includes('BM222'), codes.join(', '));
});

test('references and definition of a name declared twice: a later declaration is a symbol of its own; the uses mean the first', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const { text, cursors } = parseCursors('ligand <|>L = "SCC" binds S\nligand <|>L = "SCCC" binds S\nrecipe R {\n  host Au 12\n  dopant Ag 1\n  ligands <|>L x 2\n}\n');
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  const lines = (locations: { range: { start: { line: number } } }[] | null) => (locations ?? []).map((l) => l.range.start.line);
  assert.deepEqual(lines(references(analysed, cursors[0], true)), [0, 5]);
  assert.deepEqual(lines(references(analysed, cursors[1], true)), [1]);
  assert.deepEqual(lines(references(analysed, cursors[2], true)), [0, 5]);
  assert.deepEqual(lines(definition(analysed, cursors[2])), [0]);
});
