import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { KEYWORDS, PROPERTY_NAMES, SITE_NAMES, SUPPORT_KINDS, TOPOLOGY_NAMES } from '../../grammar/src/index';

/** The editor grammar, checked with the real TextMate engine VS Code uses (vscode-textmate + Oniguruma WASM). */
const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const grammarPath = path.join(root, 'syntaxes', 'bimetal.tmLanguage.json');
let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.bimetal' ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar('source.bimetal');
  assert.ok(loaded);
  grammar = loaded;
});

/** Tokenises lines in sequence (state carries over) and returns [text, innermost scope] pairs per line. */
function scopes(lines: string[]): [string, string][][] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens
      .map((t): [string, string] => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]])
      .filter(([text]) => text.trim() !== '');
  });
}

/** Tokenises lines in sequence and returns [text, full scope stack] pairs per line, whitespace included. */
function scopeStacks(lines: string[]): [string, string[]][][] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t): [string, string[]] => [line.slice(t.startIndex, t.endIndex), t.scopes]);
  });
}

function scopeOf(lines: string[], lineIndex: number, text: string): string {
  const found = scopes(lines)[lineIndex].find(([t]) => t === text);
  assert.ok(found, `token ${JSON.stringify(text)} not found on line ${lineIndex}`);
  return found[1];
}

test('ligand declarations: keyword, name, SMILES string, clauses, binding atoms', () => {
  const [line] = scopes(['ligand PET = "SCCc1ccccc1" binds S, P logP 2.3 # thiolate']);
  assert.deepEqual(line, [
    ['ligand', 'storage.type.ligand.bimetal'],
    ['PET', 'entity.name.type.ligand.bimetal'],
    ['=', 'keyword.operator.assignment.bimetal'],
    ['"', 'punctuation.definition.string.begin.bimetal'],
    ['SCCc1ccccc1', 'string.quoted.double.bimetal'],
    ['"', 'punctuation.definition.string.end.bimetal'],
    ['binds', 'keyword.other.clause.bimetal'],
    ['S', 'support.type.element.bimetal'],
    [',', 'punctuation.separator.comma.bimetal'],
    ['P', 'support.type.element.bimetal'],
    ['logP', 'keyword.other.clause.bimetal'],
    ['2.3', 'constant.numeric.bimetal'],
    ['#', 'punctuation.definition.comment.bimetal'],
    [' thiolate', 'comment.line.number-sign.bimetal'],
  ]);
});

test('a recipe: header, properties, elements, numbers, ranges, constants, units, count operator', () => {
  const lines = [
    'recipe AuM_scan {',
    '  host Au 4; dopant [Fe, Co] 1..2',
    '  topology icosahedron shells 1',
    '  site core',
    '  ligands PET x 8, "[Cl-]" × 2',
    '  support zeolite MFI',
    '  distance 4.9 Å',
    '  energy -2.9 eV',
    '}',
  ];
  assert.equal(scopeOf(lines, 0, 'recipe'), 'storage.type.recipe.bimetal');
  assert.equal(scopeOf(lines, 0, 'AuM_scan'), 'entity.name.type.recipe.bimetal');
  assert.equal(scopeOf(lines, 0, '{'), 'punctuation.section.block.begin.bimetal');
  assert.equal(scopeOf(lines, 1, 'host'), 'keyword.other.property.bimetal');
  assert.equal(scopeOf(lines, 1, 'Au'), 'support.type.element.bimetal');
  assert.equal(scopeOf(lines, 1, 'Co'), 'support.type.element.bimetal');
  assert.equal(scopeOf(lines, 1, '..'), 'keyword.operator.range.bimetal');
  assert.equal(scopeOf(lines, 1, ';'), 'punctuation.terminator.bimetal');
  assert.equal(scopeOf(lines, 1, 'dopant'), 'keyword.other.property.bimetal');
  assert.equal(scopeOf(lines, 2, 'icosahedron'), 'constant.language.topology.bimetal');
  assert.equal(scopeOf(lines, 2, 'shells'), 'keyword.other.clause.bimetal');
  assert.equal(scopeOf(lines, 3, 'core'), 'constant.language.site.bimetal');
  assert.equal(scopeOf(lines, 4, 'PET'), 'variable.other.ligand.bimetal');
  assert.equal(scopeOf(lines, 4, 'x'), 'keyword.operator.count.bimetal');
  assert.equal(scopeOf(lines, 4, '×'), 'keyword.operator.count.bimetal');
  assert.equal(scopeOf(lines, 4, '[Cl-]'), 'string.quoted.double.bimetal');
  assert.equal(scopeOf(lines, 5, 'zeolite'), 'constant.language.support.bimetal');
  assert.equal(scopeOf(lines, 6, '4.9'), 'constant.numeric.bimetal');
  assert.equal(scopeOf(lines, 6, 'Å'), 'keyword.other.unit.bimetal');
  assert.equal(scopeOf(lines, 7, '-2.9'), 'constant.numeric.bimetal');
  assert.equal(scopeOf(lines, 7, 'eV'), 'keyword.other.unit.bimetal');
  assert.equal(scopeOf(lines, 8, '}'), 'punctuation.section.block.end.bimetal');
});

test('string escapes: \\" and \\\\ are escapes, anything else is marked invalid', () => {
  const [line] = scopes(['ligand L = "C\\"\\\\C\\F"']);
  assert.deepEqual(line.filter(([, s]) => s.includes('escape')), [
    ['\\"', 'constant.character.escape.bimetal'],
    ['\\\\', 'constant.character.escape.bimetal'],
    ['\\F', 'invalid.illegal.escape.bimetal'],
  ]);
});

test('a comment inside a recipe is a comment, and # inside a string is not', () => {
  const lines = ['recipe A {', '  note "#1 pick" # why', '}'];
  assert.equal(scopeOf(lines, 1, '#1 pick'), 'string.quoted.double.bimetal');
  assert.equal(scopeOf(lines, 1, ' why'), 'comment.line.number-sign.bimetal');
});

test('an unclosed recipe ends where the next recipe begins', () => {
  const lines = ['recipe A {', '  host Au 12', 'recipe B {', '  site core'];
  assert.equal(scopeOf(lines, 2, 'B'), 'entity.name.type.recipe.bimetal');
  assert.equal(scopeOf(lines, 3, 'core'), 'constant.language.site.bimetal');
});

test('a count glued to its operator (PET x8, PET ×8) scopes as the operator then a number, like PET x 8', () => {
  const expected = (count: string): [string, string][] => [
    ['ligands', 'keyword.other.property.bimetal'],
    ['PET', 'variable.other.ligand.bimetal'],
    [count, 'keyword.operator.count.bimetal'],
    ['8', 'constant.numeric.bimetal'],
    [',', 'punctuation.separator.comma.bimetal'],
    ['x_8', 'variable.other.ligand.bimetal'],
  ];
  const [, spaced, glued, gluedTimes] = scopes(['recipe A {', '  ligands PET x 8, x_8', '  ligands PET x8, x_8', '  ligands PET ×8, x_8', '}']);
  assert.deepEqual(spaced, expected('x'));
  assert.deepEqual(glued, expected('x'));
  assert.deepEqual(gluedTimes, expected('×'));
  // Not the operator: a letter, `_` or `-` after the x makes it a name (lexer.ts Times).
  const [, names] = scopes(['recipe A {', '  ligands xylene x 2, x-ray', '}']);
  assert.deepEqual(names.filter(([, s]) => s.startsWith('variable')).map(([t]) => t), ['xylene', 'x-ray']);
});

test('numbers glued to their unit stay whole and the unit is scoped as one, with or without a space', () => {
  const lines = [
    'recipe A {',
    '  distance 280pm',
    '  distance 4.9Å',
    '  distance 4.9 Å',
    '  distance 1e-3nm',
    '  distance 2.5E+1 angstrom',
    '  distance 3A',
    '  energy -2.9eV',
    '  siteEnergy +0.25 eV',
    '  energy -1.5e-1eV',
    '}',
  ];
  const numberAndUnit = scopes(lines).slice(1, -1).map((line) => line.slice(1));
  const pair = (n: string, unit: string): [string, string][] => [
    [n, 'constant.numeric.bimetal'],
    [unit, 'keyword.other.unit.bimetal'],
  ];
  assert.deepEqual(numberAndUnit, [
    pair('280', 'pm'),
    pair('4.9', 'Å'),
    pair('4.9', 'Å'),
    pair('1e-3', 'nm'),
    pair('2.5E+1', 'angstrom'),
    pair('3', 'A'),
    pair('-2.9', 'eV'),
    pair('+0.25', 'eV'),
    pair('-1.5e-1', 'eV'),
  ]);
});

test('a keyword inside a hyphenated name does not end a property (names are [A-Za-z_][A-Za-z0-9_-]*)', () => {
  const lines = ['recipe A {', '  ligands PET x 8, host-guest x 1, S-c-hex x 2, site-A x 1, ligand-2', '  support zeolite my-note', '}'];
  const [, ligands, support] = scopeStacks(lines);
  for (const [text, stack] of ligands.slice(1)) {
    assert.ok(stack.includes('meta.property.ligands.bimetal'), `${JSON.stringify(text)} left the ligands property: ${stack.join(' ')}`);
  }
  assert.deepEqual(
    ligands.filter(([, stack]) => stack.at(-1) === 'variable.other.ligand.bimetal').map(([t]) => t),
    ['PET', 'host-guest', 'S-c-hex', 'site-A', 'ligand-2'],
  );
  assert.deepEqual(
    ligands.filter(([, stack]) => stack.at(-1) === 'keyword.other.property.bimetal').map(([t]) => t),
    ['ligands'],
  );
  for (const [text, stack] of support.slice(1)) {
    assert.ok(stack.includes('meta.property.support.bimetal'), `${JSON.stringify(text)} left the support property`);
  }
});

test('a ligand declaration split over lines keeps binds and logP scoped until the next declaration', () => {
  const lines = [
    'ligand L = "SCC"',
    '  binds S logP 1.2',
    'ligand M = "SCCP" binds S,',
    '  # the phosphorus binds too',
    '  P',
    '  logP -0.5',
    '',
    'recipe A {',
    '  host Au 12',
    '}',
  ];
  const stacks = scopeStacks(lines);
  const innermost = stacks.map((line) => line.filter(([t]) => t.trim() !== '').map(([t, s]): [string, string] => [t, s.at(-1)!]));
  assert.deepEqual(innermost[1], [
    ['binds', 'keyword.other.clause.bimetal'],
    ['S', 'support.type.element.bimetal'],
    ['logP', 'keyword.other.clause.bimetal'],
    ['1.2', 'constant.numeric.bimetal'],
  ]);
  assert.equal(innermost[2][0][1], 'storage.type.ligand.bimetal');
  assert.equal(innermost[2][1][1], 'entity.name.type.ligand.bimetal');
  assert.equal(innermost[3][0][1], 'punctuation.definition.comment.bimetal');
  assert.deepEqual(innermost[4], [['P', 'support.type.element.bimetal']]);
  assert.deepEqual(innermost[5], [
    ['logP', 'keyword.other.clause.bimetal'],
    ['-0.5', 'constant.numeric.bimetal'],
  ]);
  // The ligand declaration ends where the recipe begins.
  assert.deepEqual(stacks[7][0][1], ['source.bimetal', 'meta.declaration.recipe.bimetal', 'storage.type.recipe.bimetal']);
  assert.equal(scopeOf(lines, 8, 'host'), 'keyword.other.property.bimetal');
});

test('the editor grammar names every keyword and closed vocabulary of the language', () => {
  const source = readFileSync(grammarPath, 'utf8');
  for (const word of [...KEYWORDS, ...PROPERTY_NAMES, ...TOPOLOGY_NAMES, ...SITE_NAMES, ...SUPPORT_KINDS]) {
    assert.ok(new RegExp(`\\b${word}\\b`).test(source), `${word} is missing from ${grammarPath}`);
  }
});

test('language configuration: # comments, {} and [] brackets, auto-closed quotes', () => {
  const config = JSON.parse(readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));
  assert.deepEqual(config.comments, { lineComment: '#' });
  assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
  assert.ok(config.autoClosingPairs.some((p: { open: string; close: string }) => p.open === '"' && p.close === '"'));
  assert.ok(config.autoClosingPairs.some((p: { open: string; close: string }) => p.open === '{' && p.close === '}'));
});

test('valid files get no invalid scopes, and every property keyword is scoped as one', () => {
  const file = readFileSync(path.join(root, 'test', 'fixtures', 'grammar', 'language-example.bimetal'), 'utf8');
  const lines = file.split('\n');
  const tokens = scopes(lines).flat();
  assert.deepEqual(tokens.filter(([, scope]) => scope.startsWith('invalid')), []);
  const keywordLines = lines.filter((l) => /^\s+(host|dopant|topology|site|ligands|support|distance)\b/.test(l)).length;
  assert.equal(tokens.filter(([, scope]) => scope === 'keyword.other.property.bimetal').length, keywordLines);
});
