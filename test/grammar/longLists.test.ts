/**
 * Lists as long as a document may make them (a count list, a recipe's findings, a ligands list)
 * are never spread into one call's arguments: past about 120,000 arguments that overflows the
 * stack, and the recipe got an internal error (BM198) instead of its findings or its members.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, IncrementalParser, validateDocument } from '../../grammar/src/index';

const ITEMS = 200_000;
const hostList = `recipe A {\n  host Au [${Array.from({ length: ITEMS }, () => '1').join(',')}]\n  dopant Pt 1\n}\n`;

test('a count list of 200,000 items is validated: its repeats are warned of, with no internal error', () => {
  // largestCount was Math.max(1, ...items).
  const diagnostics = validateDocument(new IncrementalParser().parse(hostList).ast);
  assert.deepEqual([...new Set(diagnostics.map((d) => d.code))], ['BM226']);
  assert.equal(diagnostics.length, ITEMS - 1);
});

test("a recipe's 199,999 findings are reused after an edit elsewhere, with no internal error", () => {
  // The unchanged recipe's findings were added again by push(...findings).
  const parser = new IncrementalParser();
  assert.equal(validateDocument(parser.parse(hostList).ast).length, ITEMS - 1);
  const edited = validateDocument(parser.parse(`${hostList}recipe B {\n  host Au 12\n  dopant Pt 1\n}\n`).ast);
  assert.deepEqual([...new Set(edited.map((d) => d.code))], ['BM226']);
  assert.equal(edited.length, ITEMS - 1);
});

test('a recipe with 200,000 ligand uses is expanded, with no internal error', () => {
  // The widest count list among the uses was Math.max(1, ...uses).
  const text = `recipe B {\n  host Au 20\n  dopant Pt 1\n  ligands ${Array.from({ length: ITEMS }, () => 'PET x 1').join(', ')}\n}\n`;
  const { members, diagnostics } = analyzeText(text);
  assert.deepEqual([...new Set(diagnostics.map((d) => d.code))], ['BM232']);
  assert.equal(members.length, 1);
  assert.equal(members[0].ligands.length, ITEMS);
});
