/**
 * The tree keeps its lists of properties, ligand uses and family items at their length: a list
 * grown by push keeps room for 17 items, and for the parse bench's 10,000-recipe file that spare
 * room was 2.4 MB of the tree's 21.9 MB, kept by the editor for every open document and copied by the
 * young generation's collections while a parse runs (`npm run bench -- parse`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { BimetalFile } from '../../grammar/src/ast';
import { parseDocument } from '../../grammar/src/index';
import { listsIn, propertyStoresIn, stringCopiesIn, type Snapshot } from '../helpers/heapLists';
import { EVERY_CONSTRUCT } from './helpers';

/** Holds a tree where the heap snapshot can find it by its constructor's name. */
class ParsedTree {
  constructor(readonly ast: BimetalFile) {}
}

test('the lists of the tree hold exactly their items, and its recipes all their fields', () => {
  const text = `${EVERY_CONSTRUCT}recipe Family {\n  host [Au, Ag, Cu] [12, 13]\n  dopant Pt 1..2\n  ligands PET x [6, 8], "SC" x 2; site core\n}\n`;
  const tree = new ParsedTree(parseDocument(text).ast);
  const file = path.join(os.tmpdir(), `bimetal-tree-lists-${process.pid}.heapsnapshot`);
  try {
    writeHeapSnapshot(file);
    const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    const lists = listsIn(heap, 'ParsedTree', ['ast', 'recipes', 'properties', 'uses', 'element', 'count'], ['properties', 'uses', 'items']);
    const kinds = new Set(lists.map((l) => l.where));
    for (const kind of ['ParsedTree.ast.recipes[].properties', 'ParsedTree.ast.recipes[].properties[].uses', 'ParsedTree.ast.recipes[].properties[].element.items', 'ParsedTree.ast.recipes[].properties[].count.items', 'ParsedTree.ast.recipes[].properties[].uses[].count.items']) {
      assert.ok(kinds.has(kind), `the snapshot shows ${kind}`);
    }
    assert.deepEqual(lists.filter((l) => l.slots !== l.items), [], 'lists with room beyond their items');
    // A recipe's name and braces are known when it is made: given afterwards, they went to a store of their own.
    const { reached, stores } = propertyStoresIn(heap, 'ParsedTree', ['ast', 'recipes']);
    assert.ok(reached.has('ParsedTree.ast.recipes[]'));
    assert.deepEqual(stores, [], 'tree objects with a separate property store');
    assert.equal(tree.ast.recipes.length, 2);
  } finally {
    rmSync(file, { force: true });
  }
});

test('words of the vocabulary share one string each across the tree; other words keep their own text', () => {
  const recipes = [1, 2, 3].map((i) => `recipe Screen${i} {\n  host Au ${10 + i}\n  dopant Pt 1\n  topology icosahedron\n  site surface\n  ligands PET x 6, Mine x 2\n  distance 2.9 Å\n}\n`);
  const text = `ligand Mine = "SC"\n${recipes.join('')}`;
  const tree = new ParsedTree(parseDocument(text).ast);
  const file = path.join(os.tmpdir(), `bimetal-tree-words-${process.pid}.heapsnapshot`);
  try {
    writeHeapSnapshot(file);
    const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    const copies = stringCopiesIn(heap, 'ParsedTree', ['ast', 'recipes', 'properties', 'element', 'value', 'uses', 'ref', 'unit', 'name'], 'text');
    // Each is written three times, once per recipe; a token's image is a copy of its own.
    for (const word of ['Au', 'Pt', 'icosahedron', 'surface', 'PET', 'Å']) assert.equal(copies.get(word), 1, `strings holding ${word}`);
    for (const name of ['Screen1', 'Screen2', 'Screen3']) assert.equal(copies.get(name), 1, `strings holding ${name}`);
    assert.equal(tree.ast.recipes.length, 3);
  } finally {
    rmSync(file, { force: true });
  }
});
