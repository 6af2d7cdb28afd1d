/** The workspace symbol index of closed files: what it keeps, and a query cancelled as the user types on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectedHeapUsed } from '../helpers/collectedHeap';
import { CancellationTokenSource } from 'vscode-languageserver';
import { parseDocument } from '../../grammar/src/index';
import { WorkspaceIndex } from '../../server/src/workspaceIndex';
import type { WorkspaceFiles } from '../../server/src/workspaceFiles';
import { mixedRecipeFile } from '../../bench/server.bench';

/** Files held in memory; `onRead` sees each read. */
function filesOf(texts: Record<string, string>, onRead: (uri: string) => void = () => undefined): WorkspaceFiles {
  return {
    list: async () => Object.keys(texts).sort(),
    read: async (uri) => {
      onRead(uri);
      return texts[uri];
    },
  };
}

test('the index keeps a closed file’s declarations and its text, not its syntax tree', async () => {
  const text = mixedRecipeFile(10_000);
  const uri = 'file:///ws/mixed.bimetal';
  let index: WorkspaceIndex | undefined = new WorkspaceIndex(filesOf({ [uri]: text }));
  const symbols = await index.closedFileSymbols(['file:///ws'], () => false);
  assert.ok(symbols.length >= 10_000, `${symbols.length} symbols`);
  assert.ok(symbols.every((s) => s.location.uri === uri));
  // The parser holds on to its last result until it parses again: parse something else first.
  parseDocument('recipe X {\n  host Au 12\n}\n');
  const withIndex = collectedHeapUsed();
  index = undefined;
  const keptBytes = withIndex - collectedHeapUsed();
  // The file's syntax tree alone is ~13× its text (11.5 MB here): an index of trees kept ~14×.
  assert.ok(keptBytes < 3 * text.length, `the index keeps ${(keptBytes / 1e6).toFixed(1)} MB for ${(text.length / 1e6).toFixed(2)} MB of text`);
});

test('a changed file is read with its new declarations, and a file gone is forgotten', async () => {
  const texts: Record<string, string> = { 'file:///ws/a.bimetal': 'recipe A1 {\n  host Au 12\n  dopant Pt 1\n}\n', 'file:///ws/b.bimetal': 'ligand L = "CCS"\n' };
  const index = new WorkspaceIndex(filesOf(texts));
  const names = async () => (await index.closedFileSymbols(['file:///ws'], () => false)).map((s) => s.name);
  assert.deepEqual(await names(), ['A1', 'L']);
  texts['file:///ws/a.bimetal'] = 'recipe A2 {\n  host Au 12\n  dopant Pt 1\n}\n';
  delete texts['file:///ws/b.bimetal'];
  assert.deepEqual(await names(), ['A2']);
});

test('a cancelled query stops reading files and answers what it read', async () => {
  const texts = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`file:///ws/f${i}.bimetal`, `recipe R${i} {\n  host Au 12\n  dopant Pt 1\n}\n`]));
  const source = new CancellationTokenSource();
  const read: string[] = [];
  const index = new WorkspaceIndex(
    filesOf(texts, (uri) => {
      read.push(uri);
      if (read.length === 2) source.cancel();
    }),
  );
  const symbols = await index.closedFileSymbols(['file:///ws'], () => false, source.token);
  assert.deepEqual(read, ['file:///ws/f0.bimetal', 'file:///ws/f1.bimetal']);
  assert.deepEqual(symbols.map((s) => s.name), ['R0', 'R1']);
});

test('a closed file of 130,000 declarations is indexed (spread into one push, its symbols overflowed the stack)', async () => {
  const text = Array.from({ length: 130_000 }, (_, i) => `ligand L${i} = "C"\n`).join('');
  const index = new WorkspaceIndex(filesOf({ 'file:///ws/many.bimetal': text }));
  assert.equal((await index.closedFileSymbols(['file:///ws'], () => false)).length, 130_000);
});
