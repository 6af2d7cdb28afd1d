import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choiceItems, type LigandsProperty, type MetalProperty, type RangeNode, type TopologyProperty } from '../../grammar/src/ast';
import { analyzeText, parseDocument } from '../../grammar/src/index';
import { described, EVERY_CONSTRUCT, rangesIn, textAt } from './helpers';
import { BimetalParser } from '../../grammar/src/parser';

const FULL = EVERY_CONSTRUCT;

test('a complete file parses without diagnostics into declarations in source order', () => {
  const { ast, diagnostics } = parseDocument(FULL);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(ast.declarations.map((d) => `${d.kind}:${d.name?.text}`), ['ligand:PET', 'recipe:Au4Ru2']);
  assert.deepEqual(ast.recipes[0].properties.map((p) => p.kind), [
    'host', 'dopant', 'topology', 'site', 'ligands', 'support', 'distance', 'charge', 'energy', 'note', 'structure',
  ]);
  assert.deepEqual(ast.comments.map((c) => textAt(FULL, c)), ['# header comment']);
});

test('ranges are half-open offsets that cover exactly the written text', () => {
  const { ast } = parseDocument(FULL);
  const [ligand] = ast.ligands;
  assert.equal(textAt(FULL, ligand), 'ligand PET = "SCCc1ccccc1" binds S, P logP 2.5');
  assert.equal(textAt(FULL, ligand.smiles!), '"SCCc1ccccc1"');
  assert.equal(ligand.smiles!.value, 'SCCc1ccccc1');
  assert.deepEqual(ligand.binds!.atoms.map((a) => textAt(FULL, a)), ['S', 'P']);
  assert.equal(ligand.logP!.value!.value, 2.5);

  const recipe = ast.recipes[0];
  assert.ok(textAt(FULL, recipe).startsWith('recipe Au4Ru2 {') && textAt(FULL, recipe).endsWith('}'));
  // A single value stands in its slot unwrapped; a list is a node of its own.
  const host = recipe.properties[0] as MetalProperty;
  assert.deepEqual(host.element, { kind: 'word', text: 'Au', start: FULL.indexOf('Au 4'), end: FULL.indexOf('Au 4') + 2 });
  assert.deepEqual(choiceItems(host.element), [host.element]);
  assert.equal(host.count?.kind, 'number');
  const dopant = recipe.properties[1] as MetalProperty;
  assert.equal(textAt(FULL, dopant), 'dopant [Ru, Os] 1..2');
  assert.equal(dopant.element?.kind, 'list');
  assert.equal(textAt(FULL, dopant.element!), '[Ru, Os]');
  assert.deepEqual(choiceItems(dopant.element).map((w) => textAt(FULL, w)), ['Ru', 'Os']);
  const range = dopant.count as RangeNode;
  assert.equal(range.kind, 'range');
  assert.equal(textAt(FULL, range), '1..2');
  assert.deepEqual([range.from.value, range.to!.value], [1, 2]);

  const topology = recipe.properties[2] as TopologyProperty;
  assert.equal(textAt(FULL, topology.shells!), '1');
  const ligands = recipe.properties[4] as LigandsProperty;
  assert.deepEqual(ligands.uses.map((u) => textAt(FULL, u)), ['PET x 8', '"C\\\\P" x [2, 3]']);
  const ref = ligands.uses[1].ref;
  assert.deepEqual(ref, { kind: 'string', value: 'C\\P', terminated: true, start: ref.start, end: ref.end });
  assert.deepEqual(choiceItems(ligands.uses[1].count).map((i) => textAt(FULL, i)), ['2', '3']);
});

test('every node range lies inside the text and is not inverted', () => {
  const ranges = rangesIn(parseDocument(FULL).ast);
  assert.ok(ranges.length > 50);
  for (const range of ranges) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= FULL.length, JSON.stringify(range));
});

test('a backslash before a character beyond the BMP (an emoji) is BM102 on the backslash and the whole character, never half of it', () => {
  const text = 'ligand A = "C\\😀C"';
  const { ast, diagnostics } = parseDocument(text);
  assert.equal(ast.ligands[0].smiles!.value, 'C\\😀C');
  assert.deepEqual(described(text, diagnostics), ["BM102 '\\😀'"]);
  assert.match(diagnostics[0].message, /^'\\😀' is not an escape/);
  assert.deepEqual(diagnostics[0].data, { replacements: ['\\\\😀'] });
});

test('string escapes: \\" and \\\\ unescape; any other backslash is BM102 on exactly two characters (one character after it)', () => {
  const text = 'ligand A = "F/C=C\\F"';
  const { ast, diagnostics } = parseDocument(text);
  assert.equal(ast.ligands[0].smiles!.value, 'F/C=C\\F');
  assert.deepEqual(described(text, diagnostics), ["BM102 '\\F'"]);
  assert.deepEqual(diagnostics[0].data, { replacements: ['\\\\F'] });
});

test('a missing } does not hide errors in later recipes', () => {
  const text = 'recipe A {\n  host Au 12\n  dopant Pt 1\n\nrecipe B {\n  host Au 12\n  dopant Xq 1\n}\n';
  const { ast, diagnostics } = parseDocument(text);
  assert.deepEqual(ast.recipes.map((r) => r.name?.text), ['A', 'B']);
  assert.deepEqual(described(text, diagnostics), ["BM108 '{'"]);
  assert.equal(ast.recipes[1].properties.length, 2, 'recipe B is parsed in full');
});

test('a ligand declaration also ends an unclosed recipe, but a singular `ligand` use does not', () => {
  const text = 'recipe A { host Au 12 dopant Pt 1 ligand PET x 2\nligand X = "CC"\n';
  const { ast } = parseDocument(text);
  assert.deepEqual(ast.declarations.map((d) => d.kind), ['recipe', 'ligand']);
  assert.deepEqual(ast.recipes[0].properties.map((p) => `${p.kind}/${p.keyword}`), ['host/host', 'dopant/dopant', 'ligands/ligand']);
});

test('misspelled declaration keywords are recovered as declarations', () => {
  const text = 'Recipe A { host Au 12 dopant Pt 1 }\nligands L = "CC"\n';
  const { ast, diagnostics } = parseDocument(text);
  assert.deepEqual(ast.declarations.map((d) => `${d.kind}:${d.name?.text}`), ['recipe:A', 'ligand:L']);
  assert.deepEqual(described(text, diagnostics), ["BM105 'Recipe'", "BM105 'ligands'"]);
  assert.deepEqual(diagnostics.map((d) => d.data), [{ replacements: ['recipe'] }, { replacements: ['ligand'] }]);
});

test('a value ending a line is not the misspelled keyword of a declaration on the next line (`icosahedron` above `sit=e core`)', () => {
  const text = 'recipe Z {\n  host Zr 12\n  dopant Ti 1\n  topology icosahedron\n  sit=e core\n}\n';
  const { ast, diagnostics } = parseDocument(text);
  assert.deepEqual(ast.declarations.map((d) => `${d.kind}:${d.name?.text}`), ['recipe:Z']);
  assert.equal(ast.recipes[0].properties.find((p) => p.kind === 'topology')?.name?.text, 'icosahedron');
  assert.deepEqual(described(text, diagnostics), []);
  assert.deepEqual(described(text, analyzeText(text).diagnostics), ["BM218 'sit'"]);
  // Nor is a value above a line that starts with `=`.
  const equals = 'recipe W {\n  host AU Au12\n  =dopant Pt 1\n}\n';
  assert.deepEqual(parseDocument(equals).ast.declarations.map((d) => `${d.kind}:${d.name?.text}`), ['recipe:W']);
  // With the name on its line it still is one, `{` on the next line or not.
  assert.deepEqual(parseDocument('Recpe A\n{\n}\nlignd L = "C"\n').ast.declarations.map((d) => `${d.kind}:${d.name?.text}`), ['recipe:A', 'ligand:L']);
});

test('inside an unclosed recipe, `ligand` before a name that is no name and `=` ends the recipe, as `ligand NAME =` does', () => {
  for (const name of ['4-MBA', 'Au12 Pt']) {
    const text = `recipe B {\n  host Au 12\n  dopant Pd 1\nligand ${name} = "CCS"\n`;
    const { ast, diagnostics } = parseDocument(text);
    assert.deepEqual(ast.declarations.map((d) => d.kind), ['recipe', 'ligand'], name);
    assert.deepEqual(described(text, diagnostics), ["BM108 '{'", `BM106 '${name}'`], name);
  }
});

test('a reserved word as a name is one BM106 on that word, and the rest of the declaration is still read', () => {
  for (const word of ['x', 'site', 'ligands', 'recipe']) {
    const text = `recipe ${word} {\n  host Au 12\n  dopant Qq 1\n}\nligand ${word} = "CCS"\nrecipe Next { host Au 12 dopant Pt 1 }\n`;
    const diagnostics = analyzeText(text).diagnostics;
    // The recipe's body is validated (BM202 on Qq), the ligand keeps its SMILES, and the next recipe is untouched.
    assert.deepEqual(described(text, diagnostics), [`BM106 '${word}'`, "BM202 'Qq'", `BM106 '${word}'`], word);
    assert.match(diagnostics[0].message, new RegExp(`^'${word}' is a reserved word of the language and cannot name a recipe; choose another name, e\\.g\\. ${word}_1$`));
    assert.match(diagnostics[2].message, /cannot name a ligand/);
    const { ast } = parseDocument(text);
    assert.deepEqual(ast.declarations.map((d) => `${d.kind}:${d.name?.text}`), ['recipe:undefined', 'ligand:undefined', 'recipe:Next']);
    assert.equal(ast.ligands[0].smiles?.value, 'CCS');
  }
  // A keyword that starts the body of a nameless recipe is still a property, not a name.
  assert.deepEqual(described('recipe host Au 12 dopant Pt 1 }\n'), ["BM106 'recipe'", "BM107 'recipe'"]);
});

test('a name the lexer reads as several tokens (4Au, x8) is one BM106 saying why, and the rest of the declaration is still read', () => {
  const cases: [name: string, why: RegExp, suggestion: string][] = [
    ['4Au', /: a name cannot start with a digit;/, '_4Au'],
    ['4', /: a name cannot start with a digit;/, '_4'],
    ['1e5', /: a name cannot start with a digit;/, '_1e5'],
    ['-4Au', /: a name cannot start with '-';/, '_4Au'],
    ['x8', /: 'x' before a number is the count operator \('PET x8' reads as 'PET x 8'\);/, 'x_8'],
    ['x2y', /: 'x' before a number is the count operator/, 'x_2y'],
    ['Au×2', /: a name is one word of letters, digits, '_' and '-';/, 'Au_2'],
  ];
  for (const [name, why, suggestion] of cases) {
    const text = `recipe ${name} {\n  host Au 12\n  dopant Qq 1\n}\nligand ${name} = "CCS"\nrecipe Next { host Au 12 dopant Pt 1 }\n`;
    const diagnostics = analyzeText(text).diagnostics;
    // The recipe's body is validated (BM202 on Qq), the ligand keeps its SMILES, and the next recipe is untouched.
    assert.deepEqual(described(text, diagnostics), [`BM106 '${name}'`, "BM202 'Qq'", `BM106 '${name}'`], name);
    assert.match(diagnostics[0].message, new RegExp(`^'${name}' cannot name a recipe${why.source}`), name);
    assert.ok(diagnostics[0].message.endsWith(`; choose another name, e.g. ${suggestion}`), diagnostics[0].message);
    assert.match(diagnostics[2].message, new RegExp(`^'${name}' cannot name a ligand${why.source}`), name);
    const { ast } = parseDocument(text);
    assert.deepEqual(ast.declarations.map((d) => `${d.kind}:${d.name?.text}`), ['recipe:undefined', 'ligand:undefined', 'recipe:Next']);
    assert.equal(ast.ligands[0].smiles?.value, 'CCS');
    // The suggested name is one: the same declarations with it have no BM106.
    const renamed = text.replaceAll(name, suggestion);
    assert.deepEqual(described(renamed), ["BM202 'Qq'"], renamed);
  }
  // What stands before `{` or `=` on the keyword's line is the name, spaces and all; without a `{` the declaration has none.
  assert.deepEqual(described('recipe 4 Au { host Au 12 dopant Pt 1 }\n'), ["BM106 '4 Au'"]);
  assert.deepEqual(described('recipe 4Au host Au 12 dopant Pt 1\n').slice(0, 2), ["BM106 'recipe'", "BM107 'recipe'"]);
  // An identifier with text glued after it is still the name when no `{` follows the run.
  assert.deepEqual(parseDocument('recipe A×2\n').ast.recipes.map((r) => r.name?.text), ['A']);
});

test('missing values are reported on the keyword that needs them', () => {
  const text = 'recipe A { host dopant Pt x topology site support distance charge energy note structure ligands }';
  const { diagnostics } = parseDocument(text);
  assert.deepEqual(described(text, diagnostics), [
    "BM109 'host'",
    "BM104 'x'",
    "BM109 'topology'",
    "BM109 'site'",
    "BM109 'support'",
    "BM109 'distance'",
    "BM109 'charge'",
    "BM109 'energy'",
    "BM109 'note'",
    "BM109 'structure'",
    "BM109 'ligands'",
  ]);
});

test('lists: unclosed, empty items, trailing commas, wrong kinds and unfinished ranges', () => {
  const text = 'recipe A { host [Au, , 4 dopant Pt [1.., 2,] }';
  const { diagnostics } = parseDocument(text);
  assert.deepEqual(described(text, diagnostics), ["BM110 '['", "BM111 ','", "BM114 '4'", "BM112 '1..'", "BM111 ','"]);
});

test('stray tokens: one error per run, with hints for common slips', () => {
  const text = 'host Au 12\nrecipe A { host Au 12 13 14 dopant Pt 1 shells 2 }\n}\nrecipee B';
  const { diagnostics } = parseDocument(text);
  assert.deepEqual(described(text, diagnostics), ["BM103 'host'", "BM104 '13'", "BM104 'shells'", "BM103 '}'", "BM103 'recipee'"]);
  assert.match(diagnostics[0].message, /inside a recipe/);
  assert.match(diagnostics[2].message, /after 'topology NAME'/);
  // `recipe B` with no `{` after it is still an error: offered, not applied unasked.
  assert.deepEqual(diagnostics[4].data, { replacements: ['recipe'], unsure: true });
});

test('a recipe without braces still gets its properties parsed', () => {
  const text = 'recipe A host Au 12 dopant Pt 1';
  const { ast, diagnostics } = parseDocument(text);
  assert.deepEqual(described(text, diagnostics), ["BM107 'A'"]);
  assert.equal(ast.recipes[0].properties.length, 2);
});

test('unterminated strings end at the line break and the next line still parses', () => {
  const text = 'recipe A {\n  note "unfinished\n  host Au 12\n  dopant Pt 1\n}';
  const { ast, diagnostics } = parseDocument(text);
  assert.deepEqual(described(text, diagnostics), [`BM101 '"unfinished'`]);
  assert.equal(ast.recipes[0].properties.length, 3);
});

test('unknown characters are BM100 and the rest of the line parses', () => {
  const text = 'recipe A { host Au 12 $$ dopant Pt 1 }';
  const { ast, diagnostics } = parseDocument(text);
  assert.deepEqual(described(text, diagnostics), ["BM100 '$$'"]);
  assert.equal(ast.recipes[0].properties.length, 2);
});

const bm100Messages = (text: string) => analyzeText(text).diagnostics.filter((d) => d.code === 'BM100').map((d) => d.message);

test('BM100 quotes visible characters', () => {
  const message = bm100Messages;
  assert.deepEqual(message('recipe A { host Au 12 @ dopant Pt 1 }'), ['unexpected character "@"']);
  assert.deepEqual(message('recipe A { host Au 12 $$ dopant Pt 1 }'), ['unexpected characters "$$"']);
  assert.deepEqual(message('recipe A { host Au 12 😀 dopant Pt 1 }'), ['unexpected character "😀"'], 'one code point, two UTF-16 units');
  // As typed: one backslash is not shown as two (JSON's escape).
  assert.deepEqual(message('recipe A { host Au 12 \\ dopant Pt 1 }'), ['unexpected character "\\"']);
});

test('BM100 names an invisible character by its code point instead of quoting it', () => {
  const message = bm100Messages;
  assert.deepEqual(message('recipe D\u200B { host Au 12 dopant Pt 1 }'), ['unexpected character U+200B (zero width space)']);
  assert.deepEqual(message('recipe A { host Au\u3000 12 dopant Pt 1 }'), ['unexpected character U+3000 (ideographic space), which stands for a space; type a space instead']);
  assert.deepEqual(message('recipe A { host Au 12\u0007 dopant Pt 1 }'), ['unexpected character U+0007 (control character)']);
  assert.deepEqual(message('recipe A { host Au 12 \u202E dopant Pt 1 }'), ['unexpected character U+202E (right-to-left override)']);
  assert.deepEqual(message('recipe A { host Au 12 \u0301 dopant Pt 1 }'), ['unexpected character U+0301 (combining mark)']);
  assert.deepEqual(message('recipe A { host Au 12 \uE000 dopant Pt 1 }'), ['unexpected character U+E000 (private use)']);
  assert.deepEqual(message('recipe A { host Au 12 \uDBFF dopant Pt 1 }'), ['unexpected character U+DBFF (unpaired surrogate)']);
  assert.deepEqual(message('recipe A { host Au 12 \u{E0041} dopant Pt 1 }'), ['unexpected character U+E0041 (format character)'], 'beyond the BMP');
  // A run with both kinds: the visible part stays quoted, each invisible character is named.
  assert.deepEqual(message('recipe A { host Au 12 $\u200D$$ dopant Pt 1 }'), ['unexpected characters "$", U+200D (zero width joiner), "$$"']);
  // A long run is cut short instead of naming every character.
  const long = message(`recipe A { host Au 12 ${'\u200B'.repeat(40)} dopant Pt 1 }`)[0];
  assert.match(long, /^unexpected characters U\+200B \(zero width space\)(, U\+200B \(zero width space\))* and 3\d more$/);
  assert.ok(long.length < 200, long);
});

test('an unknown property keeps only the words on its own line', () => {
  const text = 'recipe A {\n  hots Au 12\n  dopant Pt 1\n}';
  const { ast } = parseDocument(text);
  assert.deepEqual(ast.recipes[0].properties.map((p) => `${p.kind}:${textAt(text, p)}`), ['unknown:hots Au 12', 'dopant:dopant Pt 1']);
});

test('units and support names are only taken from the same line', () => {
  const text = 'recipe A {\n  distance 2.8\n  nm Au\n  support oxide CeO2\n}';
  const { ast } = parseDocument(text);
  assert.deepEqual(ast.recipes[0].properties.map((p) => `${p.kind}:${textAt(text, p)}`), [
    'distance:distance 2.8',
    'unknown:nm Au',
    'support:support oxide CeO2',
  ]);
});

test('the parser instance is reused: results do not leak between calls', () => {
  const broken = parseDocument('recipe { ] ] ]');
  assert.ok(broken.diagnostics.length > 0);
  assert.deepEqual(parseDocument('recipe A { host Au 12 dopant Pt 1 }').diagnostics, []);
});

test('a unit word on the next line starts the next property: the property keeps its number, and the word is reported once, as an unknown property (BM218), not also as a syntax error', () => {
  const text = 'recipe A {\n  distance 2.8\n  nm Au\n  energy -2.5\r\n  eV\n}';
  const { ast, diagnostics } = parseDocument(text);
  assert.deepEqual(ast.recipes[0].properties.map((p) => `${p.kind}:${textAt(text, p)}`), [
    'distance:distance 2.8',
    'unknown:nm Au',
    'energy:energy -2.5',
    'unknown:eV',
  ]);
  assert.deepEqual(diagnostics, []);
  const reported = analyzeText(text).diagnostics.filter((d) => d.code === 'BM218' || d.code === 'BM199');
  assert.deepEqual(reported.map((d) => [d.code, textAt(text, d.range)]), [
    ['BM218', 'nm'],
    ['BM218', 'eV'],
  ]);
});

test('line breaks for same-line words are \\n, \\r\\n and a lone \\r, and a comment between words is not one', () => {
  for (const lineBreak of ['\n', '\r\n', '\r']) {
    const text = `recipe A {${lineBreak}  support oxide${lineBreak}  CeO2${lineBreak}  hots 1 # typo${lineBreak}  distance 2.8 # in${lineBreak}  Å${lineBreak}}`;
    const { ast } = parseDocument(text);
    assert.deepEqual(
      ast.recipes[0].properties.map((p) => `${p.kind}:${textAt(text, p)}`),
      ['support:support oxide', 'unknown:CeO2', 'unknown:hots 1', `distance:distance 2.8 # in${lineBreak}  Å`],
      JSON.stringify(lineBreak),
    );
  }
  const text = 'recipe A { support oxide # a comment, then the name on the same line? no: the comment ends the line\n CeO2 }';
  assert.deepEqual(parseDocument(text).ast.recipes[0].properties.map((p) => p.kind), ['support', 'unknown']);
});

test('stray tokens on lines ended by \\r\\n or \\r are one diagnostic per line', () => {
  for (const lineBreak of ['\r\n', '\r']) {
    const text = `recipe A {${lineBreak}  host Au 12 13 14${lineBreak}  15 16${lineBreak}}${lineBreak}] ]${lineBreak}]`;
    const strays = parseDocument(text).diagnostics.filter((d) => d.code === 'BM104' || d.code === 'BM103');
    assert.deepEqual(strays.map((d) => [d.code, textAt(text, d.range)]), [
      ['BM104', '13'],
      ['BM104', '15'],
      ['BM103', ']'],
      ['BM103', ']'],
    ], JSON.stringify(lineBreak));
  }
});

test("the grammar passes chevrotain's own checks (ambiguities, left recursion), which the shipped parser skips at start-up", () => {
  // With the checks on, chevrotain throws "Parser Definition Errors detected" for a grammar that fails them.
  assert.doesNotThrow(() => new BimetalParser({ validate: true }));
});
