/**
 * A node of the tree holds its own `start` and `end` (ast.ts): no `range` object per node. Ranges
 * that outlive the tree (engine members, diagnostics, the ligand sources of the pipeline) are copies
 * that hold offsets only, so they neither keep the tree alive nor carry nodes into printed JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OffsetRange } from '../../engine/src/recipe';
import { keywordOf, type Keyworded, type Word } from '../../grammar/src/ast';
import { analyzeText, parseDocument } from '../../grammar/src/index';
import { declaredLigandSources } from '../../pipeline/src/sourceLiterals';
import { KEYWORD_TEXTS } from '../../grammar/src/lexer';
import { EVERY_CONSTRUCT, textAt } from './helpers';

/** Objects whose only keys are `start` and `end`, anywhere under `value`. */
function plainRanges(value: unknown, out: object[] = []): object[] {
  if (Array.isArray(value)) for (const v of value) plainRanges(v, out);
  else if (value && typeof value === 'object') {
    if (isPlainRange(value)) out.push(value);
    else for (const v of Object.values(value)) plainRanges(v, out);
  }
  return out;
}

function isPlainRange(value: object): boolean {
  return Object.keys(value).sort().join(',') === 'end,start';
}

test('the tree holds no range objects besides comments and dangling commas; braces are offsets', () => {
  const text = `${EVERY_CONSTRUCT}recipe Dangling {\n  host Au 12\n  dopant Pt 1\n  ligands PET x 8,, PET x 2\n}\n`;
  const { ast } = parseDocument(text);
  const expected = new Set<object>(ast.comments);
  for (const recipe of ast.recipes) {
    assert.equal(text[recipe.openBrace ?? -1], '{');
    assert.equal(text[recipe.closeBrace ?? -1], '}');
    for (const p of recipe.properties) if (p.kind === 'ligands') for (const comma of p.danglingCommas) expected.add(comma);
  }
  assert.ok(expected.size >= 2, 'the text has comments and a dangling comma');
  assert.deepEqual(new Set(plainRanges(ast)), expected);
  const recipe = ast.recipes[0];
  assert.equal(textAt(text, keywordOf(recipe)), 'recipe');
  assert.equal(textAt(text, recipe.properties[0]), 'host Au 4');
});

/** Every node under `value` that starts with a keyword (declarations, properties, ligand clauses). */
function keywordedNodes(value: unknown, out = new Set<Keyworded>()): Set<Keyworded> {
  if (Array.isArray(value)) for (const v of value) keywordedNodes(v, out);
  else if (value && typeof value === 'object') {
    if ('keyword' in value) out.add(value as Keyworded);
    for (const v of Object.values(value)) keywordedNodes(v, out);
  }
  return out;
}

/** Every Word under `value`. */
function words(value: unknown, out = new Set<Word>()): Set<Word> {
  if (Array.isArray(value)) for (const v of value) words(v, out);
  else if (value && typeof value === 'object') {
    if ((value as { kind?: unknown }).kind === 'word') out.add(value as Word);
    for (const v of Object.values(value)) words(v, out);
  }
  return out;
}

test('a keyword is kept as its text at the start of its node, not as a Word of its own', () => {
  // A misspelled declaration keyword, a singular `ligand` inside a recipe and an unknown property keep what was written.
  const text = `${EVERY_CONSTRUCT}Recipe Typo {\n  host Au 12\n  dopant Pt 1\n  ligand PET x 2\n  colour red\n}\nligands L = "CC"\n`;
  const { ast } = parseDocument(text);
  const keyworded = [...keywordedNodes(ast)];
  // 2 ligand declarations, the first with binds and logP, 2 recipes, 11 + 4 properties.
  assert.equal(keyworded.length, 2 + 2 + 2 + 15);
  for (const node of keyworded) {
    const keyword = keywordOf(node);
    assert.equal(textAt(text, keyword), node.keyword);
    assert.equal(keyword.start, node.start);
  }
  assert.deepEqual(
    keyworded.filter((n) => !KEYWORD_TEXTS.includes(n.keyword)).map((n) => n.keyword),
    ['Recipe', 'colour'],
  );
  // The tree's Words are values and names: none stands at the start of a keyworded node.
  const starts = new Set(keyworded.map((n) => n.start));
  assert.deepEqual([...words(ast)].filter((w) => starts.has(w.start)), []);
});

test('members, diagnostics and ligand sources hold copies of the offsets, not nodes', () => {
  const family = `recipe Family {\n  host [Au, Ag] 12\n  dopant Pt [1, 2]\n  topology none\n  ligands Late x 4\n  support oxide "CeO2"\n  distance 2.9 Å\n  energy -2.9 eV\n  structure "x.xyz"\n}\n`;
  const text =
    `recipe Early {\n  host Au 12\n  dopant Pt 1\n  ligands Late x 2\n  topology icosahedron\n  topology icosahedron\n}\n` +
    `ligand Late = "SC" binds S\n${family}${EVERY_CONSTRUCT}`;
  const { ast, members, diagnostics } = analyzeText(text);
  const memberRanges = members.filter((m) => m.recipe === 'Family').flatMap((m) => Object.values(m.ranges ?? {}).flat() as OffsetRange[]);
  // Family's four members, each with the recipe's, name's, ligand use's, structure's, energy's, host's and dopant's range.
  assert.equal(memberRanges.length, 28);
  for (const range of memberRanges) assert.ok(isPlainRange(range), JSON.stringify(range));
  // Copied once per recipe: members of other host-dopant pairs share the copies.
  const familyMembers = members.filter((m) => m.recipe === 'Family');
  assert.equal(new Set(familyMembers.map((m) => m.host.element)).size, 2);
  for (const m of familyMembers) assert.ok(m.ranges?.recipe === familyMembers[0].ranges?.recipe && m.ranges?.structure === familyMembers[0].ranges?.structure);

  const related = diagnostics.flatMap((d) => d.related ?? []).map((r) => r.range);
  const declarations = diagnostics.map((d) => d.data?.declaration).filter((r) => r !== undefined) as object[];
  assert.ok(related.length >= 2 && declarations.length === 1, 'a duplicate property and a ligand used before its declaration');
  for (const range of [...related, ...declarations, ...diagnostics.map((d) => d.range)]) assert.ok(isPlainRange(range), JSON.stringify(range));

  const sources = [...declaredLigandSources(ast).values()];
  assert.equal(sources.length, 2);
  for (const source of sources) for (const range of [source.smiles, source.binds]) assert.ok(range && isPlainRange(range), JSON.stringify(range));
});
