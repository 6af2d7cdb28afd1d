/**
 * Quick fixes as functions of an analysed document (no server process): each case marks the
 * diagnostic's text with `<|>`, asks for the code actions there, and applies the preferred fix.
 * Full responses are compared with test/fixtures/server/quickFixes.json (UPDATE_GOLDEN=1 rewrites it).
 * The fixes of scored diagnostics (BM314) are checked on a document model with a real scorer, and
 * once through the built server (`npm run build` first).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { createScorer } from '../../pipeline/src/index';
import { codeActions } from '../../server/src/codeActions';
import { DocumentModel } from '../../server/src/documentModel';
import { writeLinearModels } from '../pipeline/modelFixture';
import { assertGolden, parseCursors, startWithTestModels } from './lspHarness';

const uri = 'file:///t/fixes.bimetal';

/** The code actions offered at the `<|>` marker, with the model and the analysis they came from. */
async function offeredAt(marked: string) {
  const { text, cursors } = parseCursors(marked);
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  const actions = await codeActions(analysed, { textDocument: { uri }, range: { start: cursors[0], end: cursors[0] }, context: { diagnostics: [] } });
  return { model, analysed, actions };
}

/** The quick fixes offered at the `<|>` marker, and the text after the preferred one is applied. */
async function fixAt(marked: string): Promise<{ actions: CodeAction[]; fixed: string; rediagnosed: string[] }> {
  const { model, analysed, actions } = await offeredAt(marked);
  const preferred = actions.find((a) => a.isPreferred);
  assert.ok(preferred, `no preferred fix among ${JSON.stringify(actions.map((a) => a.title))}`);
  const edits: TextEdit[] = preferred.edit?.changes?.[uri] ?? [];
  const fixed = TextDocument.applyEdits(analysed.document, edits);
  const after = await model.analyse(TextDocument.create(uri, 'bimetal', 2, fixed));
  return { actions, fixed, rediagnosed: after.diagnostics.map((d) => d.code) };
}

const golden: Record<string, CodeAction[]> = {};

test('a misspelt dopant is never "corrected" into the host, nor into a metal without data: the fix is Ga, not Au or U (no BM204 or BM233 after it)', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 24\n  dopant <|>Ua 1\n}\n');
  golden.elementBesideHost = actions;
  assert.ok(!actions.some((a) => a.title === "Change to 'Au'"), JSON.stringify(actions.map((a) => a.title)));
  assert.ok(!actions.some((a) => a.title === "Change to 'U'"), JSON.stringify(actions.map((a) => a.title)));
  assert.match(fixed, /dopant Ga 1/);
  assert.deepEqual(rediagnosed, []);
});

test('a size beyond the largest template (BM206) gets no host count fix: the nearest size is far below it', async () => {
  const { text, cursors } = parseCursors('recipe R {\n  host Au 40000\n  dopant Ag 1\n  topology <|>icosahedron\n}\n');
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  assert.deepEqual(analysed.diagnostics.map((d) => d.code), ['BM206']);
  const actions = await codeActions(analysed, { textDocument: { uri }, range: { start: cursors[0], end: cursors[0] }, context: { diagnostics: [] } });
  assert.deepEqual(actions.filter((a) => /host count/.test(a.title)), []);
});

test('"did you mean 280 pm?" is a quick fix that writes the unit', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  distance <|>280\n}\n');
  golden.distanceInPicometres = actions;
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Change to '280 pm'"]);
  assert.match(fixed, /distance 280 pm\n/);
  assert.deepEqual(rediagnosed, []);
});

test('`shells N` after `topology none` is removed whole, keyword included', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 3\n  dopant Pt 1\n  topology none shells <|>1\n}\n');
  golden.shellsOfTopologyNone = actions;
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove 'shells 1'"]);
  assert.match(fixed, /topology none\n/);
  assert.deepEqual(rediagnosed, []);
});

test('a topology beside a structure file is removed with its line, CR and ending ; included (BM231)', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  <|>topology icosahedron\n  structure "core.xyz"\n}\n');
  golden.topologyWithStructure = actions;
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove 'topology icosahedron'"]);
  assert.equal(fixed, 'recipe R {\n  host Au 12\n  dopant Pt 1\n  structure "core.xyz"\n}\n');
  assert.deepEqual(rediagnosed, []);
  // Windows line ends and a property ended by `;`: the line goes whole, CR included; beside others on its line, the property alone.
  const crlf = await fixAt('recipe R {\r\n  host Au 12\r\n  dopant Pt 1\r\n  <|>topology icosahedron;\r\n  structure "core.xyz"\r\n}\r\n');
  assert.equal(crlf.fixed, 'recipe R {\r\n  host Au 12\r\n  dopant Pt 1\r\n  structure "core.xyz"\r\n}\r\n');
  const shared = await fixAt('recipe R {\n  host Au 12; dopant Pt 1; <|>topology none; structure "core.xyz"\n}\n');
  assert.equal(shared.fixed, 'recipe R {\n  host Au 12; dopant Pt 1; ; structure "core.xyz"\n}\n');
  assert.deepEqual(shared.rediagnosed, []);
});

test('an unknown ligand (BM212) can be declared in the file, above the first declaration, its SMILES left to write', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('# notes\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands <|>Qwertyuiop x 2\n}\n');
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Declare ligand 'Qwertyuiop' in this file (then write its SMILES)"]);
  assert.equal(fixed, '# notes\nligand Qwertyuiop = ""\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands Qwertyuiop x 2\n}\n');
  assert.deepEqual(rediagnosed, []);
  const crlf = await fixAt('recipe R {\r\n  host Au 12\r\n  dopant Pt 1\r\n  ligands <|>Qwertyuiop x 2\r\n}\r\n');
  assert.ok(crlf.fixed.startsWith('ligand Qwertyuiop = ""\r\nrecipe R {\r\n'), JSON.stringify(crlf.fixed));
  // Beside a close name, the did-you-mean stays the preferred fix and declaring is offered too.
  const near = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  ligands <|>PEt x 2\n}\n');
  assert.ok(near.actions.some((a) => a.title === "Declare ligand 'PEt' in this file (then write its SMILES)" && !a.isPreferred));
  assert.match(near.fixed, /ligands PET x 2/);
});

test('an unknown ligand (BM212) whose close name is declared below the recipe is fixed to it with the declaration moved up, so no BM213 follows', async () => {
  const marked = '# notes\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands <|>Thoil x 8\n}\n\nligand Thiol = "SCC" # ethanethiol\n';
  const { analysed } = await offeredAt(marked);
  assert.match(analysed.diagnostics[0].message, /did you mean 'Thiol' \(declared below\)\?$/);
  const { actions, fixed, rediagnosed } = await fixAt(marked);
  assert.deepEqual(actions.filter((a) => a.isPreferred).map((a) => a.title), ["Change to 'Thiol' and move its declaration above its first use"]);
  assert.equal(fixed, '# notes\nligand Thiol = "SCC" # ethanethiol\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands Thiol x 8\n}\n\n');
  assert.deepEqual(rediagnosed, []);
  // A declaration above the use is offered as it stands, with nothing to move.
  const above = await fixAt('ligand Thiol = "SCC"\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands <|>Thoil x 8\n}\n');
  assert.deepEqual(above.actions.filter((a) => a.isPreferred).map((a) => a.title), ["Change to 'Thiol'"]);
  assert.deepEqual(above.rediagnosed, []);
  // A name merely close to one declared below is still only offered; taken, it leaves no BM213 either.
  const { actions: close } = await offeredAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  ligands <|>Thiols x 8\n}\nligand Thiol = "SCC"\n');
  const offered = close.find((a) => a.title === "Change to 'Thiol' and move its declaration above its first use");
  assert.ok(offered && !offered.isPreferred, JSON.stringify(close.map((a) => [a.title, a.isPreferred])));
});

test('a ligand written with its locant (4-MBA) is fixed to the built-in it names, and declaring it under that text is not offered', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 102\n  dopant Pt 1\n  ligands <|>4-MBA x 44\n}\n');
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Change to 'MBA'"]);
  assert.equal(fixed, 'recipe R {\n  host Au 102\n  dopant Pt 1\n  ligands MBA x 44\n}\n');
  assert.deepEqual(rediagnosed, []);
});

test('a unit of another code is converted by its fix, not swapped for eV or Å with the number kept', async () => {
  const bohr = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  distance 5.4 <|>bohr\n}\n');
  assert.equal(bohr.fixed, 'recipe R {\n  host Au 12\n  dopant Pt 1\n  distance 2.85756 Å\n}\n');
  assert.deepEqual(bohr.rediagnosed, []);
  const rydberg = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  energy -0.12 <|>Ry\n}\n');
  assert.equal(rydberg.fixed, 'recipe R {\n  host Au 12\n  dopant Pt 1\n  energy -1.63268 eV\n}\n');
  assert.deepEqual(rydberg.rediagnosed, []);
  // A total energy in hartree converts to one no cluster has per atom, which the label check then says.
  const hartree = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  energy -3.1 <|>Ha\n}\n');
  assert.match(hartree.fixed, /energy -84\.3553 eV\n/);
  assert.deepEqual(hartree.rediagnosed, ['BM230']);
  // kJ/mol: the unit's fix first leaves `eV/mol`, whose "/mol" is then one removable error; either order ends clean.
  const molar = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  energy -250 <|>kJ/mol\n}\n');
  assert.match(molar.fixed, /energy -2\.59107 eV\/mol\n/);
  assert.deepEqual(molar.rediagnosed, ['BM100']);
  const perMole = molar.fixed.replace('eV/mol', 'eV<|>/mol');
  const clean = await fixAt(perMole);
  assert.match(clean.fixed, /energy -2\.59107 eV\n/);
  assert.deepEqual(clean.rediagnosed, []);
});

test('Cp* offers only its fix to Cpstar, not to declare the built-in Cp (cyclopentadienyl) it is not', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  ligands C<|>p* x 2\n}\n');
  assert.deepEqual(
    actions.map((a) => a.title),
    ["Change to 'Cpstar'"],
  );
  assert.match(fixed, /ligands Cpstar x 2\n/);
  assert.deepEqual(rediagnosed, []);
});

test('a value written in quotes after its property is fixed by removing the quotes', async () => {
  const { fixed, rediagnosed } = await fixAt('recipe R {\n  host Au 12\n  dopant <|>"Pt" 1\n}\n');
  assert.equal(fixed, 'recipe R {\n  host Au 12\n  dopant Pt 1\n}\n');
  assert.deepEqual(rediagnosed, []);
  const count = await fixAt('recipe R {\n  host Au 12\n  dopant Pt 1\n  ligands PET x <|>"8"\n}\n');
  assert.match(count.fixed, /ligands PET x 8\n/);
  assert.deepEqual(count.rediagnosed, []);
});

test('a declaration whose name is no name (BM106) is renamed to the name it suggests, a ligand with every use written the same way', async () => {
  const ligand = await fixAt('ligand <|>4-MBA = "OC(=O)c1ccc(S)cc1" binds S\nrecipe R {\n  host Au 102\n  dopant Pt 1\n  ligands 4-MBA x 44\n}\nrecipe Q {\n  host Au 25\n  dopant Pt 1\n  ligands PET x 2, 4-MBA x 16\n}\n');
  assert.deepEqual(ligand.actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Rename to '_4-MBA' here and in its 2 uses"]);
  assert.equal(ligand.fixed, 'ligand _4-MBA = "OC(=O)c1ccc(S)cc1" binds S\nrecipe R {\n  host Au 102\n  dopant Pt 1\n  ligands _4-MBA x 44\n}\nrecipe Q {\n  host Au 25\n  dopant Pt 1\n  ligands PET x 2, _4-MBA x 16\n}\n');
  assert.deepEqual(ligand.rediagnosed, []);
  // Not onto a name the file already declares.
  const taken = parseCursors('ligand _4-MBA = "CCS"\nligand <|>4-MBA = "OC(=O)c1ccc(S)cc1"\n');
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, taken.text));
  const offered = await codeActions(analysed, { textDocument: { uri }, range: { start: taken.cursors[0], end: taken.cursors[0] }, context: { diagnostics: [] } });
  assert.deepEqual(offered.filter((a) => a.kind === 'quickfix').map((a) => a.title), []);
  const recipeName = await fixAt('recipe <|>Au12Pt1(PET)8 {\n  host Au 12\n  dopant Pt 1\n}\n');
  assert.match(recipeName.fixed, /^recipe Au12Pt1_PET_8 \{\n/);
  assert.deepEqual(recipeName.rediagnosed, []);
});

test('a name glued to its keyword by characters no name holds (BM106, `recipe😀A`) is written apart from the keyword, not joined to it (`recipe_A`)', async () => {
  const fixes = await fixesOf({
    recipe: 'recipe<|>😀A {\n  host Au 12\n  dopant Pt 1\n}\n',
    ligand: 'ligand<|>₂L = "CCS"\n',
  });
  assert.deepEqual(fixes, {
    recipe: { fixed: 'recipe _A {\n  host Au 12\n  dopant Pt 1\n}\n', rediagnosed: [] },
    ligand: { fixed: 'ligand _2L = "CCS"\n', rediagnosed: [] },
  });
});

test('a ligand declared under a name with parentheses (BM106) is renamed in its uses too, which the lexer reads as another name and stray text', async () => {
  const { actions, fixed, rediagnosed } = await fixAt(
    'ligand <|>S(CH2)2Ph = "SCCc1ccccc1"\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands S(CH2)2Ph x 4\n}\nrecipe Q {\n  host Au 25\n  dopant Pt 1\n  ligands S(CH2)2Ph, S x 2\n}\n',
  );
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Rename to 'S_CH2_2Ph' here and in its 2 uses"]);
  // `S` alone is another ligand (unknown, BM212), not a use written as the declaration.
  assert.equal(fixed, 'ligand S_CH2_2Ph = "SCCc1ccccc1"\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands S_CH2_2Ph x 4\n}\nrecipe Q {\n  host Au 25\n  dopant Pt 1\n  ligands S_CH2_2Ph, S x 2\n}\n');
  assert.deepEqual(rediagnosed, ['BM212']);
});

test('a keyword forgotten before a declaration (BM105, `Au12 Pt {`) is inserted, not written over the first word of the name', async () => {
  const forgotten = await fixAt('<|>Au12 Pt {\n  host Au 12\n  dopant Pt 1\n}\n');
  assert.deepEqual(forgotten.actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Insert 'recipe'"]);
  // The name, two words, is its own error (BM106), whose fix joins them.
  assert.equal(forgotten.fixed, 'recipe Au12 Pt {\n  host Au 12\n  dopant Pt 1\n}\n');
  assert.deepEqual(forgotten.rediagnosed, ['BM106']);
  // A misspelt keyword is still replaced.
  const misspelt = await fixAt('<|>Recipe A {\n  host Au 12\n  dopant Pt 1\n}\n');
  assert.equal(misspelt.fixed, 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n');
  assert.deepEqual(misspelt.rediagnosed, []);
  // So is one cut short: `lig` is no name before a forgotten keyword.
  const short = await fixAt('<|>lig Thiol1 = "CCS"\n');
  assert.equal(short.fixed, 'ligand Thiol1 = "CCS"\n');
  assert.deepEqual(short.rediagnosed, []);
  assert.equal((await fixAt('<|>rec A {\n  host Au 12\n  dopant Pt 1\n}\n')).fixed, 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n');
});

test('removing a long run of pasted characters is titled with its first 40, never split inside a character', async () => {
  const { actions, fixed } = await fixAt(`recipe A {\n  host Au 12\n  dopant Pt 1 <|>${'😀'.repeat(10_000)}\n}\n`);
  assert.deepEqual(actions.map((a) => a.title), [`Remove '${'😀'.repeat(40)}…'`]);
  assert.equal(fixed, 'recipe A {\n  host Au 12\n  dopant Pt 1 \n}\n');
});

test('a fix whose title quotes a long text (a declared ligand, a suggested name, a family) titles its first 40 characters and writes it whole', async () => {
  const long = `L${'a'.repeat(199_999)}`;
  const cut = `${long.slice(0, 40)}…`;
  // BM212: its title was 200,055 characters.
  const ligand = await offeredAt(`recipe R {\n  host Au 12\n  dopant Ag 1\n  ligands <|>${long} x 2\n}\n`);
  const declare = ligand.actions.find((a) => a.title.startsWith('Declare ligand'));
  assert.equal(declare?.title, `Declare ligand '${cut}' in this file (then write its SMILES)`);
  assert.deepEqual(declare.edit?.changes?.[uri]?.map((e) => e.newText), [`ligand ${long} = ""\n`]);
  // BM106: its title was 200,014 characters.
  const recipe = await offeredAt(`recipe <|>9${long} {\n  host Au 12\n  dopant Ag 1\n}\n`);
  const rename = recipe.actions.find((a) => a.title.startsWith('Change to'));
  assert.equal(rename?.title, `Change to '_9${long.slice(0, 38)}…'`);
  assert.deepEqual(rename.edit?.changes?.[uri]?.map((e) => e.newText), [`_9${long}`]);
  const family = await offeredAt(`recipe <|>${long} {\n  host Au 12\n  dopant [Pd, Pt] 1\n}\n`);
  const expand = family.actions.find((a) => a.title.startsWith('Expand family'));
  assert.equal(expand?.title, `Expand family '${cut}' into 2 recipes`);
  for (const { title } of [...ligand.actions, ...recipe.actions, ...family.actions]) assert.ok(title.length < 100, title.slice(0, 100));
});

test('quick fixes match the golden responses', () => {
  assertGolden('quickFixes', golden);
});

/** Each text's preferred fix at `<|>`, and the diagnostics left after it (none of them new). */
async function fixesOf(cases: Record<string, string>): Promise<Record<string, { fixed: string; rediagnosed: string[] }>> {
  const out: Record<string, { fixed: string; rediagnosed: string[] }> = {};
  for (const [name, marked] of Object.entries(cases)) {
    const { fixed, rediagnosed } = await fixAt(marked);
    out[name] = { fixed, rediagnosed };
  }
  return out;
}

const inRecipe = (lines: string) => `recipe R {\n  host Au 12\n${lines}\n}\n`;

test('a repeated family alternative (BM226) is removed with its separating comma, never leaving an empty item (BM111)', async () => {
  const { actions } = await fixAt(inRecipe('  dopant [Ag, <|>Ag, Cu] 1'));
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove 'Ag'"]);
  const fixes = await fixesOf({
    elements: inRecipe('  dopant [Ag, <|>Ag, Cu] 1'),
    counts: inRecipe('  dopant Cu [1, <|>1]'),
    ligandCounts: inRecipe('  dopant Cu 1\n  ligands PET x [8, <|>8]'),
    // The last item takes the comma before it, across a line break.
    lastOnNextLine: inRecipe('  dopant [Ag,\n    <|>Ag] 1'),
    // A comment after the last item stays where it is.
    commentAfterLast: inRecipe('  dopant [Ag, <|>Ag # note\n  ] 1'),
    // An item alone on its line goes with its line.
    ownLine: inRecipe('  dopant [\n    Ag,\n    <|>Ag,\n    Cu\n  ] 1'),
    // A comment between the item and its comma stays: the two are removed apart.
    commentBeforeComma: inRecipe('  dopant [Ag, <|>Ag # why\n    , Cu] 1'),
    commentAfterComma: inRecipe('  dopant [Ag, # first\n    <|>Ag] 1'),
    // A `#` inside a SMILES before the list is no comment: the comma before the item is still found.
    smilesWithHash: inRecipe('  dopant Cu 1\n  ligands "C#CC" x [8, <|>8]'),
    crlf: 'recipe R {\r\n  host Au 12\r\n  dopant [Ag,\r\n    <|>Ag,\r\n    Cu] 1\r\n}\r\n',
  });
  assert.deepEqual(fixes, {
    elements: { fixed: inRecipe('  dopant [Ag, Cu] 1'), rediagnosed: [] },
    counts: { fixed: inRecipe('  dopant Cu [1]'), rediagnosed: [] },
    ligandCounts: { fixed: inRecipe('  dopant Cu 1\n  ligands PET x [8]'), rediagnosed: [] },
    lastOnNextLine: { fixed: inRecipe('  dopant [Ag] 1'), rediagnosed: [] },
    commentAfterLast: { fixed: inRecipe('  dopant [Ag # note\n  ] 1'), rediagnosed: [] },
    ownLine: { fixed: inRecipe('  dopant [\n    Ag,\n    Cu\n  ] 1'), rediagnosed: [] },
    commentBeforeComma: { fixed: inRecipe('  dopant [Ag,  # why\n     Cu] 1'), rediagnosed: [] },
    commentAfterComma: { fixed: inRecipe('  dopant [Ag # first\n    ] 1'), rediagnosed: [] },
    smilesWithHash: { fixed: inRecipe('  dopant Cu 1\n  ligands "C#CC" x [8]'), rediagnosed: [] },
    crlf: { fixed: 'recipe R {\r\n  host Au 12\r\n  dopant [Ag,\r\n    Cu] 1\r\n}\r\n', rediagnosed: [] },
  });
});

test('an element with its count glued on (Au12) is fixed to the element and that count (Au 12), never to Au of count 1', async () => {
  const { actions, fixed, rediagnosed } = await fixAt('recipe A { host <|>Au12 dopant Ag }\n');
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Change to 'Au 12'"]);
  assert.equal(fixed, 'recipe A { host Au 12 dopant Ag }\n');
  assert.deepEqual(rediagnosed, []);
});

test('a miscased element with its count glued on (AU12, au12) keeps the count: the fix is Au 12, never Au of count 1', async () => {
  for (const written of ['AU12', 'au12']) {
    const { actions, fixed, rediagnosed } = await fixAt(`recipe A { host <|>${written} dopant Ag }\n`);
    assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Change to 'Au 12'"], written);
    assert.equal(fixed, 'recipe A { host Au 12 dopant Ag }\n', written);
    assert.deepEqual(rediagnosed, [], written);
  }
});

test('a property with its value glued on (dopantPt, sitemixed, misspelt: dpantPt) is fixed to the two apart, never to the property alone, which drops the value', async () => {
  const fixes = await fixesOf({
    dopant: inRecipe('  <|>dopantPt 1'),
    misspelt: inRecipe('  <|>dpantPt 1'),
    site: inRecipe('  dopant Pt 1\n  <|>sitemixed'),
    topology: inRecipe('  dopant Pt 1\n  <|>topologyicosahedron'),
    // `none` is a value of two properties: the one the head spells is written.
    support: inRecipe('  dopant Pt 1\n  <|>supportnone'),
  });
  assert.deepEqual(fixes, {
    dopant: { fixed: inRecipe('  dopant Pt 1'), rediagnosed: [] },
    misspelt: { fixed: inRecipe('  dopant Pt 1'), rediagnosed: [] },
    site: { fixed: inRecipe('  dopant Pt 1\n  site mixed'), rediagnosed: [] },
    topology: { fixed: inRecipe('  dopant Pt 1\n  topology icosahedron'), rediagnosed: [] },
    support: { fixed: inRecipe('  dopant Pt 1\n  support none'), rediagnosed: [] },
  });
});

test('a misspelt property is offered only the properties that take the value after it: hots Au 12 is host (preferred), never note; hots 4 is host, not preferred (its element is missing)', async () => {
  const quickFixes = (actions: CodeAction[]) => actions.filter((a) => a.kind === 'quickfix').map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
  const withElement = await fixAt('recipe R {\n  <|>hots Au 12\n  dopant Pt 1\n}\n');
  assert.deepEqual(quickFixes(withElement.actions), ["Change to 'host' (preferred)"]);
  assert.deepEqual(withElement.rediagnosed, []);
  // `host 4` needs an element before the count (BM109): offered, never applied unasked; `note 4` reads no number.
  const count = await offeredAt(inRecipe('  dopant Pt 1\n  <|>hots 4'));
  assert.deepEqual(quickFixes(count.actions), ["Change to 'host'"]);
  const fixes = await fixesOf({
    string: inRecipe('  dopant Pt 1\n  <|>nte "from the paper"'),
    number: inRecipe('  dopant Pt 1\n  <|>distnce 2.8'),
    ligandUse: inRecipe('  dopant Pt 1\n  <|>lignads PET x 2'),
    shells: inRecipe('  dopant Pt 1\n  topology icosahedron\n  <|>shell 1'),
    // Nothing after the word on its line: the value is missing before the fix as after it.
    alone: inRecipe('  dopant Pt 1\n  <|>sitte\n  note "n"'),
  });
  assert.deepEqual(fixes, {
    string: { fixed: inRecipe('  dopant Pt 1\n  note "from the paper"'), rediagnosed: [] },
    number: { fixed: inRecipe('  dopant Pt 1\n  distance 2.8'), rediagnosed: [] },
    ligandUse: { fixed: inRecipe('  dopant Pt 1\n  ligands PET x 2'), rediagnosed: [] },
    shells: { fixed: inRecipe('  dopant Pt 1\n  topology icosahedron\n  shells 1'), rediagnosed: [] },
    alone: { fixed: inRecipe('  dopant Pt 1\n  site\n  note "n"'), rediagnosed: ['BM109'] },
  });
});

test('a misspelt property is judged by every value after it on its line, not the first alone: lignads Cl, PET is ligands (Cl is a built-in ligand as well as an element), hots [1, 2] and lignads PET 8 are offered, never preferred', async () => {
  const quickFixes = (actions: CodeAction[]) => actions.filter((a) => a.kind === 'quickfix').map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
  const fixes = await fixesOf({
    elementNamedLigand: inRecipe('  dopant Pt 1\n  <|>lignads Cl, PET'),
    elementNamedLigandAlone: inRecipe('  dopant Pt 1\n  <|>lignads Br'),
    elementList: 'recipe R {\n  <|>hots [Au, Ag] 12\n  dopant Pt 1\n}\n',
  });
  assert.deepEqual(fixes, {
    elementNamedLigand: { fixed: inRecipe('  dopant Pt 1\n  ligands Cl, PET'), rediagnosed: [] },
    elementNamedLigandAlone: { fixed: inRecipe('  dopant Pt 1\n  ligands Br'), rediagnosed: [] },
    elementList: { fixed: 'recipe R {\n  host [Au, Ag] 12\n  dopant Pt 1\n}\n', rediagnosed: [] },
  });
  // Each leaves an error after the fix: counts where the elements go (BM114), a count without its `x`, an `x` after a metal (BM104).
  const offered = async (marked: string) => quickFixes((await offeredAt(marked)).actions);
  assert.deepEqual(await offered('recipe R {\n  <|>hots [1, 2]\n  dopant Pt 1\n}\n'), ["Change to 'host'"]);
  assert.deepEqual(await offered(inRecipe('  dopant Pt 1\n  <|>lignads PET 8')), ["Change to 'ligands'"]);
  assert.deepEqual(await offered(inRecipe('  dopant Pt 1\n  <|>lignads PET 2.9 8')), ["Change to 'ligands'"]);
  assert.deepEqual(await offered(inRecipe('  <|>dopnt Pt x 2')), ["Change to 'dopant'"]);
});

test('a misspelt word at the top level is offered a declaration keyword only where the rest of its line reads as that declaration: ilgands Thiol x 6 is no ligand', async () => {
  const quickFixes = async (marked: string) => (await offeredAt(marked)).actions.filter((a) => a.kind === 'quickfix').map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`);
  // `ligand Thiol x 6` has no `=` (BM113): a recipe's ligand use, outside any recipe.
  assert.deepEqual(await quickFixes('<|>ilgands Thiol x 6\n'), []);
  assert.deepEqual(await quickFixes('<|>lgand 4-MBA = "CCS"\n'), ["Change to 'ligand' (preferred)"]);
  assert.deepEqual(await quickFixes('<|>recpe {\n  host Au 12\n  dopant Pt 1\n}\n'), ["Change to 'recipe' (preferred)"]);
  // A name alone: its `{` may be on the next line, or still to be typed.
  assert.deepEqual(await quickFixes('<|>recipee B\n'), ["Change to 'recipe'"]);
  const { fixed, rediagnosed } = await fixAt('ligand L = "CCS"\n<|>bnds S\n');
  assert.equal(fixed, 'ligand L = "CCS"\nbinds S\n');
  assert.deepEqual(rediagnosed, []);
});

test('a top-level keyword with its name or atom glued on (recipeA {, ligandL =, bindsS) is fixed to the two apart, never to the keyword alone, which drops the name (BM106) or the atom (BM109)', async () => {
  const body = ' {\n  host Au 12\n  dopant Pt 1\n}\n';
  const fixes = await fixesOf({
    recipe: `<|>recipeA${body}`,
    notOneOfItsSpellings: `<|>recipeAu12Pt${body}`,
    braceOnNextLine: `<|>recipeA\n${body.trimStart()}`,
    ligand: '<|>ligandL = "CCS"\n',
    binds: 'ligand L = "CCS"\n<|>bindsS\n',
  });
  assert.deepEqual(fixes, {
    recipe: { fixed: `recipe A${body}`, rediagnosed: [] },
    notOneOfItsSpellings: { fixed: `recipe Au12Pt${body}`, rediagnosed: [] },
    braceOnNextLine: { fixed: `recipe A\n${body.trimStart()}`, rediagnosed: [] },
    ligand: { fixed: 'ligand L = "CCS"\n', rediagnosed: [] },
    binds: { fixed: 'ligand L = "CCS"\nbinds S\n', rediagnosed: [] },
  });
  // A letter that does not start a name of its own is the keyword misspelt, no recipe `e`.
  const { fixed } = await fixAt(`<|>recipee${body}`);
  assert.equal(fixed, `recipe${body}`);
});

test("an unclosed list ending in a string left open gets no ']' to insert: written at the line's end it would be read into the string, and be offered again", async () => {
  const { actions } = await offeredAt(inRecipe('  dopant <|>[Sc, "Nb, Mo] 1'));
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), []);
  const closable = await fixAt(inRecipe('  dopant <|>[Sc, Nb 1'));
  assert.equal(closable.fixed, inRecipe('  dopant [Sc, Nb] 1'));
});

test("list slips are fixed in place: a missing ',' inserted (BM115), a nested list unwrapped (BM114), a count inside a range removed (BM226)", async () => {
  const fixes = await fixesOf({
    missingComma: inRecipe('  dopant [Fe <|>Co] 1'),
    nested: 'recipe A { host Au [<|>[12, 13]] dopant Ag }\n',
    insideRange: inRecipe('  dopant Ag [<|>2, 1..3]'),
  });
  assert.deepEqual(fixes, {
    missingComma: { fixed: inRecipe('  dopant [Fe, Co] 1'), rediagnosed: [] },
    nested: { fixed: 'recipe A { host Au [12, 13] dopant Ag }\n', rediagnosed: [] },
    insideRange: { fixed: inRecipe('  dopant Ag [1..3]'), rediagnosed: [] },
  });
});

test('an empty list item (BM111) is still removed as the comma it is', async () => {
  const { actions, fixed, rediagnosed } = await fixAt(inRecipe('  dopant [Ag,<|>, Cu] 1'));
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove ','"]);
  assert.equal(fixed, inRecipe('  dopant [Ag, Cu] 1'));
  assert.deepEqual(rediagnosed, []);
});

test('a fix that replaces or removes a text spanning lines writes again the comments written inside it', async () => {
  const fixes = await fixesOf({
    backwardsRange: inRecipe('  dopant Pt <|>4 # why\n..1'),
    shellsOfNone: inRecipe('  dopant Pt 1\n  topology none shells # no\n <|>1; site mixed'),
    shellsAtLineEnd: inRecipe('  dopant Pt 1\n  topology none shells # no\n <|>1'),
    // Unwrapped, a nested list keeps its own text, comment included: it is not written twice.
    nestedList: inRecipe('  dopant [Ag, <|>[ # one\n Cu]] 1'),
  });
  // The title names what goes, on one line: not the comment, which stays.
  const { actions } = await offeredAt(inRecipe('  dopant Pt 1\n  topology none shells # no\n <|>1'));
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove 'shells 1'"]);
  assert.deepEqual(fixes, {
    backwardsRange: { fixed: inRecipe('  dopant Pt 1..4 # why'), rediagnosed: [] },
    shellsOfNone: { fixed: inRecipe('  dopant Pt 1\n  topology none # no\n; site mixed'), rediagnosed: [] },
    shellsAtLineEnd: { fixed: inRecipe('  dopant Pt 1\n  topology none # no'), rediagnosed: [] },
    nestedList: { fixed: inRecipe('  dopant [Ag, # one\n Cu] 1'), rediagnosed: [] },
  });
});

test('in a file of lone CRs (classic Mac OS) the fixes find lines as in an LF file: a removed property or list item takes its line, a declaration goes below the header comment', async () => {
  const cases = {
    topology: '# header\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  <|>topology icosahedron\n  structure "core.xyz"\n}\n',
    listItem: 'recipe R {\n  host Au 12\n  dopant [Ag,\n    <|>Ag,\n    Cu] 1\n}\n',
    moved: '# header\nrecipe A {\n  host Au 12\n  dopant Ag 1\n  ligands <|>X x 2\n}\nligand X = "SCC" # a thiol\n',
    declared: '# header\nrecipe A {\n  host Au 12\n  dopant Ag 1\n  ligands <|>Qwertyuiop x 2\n}\n',
  };
  const lf = await fixesOf(cases);
  const cr = await fixesOf(Object.fromEntries(Object.entries(cases).map(([name, text]) => [name, text.replace(/\n/g, '\r')])));
  assert.deepEqual(cr, Object.fromEntries(Object.entries(lf).map(([name, { fixed, rediagnosed }]) => [name, { fixed: fixed.replace(/\n/g, '\r'), rediagnosed }])));
  assert.equal(lf.moved.fixed, '# header\nligand X = "SCC" # a thiol\nrecipe A {\n  host Au 12\n  dopant Ag 1\n  ligands X x 2\n}\n');
  assert.equal(lf.listItem.fixed, 'recipe R {\n  host Au 12\n  dopant [Ag,\n    Cu] 1\n}\n');
});

test('moving a ligand declaration above its first use (BM213) moves the declaration alone: what shares its line stays, its comment goes with it', async () => {
  const uses = 'recipe A {\n  host Au 12\n  dopant Ag 1\n  ligands <|>X x 2\n}\n';
  const used = uses.replace('<|>', '');
  const fixes = await fixesOf({
    afterRecipe: `${uses}recipe B { host Au 12; dopant Cu 1 } ligand X = "SCC"\n`,
    withComment: `${uses}ligand X = "SCC" binds S # a thiol\n`,
    commentAfterRecipe: `${uses}recipe B { host Au 12; dopant Cu 1 } ligand X = "SCC" # a thiol\n`,
    beforeRecipe: `${uses}ligand X = "SCC" recipe B { host Au 12; dopant Cu 1 }\n`,
    ownLine: `${uses}ligand X = "SCC"\nrecipe B { host Au 12; dopant Cu 1 }\n`,
    lastLineWithoutBreak: `${uses}ligand X = "SCC" # a thiol`,
    multiLine: `${uses}ligand X = "SCC" # the SMILES\n  binds S # the sulfur\nrecipe B { host Au 12; dopant Cu 1 }\n`,
  });
  assert.deepEqual(fixes, {
    afterRecipe: { fixed: `ligand X = "SCC"\n${used}recipe B { host Au 12; dopant Cu 1 }\n`, rediagnosed: [] },
    withComment: { fixed: `ligand X = "SCC" binds S # a thiol\n${used}`, rediagnosed: [] },
    commentAfterRecipe: { fixed: `ligand X = "SCC" # a thiol\n${used}recipe B { host Au 12; dopant Cu 1 }\n`, rediagnosed: [] },
    beforeRecipe: { fixed: `ligand X = "SCC"\n${used}recipe B { host Au 12; dopant Cu 1 }\n`, rediagnosed: [] },
    ownLine: { fixed: `ligand X = "SCC"\n${used}recipe B { host Au 12; dopant Cu 1 }\n`, rediagnosed: [] },
    lastLineWithoutBreak: { fixed: `ligand X = "SCC" # a thiol\n${used}`, rediagnosed: [] },
    multiLine: { fixed: `ligand X = "SCC" # the SMILES\n  binds S # the sulfur\n${used}recipe B { host Au 12; dopant Cu 1 }\n`, rediagnosed: [] },
  });
});

test('a metric unit of another size (keV, m, um, fm) is converted by its fix, never swapped for eV or nm with the number kept', async () => {
  const fixes = await fixesOf({
    keV: inRecipe('  dopant Pt 1\n  energy -0.0036 <|>keV'),
    m: inRecipe('  dopant Pt 1\n  distance 0.00000000028 <|>m'),
    um: inRecipe('  dopant Pt 1\n  distance 0.00028 <|>um'),
    fm: inRecipe('  dopant Pt 1\n  distance 280000 <|>fm'),
    // The micro sign is no token: its `m` alone was read as metres, a million times too far.
    microSign: inRecipe('  dopant Pt 1\n  distance 0.00028 \u00B5<|>m'),
    greekMu: inRecipe('  dopant Pt 1\n  distance 0.00028 \u03BC<|>m'),
  });
  assert.deepEqual(fixes, {
    keV: { fixed: inRecipe('  dopant Pt 1\n  energy -3.6 eV'), rediagnosed: [] },
    m: { fixed: inRecipe('  dopant Pt 1\n  distance 2.8 Å'), rediagnosed: [] },
    um: { fixed: inRecipe('  dopant Pt 1\n  distance 2.8 Å'), rediagnosed: [] },
    fm: { fixed: inRecipe('  dopant Pt 1\n  distance 2.8 Å'), rediagnosed: [] },
    microSign: { fixed: inRecipe('  dopant Pt 1\n  distance 2.8 Å'), rediagnosed: [] },
    greekMu: { fixed: inRecipe('  dopant Pt 1\n  distance 2.8 Å'), rediagnosed: [] },
  });
  // A size no number holds once converted gets no fix, rather than one that writes `Infinity Å`.
  const { actions } = await offeredAt(inRecipe('  dopant Pt 1\n  distance 1e300 <|>m'));
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), []);
});

test("an unclosed recipe's '}' (BM108) goes after all the text of its last line, never inside it, and before a comment there", async () => {
  const fixes = await fixesOf({
    subscript: 'recipe R <|>{\n  dopant Pt 1\n  host Au₁₂\n',
    signAfter: 'recipe R <|>{\n  host Au 12\n  dopant Pt 1\n  charge 2⁻\n',
    perAtom: 'recipe R <|>{\n  host Au 12\n  dopant Pt 1\n  energy -3.6 eV/atom\n',
    comment: 'recipe R <|>{\n  host Au 12\n  dopant Pt 1 # note\n',
    nextRecipe: 'recipe R <|>{\n  host Au 12\n  dopant Pt 1 😀recipe S { host Au 12; dopant Ag 1 }\n',
    nextLigand: 'recipe R <|>{\n  host Au 12\n  dopant Pt 1 ₁ligand L = "CCS"\n',
  });
  assert.deepEqual(fixes, {
    // The pasted characters keep their own error (BM100), whose fix then reads them.
    subscript: { fixed: 'recipe R {\n  dopant Pt 1\n  host Au₁₂\n}\n', rediagnosed: ['BM100'] },
    signAfter: { fixed: 'recipe R {\n  host Au 12\n  dopant Pt 1\n  charge 2⁻\n}\n', rediagnosed: ['BM100'] },
    perAtom: { fixed: 'recipe R {\n  host Au 12\n  dopant Pt 1\n  energy -3.6 eV/atom\n}\n', rediagnosed: ['BM100'] },
    comment: { fixed: 'recipe R {\n  host Au 12\n  dopant Pt 1\n} # note\n', rediagnosed: [] },
    // A keyword glued after them is the next declaration's: the `}` goes before it, not between it and its name.
    nextRecipe: { fixed: 'recipe R {\n  host Au 12\n  dopant Pt 1 😀\n}recipe S { host Au 12; dopant Ag 1 }\n', rediagnosed: ['BM100'] },
    nextLigand: { fixed: 'recipe R {\n  host Au 12\n  dopant Pt 1 ₁\n}ligand L = "CCS"\n', rediagnosed: ['BM100'] },
  });
});

test("an unclosed recipe's '}' (BM108) is written on a new line in the document's own line ending (CRLF, CR)", async () => {
  const fixes = await fixesOf({
    crlf: 'recipe R <|>{\r\n  host Au 12\r\n  dopant Pt 1\r\n',
    cr: 'recipe R <|>{\r  host Au 12\r  dopant Pt 1\r',
  });
  assert.deepEqual(fixes, {
    crlf: { fixed: 'recipe R {\r\n  host Au 12\r\n  dopant Pt 1\r\n}\r\n', rediagnosed: [] },
    cr: { fixed: 'recipe R {\r  host Au 12\r  dopant Pt 1\r}\r', rediagnosed: [] },
  });
});

test('a word like no value of its slot (BM208, BM209, BM220) is offered every value, none preferred: `site shell` is no misspelt `core`', async () => {
  const offered = async (marked: string) => (await offeredAt(marked)).actions.filter((a) => a.kind === 'quickfix').map((a) => `${a.isPreferred ? '*' : ''}${a.title}`);
  const change = (values: string[]) => values.map((value) => `Change to '${value}'`);
  assert.deepEqual(await offered(inRecipe('  dopant Pt 1\n  site <|>shell')), change(['core', 'surface', 'mixed']));
  assert.deepEqual(await offered(inRecipe('  dopant Pt 1\n  site <|>vertex')), change(['core', 'surface', 'mixed']));
  assert.deepEqual(await offered(inRecipe('  dopant Pt 1\n  topology <|>Oh')), change(['icosahedron', 'cuboctahedron', 'decahedron', 'octahedron', 'tetrahedron', 'none']));
  assert.deepEqual(await offered(inRecipe('  dopant Pt 1\n  support <|>graphene')), change(['zeolite', 'nc', 'oxide', 'nitride', 'mof', 'none']));
  // A misspelling still has the value it resembles as its preferred fix.
  const typo = await fixAt(inRecipe('  dopant Pt 1\n  site <|>surfce'));
  assert.equal(typo.fixed, inRecipe('  dopant Pt 1\n  site surface'));
  assert.deepEqual(typo.rediagnosed, []);
});

test('an unknown ligand (BM212) is replaced unasked only by the ligand it surely names; another molecule of a close name is offered, and declaring it is preferred', async () => {
  const uses = (ligand: string) => inRecipe(`  dopant Pt 1\n  ligands <|>${ligand} x 8`);
  const written = (ligand: string) => inRecipe(`  dopant Pt 1\n  ligands ${ligand} x 8`);
  const sure = await fixesOf({ Ph3P: uses('Ph3P'), PhS: uses('PhS'), C6H13S: uses('C6H13S'), PTE: uses('PTE'), pph3: uses('pph3') });
  assert.deepEqual(sure, {
    Ph3P: { fixed: written('PPh3'), rediagnosed: [] },
    PhS: { fixed: written('SPh'), rediagnosed: [] },
    C6H13S: { fixed: written('SC6H13'), rediagnosed: [] },
    PTE: { fixed: written('PET'), rediagnosed: [] },
    pph3: { fixed: written('PPh3'), rediagnosed: [] },
  });
  const guesses = { DDT: 'DMBT', TPP: 'Cp', NHC: 'NH3', THF: 'NH3', SC6H11: 'SC6H13', dppp: 'dppe', tBuS: 'TBBT' };
  for (const [ligand, close] of Object.entries(guesses)) {
    const { actions, fixed, rediagnosed } = await fixAt(uses(ligand));
    const offered = actions.find((a) => a.title === `Change to '${close}'`);
    assert.ok(offered && !offered.isPreferred, `${ligand}: ${JSON.stringify(actions.map((a) => [a.title, a.isPreferred]))}`);
    // The declaration's empty SMILES is where the user writes the molecule (scoring reports it, BM302).
    assert.equal(fixed, `ligand ${ligand} = ""\n${written(ligand)}`, ligand);
    assert.deepEqual(rediagnosed, [], ligand);
  }
  // A locant names the built-in only where it is the built-in's own: MBA is 4-mercaptobenzoic acid, PET 2-phenylethanethiolate.
  for (const [ligand, builtin] of [['4-MBA', 'MBA'], ['2-PET', 'PET']]) {
    assert.equal((await fixAt(uses(ligand))).fixed, written(builtin), ligand);
  }
  const isomer = (await offeredAt(uses('3-MBA'))).actions.find((a) => a.title === "Change to 'MBA'");
  assert.ok(isomer && !isomer.isPreferred, '3-MBA is offered MBA, never given it unasked');
  // A name declared in the file with its digits swapped is another row of it, not a slip.
  const swapped = await fixAt('ligand Lig12 = "CCS"\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands <|>Lig21 x 8\n}\n');
  assert.equal(swapped.fixed, 'ligand Lig21 = ""\nligand Lig12 = "CCS"\nrecipe R {\n  host Au 12\n  dopant Pt 1\n  ligands Lig21 x 8\n}\n');
});

// ── fixes of scored diagnostics ──────────────────────────────────────────────────────────────

/** A 13-atom cluster: 12 Au around an Ag centre, so the file places the dopant itself (BM314 on a stated site). */
const AU12AG_XYZ = `13\nAu12Ag\nAg 0 0 0\n${Array.from({ length: 12 }, (_, i) => {
  const angle = (i / 6) * Math.PI;
  return `Au ${(2.8 * Math.cos(angle)).toFixed(3)} ${(2.8 * Math.sin(angle)).toFixed(3)} ${i % 2 ? 1 : -1}`;
}).join('\n')}\n`;
const SITE_BESIDE_FILE = 'recipe S1 {\n  host Au 12\n  dopant Ag 1\n  site core\n  structure "c.xyz"\n}\n';
const SITE_RANGE = { start: { line: 3, character: 2 }, end: { line: 3, character: 11 } };

const work = mkdtempSync(path.join(tmpdir(), 'bimetal-quickfix-'));
writeFileSync(path.join(work, 'c.xyz'), AU12AG_XYZ);
after(() => rmSync(work, { recursive: true, force: true }));

function scoringModel(): DocumentModel {
  const modelDir = path.join(work, 'models');
  writeLinearModels(modelDir);
  const scorer = createScorer({ modelDir });
  return new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => scorer });
}

test('a diagnostic found in scoring (BM314) gets its quick fix from the scores of this very version, never from an older one', async () => {
  const model = scoringModel();
  const fileUri = `file://${work}/s.bimetal`;
  const v1 = TextDocument.create(fileUri, 'bimetal', 1, SITE_BESIDE_FILE);
  const scored = await model.score(v1);
  const unused = scored.diagnostics.find((d) => d.code === 'BM314');
  assert.ok(unused, JSON.stringify(scored.diagnostics));
  assert.equal(SITE_BESIDE_FILE.slice(unused.range.start, unused.range.end), 'site core');
  const analysed = await model.analyse(v1);
  const params = { textDocument: { uri: fileUri }, range: SITE_RANGE, context: { diagnostics: [], only: ['quickfix'] } };
  const actions = await codeActions(analysed, params, model);
  assert.deepEqual(actions.map((a) => a.title), ["Remove 'site core'"]);
  const fixed = TextDocument.applyEdits(v1, actions[0].edit!.changes![fileUri]);
  assert.equal(fixed, SITE_BESIDE_FILE.replace('  site core\n', ''));
  const rescored = await model.score(TextDocument.create(fileUri, 'bimetal', 2, fixed));
  assert.deepEqual(rescored.diagnostics.map((d) => d.code), []);

  // A newer version whose scoring has not finished: the older run's BM314 (same place in the text) gives no edit.
  const v3 = TextDocument.create(fileUri, 'bimetal', 3, SITE_BESIDE_FILE);
  const analysed3 = await model.analyse(v3);
  await model.score(v3);
  const v4 = await model.analyse(TextDocument.create(fileUri, 'bimetal', 4, `${SITE_BESIDE_FILE}# edited\n`));
  assert.deepEqual(await codeActions(v4, params, model), []);
  // Nor does the older version's own analysis, once a newer version exists.
  assert.deepEqual(await codeActions(analysed3, params, model), []);
});

test('a phase-1 diagnostic that scoring repeats (BM231) gets its quick fix once', async () => {
  const model = scoringModel();
  const fileUri = `file://${work}/t.bimetal`;
  const text = 'recipe S1 {\n  host Au 12\n  dopant Ag 1\n  topology icosahedron\n  structure "c.xyz"\n}\n';
  const document = TextDocument.create(fileUri, 'bimetal', 1, text);
  const scored = await model.score(document);
  assert.ok(scored.diagnostics.some((d) => d.code === 'BM231'), 'scoring repeats the grammar diagnostic');
  const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } };
  const actions = await codeActions(await model.analyse(document), { textDocument: { uri: fileUri }, range, context: { diagnostics: [] } }, model);
  assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ["Remove 'topology icosahedron'"]);
});

test('the server offers BM314\'s quick fix once the document is scored', async () => {
  const server = await startWithTestModels();
  try {
    const fileUri = `file://${work}/served.bimetal`;
    await server.open(fileUri, SITE_BESIDE_FILE);
    const diagnostics = await server.waitFor(fileUri, 1, 'scored');
    const unused = diagnostics.find((d) => d.code === 'BM314');
    assert.ok(unused, JSON.stringify(diagnostics));
    assert.deepEqual(unused.range, SITE_RANGE);
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: fileUri },
      range: unused.range,
      context: { diagnostics: [unused], only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ["Remove 'site core'"]);
    assert.deepEqual((actions[0].diagnostics as Diagnostic[]).map((d) => d.code), ['BM314']);
    const fixed = TextDocument.applyEdits(TextDocument.create(fileUri, 'bimetal', 1, SITE_BESIDE_FILE), actions[0].edit!.changes![fileUri]);
    await server.change(fileUri, fixed, 2);
    assert.deepEqual((await server.waitFor(fileUri, 2, 'scored')).map((d) => d.code), []);
  } finally {
    await server.stop();
  }
});

test('refactorings write new lines in the document\'s own line endings: declaring a built-in ligand, expanding a family (CRLF)', async () => {
  const applied = async (marked: string, title: RegExp) => {
    const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
    const { text, cursors } = parseCursors(marked);
    const analysed = await model.analyse(TextDocument.create('file:///t/crlf.bimetal', 'bimetal', 1, text));
    const actions = await codeActions(analysed, { textDocument: { uri: analysed.uri }, range: { start: cursors[0], end: cursors[0] }, context: { diagnostics: [] } });
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `${title}: ${JSON.stringify(actions.map((a) => a.title))}`);
    return TextDocument.applyEdits(analysed.document, action.edit!.changes![analysed.uri]);
  };
  const declared = await applied('recipe R {\r\n  host Au 24\r\n  dopant Pd 1\r\n  ligands <|>PET x 18\r\n}\r\n', /^Declare 'PET'/);
  const expanded = await applied('recipe <|>F {\r\n  host Au 12\r\n  dopant [Pd, Pt] 1\r\n}\r\n', /^Expand family/);
  for (const fixed of [declared, expanded]) assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, JSON.stringify(fixed));
  assert.match(declared, /^ligand PET = ".*" binds S\r\nrecipe R/);
  assert.equal(expanded.split('recipe').length - 1, 2);
});

test('expanding a family keeps the comments written inside its lists, each ending its line as before, in every member', async () => {
  const { text, cursors } = parseCursors('recipe <|>F { # fam\n  host Au 12\n  dopant [Pd, # the first\n    Pt] [1, 2] # d\n  ligands PET x [2, # two\n 3]\n}\n');
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const analysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
  const actions = await codeActions(analysed, { textDocument: { uri }, range: { start: cursors[0], end: cursors[0] }, context: { diagnostics: [] } });
  const expand = actions.find((a) => a.title.startsWith('Expand family'));
  assert.ok(expand, JSON.stringify(actions.map((a) => a.title)));
  const expanded = TextDocument.applyEdits(analysed.document, expand.edit!.changes![uri]);
  const member = (dopant: string, count: number, ligands: number) =>
    `recipe F_${dopant}_${count}_${ligands} { # fam\n  host Au 12\n  dopant ${dopant} # the first\n ${count} # d\n  ligands PET x ${ligands} # two\n}`;
  assert.equal(expanded, `${[member('Pd', 1, 2), member('Pd', 1, 3), member('Pd', 2, 2), member('Pd', 2, 3), member('Pt', 1, 2), member('Pt', 1, 3), member('Pt', 2, 2), member('Pt', 2, 3)].join('\n\n')}\n`);
  assert.deepEqual((await model.analyse(TextDocument.create(uri, 'bimetal', 2, expanded))).diagnostics, []);
});

test('expanding a family whose list is written against its neighbours (`dopant[Ag, Cu]1`) keeps each value a word of its own', async () => {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  const glued = parseCursors('recipe <|>G {\n  host Au 12\n  dopant[Ag, Cu]1\n}\n');
  const gluedAnalysed = await model.analyse(TextDocument.create(uri, 'bimetal', 1, glued.text));
  const gluedActions = await codeActions(gluedAnalysed, { textDocument: { uri }, range: { start: glued.cursors[0], end: glued.cursors[0] }, context: { diagnostics: [] } });
  const gluedExpand = gluedActions.find((a) => a.title.startsWith('Expand family'));
  assert.ok(gluedExpand, JSON.stringify(gluedActions.map((a) => a.title)));
  assert.equal(TextDocument.applyEdits(gluedAnalysed.document, gluedExpand.edit!.changes![uri]), 'recipe G_Ag {\n  host Au 12\n  dopant Ag 1\n}\n\nrecipe G_Cu {\n  host Au 12\n  dopant Cu 1\n}\n');
});

test('a fractional count (BM205) is offered both whole numbers beside it, neither applied unasked; a float\'s rounding error is the count meant', async () => {
  const { actions } = await offeredAt(inRecipe('  dopant Pt 1').replace('host Au 12', 'host Au <|>12.5'));
  assert.deepEqual(
    actions.filter((a) => a.kind === 'quickfix').map((a) => [a.title, a.isPreferred ?? false]),
    [
      ["Change to '13'", false],
      ["Change to '12'", false],
    ],
  );
  const float = await fixAt(inRecipe('  dopant Pt 1').replace('host Au 12', 'host Au <|>11.9999999'));
  assert.equal(float.fixed, inRecipe('  dopant Pt 1'));
  assert.deepEqual(float.rediagnosed, []);
});
