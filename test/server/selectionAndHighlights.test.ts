/**
 * Expand Selection (selectionRanges.ts) and occurrence highlights (documentHighlights.ts) as
 * functions of an analysed document (no server process). Cursor positions are marked `<|>`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentHighlightKind, type SelectionRange } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModel } from '../../server/src/documentModel';
import { documentHighlights } from '../../server/src/documentHighlights';
import { selectionRanges } from '../../server/src/selectionRanges';
import { parseCursors, repoRoot } from './lspHarness';

const uri = 'file:///t/select.bimetal';

async function analysed(text: string) {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: () => Promise.reject(new Error('no scoring in unit tests')) });
  return model.analyse(TextDocument.create(uri, 'bimetal', 1, text));
}

/** The texts a selection grows through, innermost first. */
function steps(document: TextDocument, selection: SelectionRange): string[] {
  const texts: string[] = [];
  for (let s: SelectionRange | undefined = selection; s; s = s.parent) texts.push(document.getText(s.range));
  return texts;
}

const FILE = [
  'ligand Thiol = "SC<|>C" binds S',
  'recipe A {',
  '  host Au 1<|>2',
  '  dopant [Fe, C<|>o] 1',
  '  ligands Thiol x 4, PET x [6, 8..<|>9]  # shell',
  '}',
  '',
].join('\n');

test('Expand Selection grows from the value under the cursor through its list, property and recipe to the file', async () => {
  const { text, cursors } = parseCursors(FILE);
  const a = await analysed(text);
  const [smiles, count, listItem, rangeEnd] = selectionRanges(a, cursors).map((s) => steps(a.document, s));
  const body = text.slice(text.indexOf('{') + 1, text.indexOf('}'));
  const recipe = text.slice(text.indexOf('recipe'), text.indexOf('}') + 1);
  assert.deepEqual(smiles, ['"SCC"', 'ligand Thiol = "SCC" binds S', text]);
  assert.deepEqual(count, ['12', 'host Au 12', body, recipe, text]);
  assert.deepEqual(listItem, ['Co', '[Fe, Co]', 'dopant [Fe, Co] 1', body, recipe, text]);
  assert.deepEqual(rangeEnd, ['9', '8..9', '[6, 8..9]', 'PET x [6, 8..9]', 'ligands Thiol x 4, PET x [6, 8..9]', body, recipe, text]);
});

test('the cursor right after a word selects that word first, as after typing it', async () => {
  const { text, cursors } = parseCursors('recipe B {\n  host Au<|> 12\n  dopant Pt 1\n}\n');
  const a = await analysed(text);
  assert.deepEqual(steps(a.document, selectionRanges(a, cursors)[0]).slice(0, 2), ['Au', 'host Au 12']);
});

test('every selection of every example file holds the cursor and grows at each step', async () => {
  const dir = path.join(repoRoot, 'examples');
  let checked = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.bimetal'))) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const a = await analysed(text);
    const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
    const selections = selectionRanges(a, offsets.map((o) => a.document.positionAt(o)));
    selections.forEach((selection, i) => {
      let inner: { start: number; end: number } | undefined;
      for (let s: SelectionRange | undefined = selection; s; s = s.parent) {
        const range = { start: a.document.offsetAt(s.range.start), end: a.document.offsetAt(s.range.end) };
        assert.ok(range.start <= offsets[i] && offsets[i] <= range.end, `${name} offset ${offsets[i]}: ${JSON.stringify(range)} does not hold the cursor`);
        if (inner) {
          assert.ok(range.start <= inner.start && inner.end <= range.end, `${name} offset ${offsets[i]}: a step does not hold the one before`);
          assert.ok(range.end - range.start > inner.end - inner.start, `${name} offset ${offsets[i]}: a step does not grow`);
        }
        inner = range;
      }
      assert.deepEqual(inner, { start: 0, end: text.length }, `${name} offset ${offsets[i]}: the last step is not the whole file`);
      checked++;
    });
  }
  assert.ok(checked > 1000, `only ${checked} positions checked`);
});

const LIGANDS = [
  'ligand <|>Thiol = "SCC" binds S',
  'ligand Thiol = "SCCC" binds S',
  'recipe A {',
  '  host Au 12',
  '  dopant Pt 1',
  '  ligands Thiol x 4, <|>PET x 2',
  '}',
  'recipe B {',
  '  host <|>Au 12',
  '  dopant Pd 1',
  '  ligands PET x 6, Thiol x 2  # Thiol and PET',
  '}',
  '',
].join('\n');

test('a ligand name lights up its declaration as written and its uses as read, not a duplicate declaration or a comment', async () => {
  const { text, cursors } = parseCursors(LIGANDS);
  const a = await analysed(text);
  const shown = (at: number) =>
    documentHighlights(a, cursors[at])?.map((h) => `${h.kind === DocumentHighlightKind.Write ? 'write' : 'read'} ${h.range.start.line}:${h.range.start.character} ${a.document.getText(h.range)}`);
  assert.deepEqual(shown(0), ['write 0:7 Thiol', 'read 5:10 Thiol', 'read 10:19 Thiol']);
  // A built-in has no declaration in the file: only its uses.
  assert.deepEqual(shown(1), ['read 5:21 PET', 'read 10:10 PET']);
  // An element symbol is no declared name: the editor's own word highlighting applies.
  assert.equal(shown(2), undefined);
});
