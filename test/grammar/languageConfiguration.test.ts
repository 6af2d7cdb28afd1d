import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

/** language-configuration.json's indentation rules, compiled as VS Code compiles them (a string, or { pattern, flags }). */
const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const config = JSON.parse(readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));

function rule(name: string): RegExp {
  const value: string | { pattern: string; flags?: string } = config.indentationRules[name];
  return typeof value === 'string' ? new RegExp(value) : new RegExp(value.pattern, value.flags);
}

const increase = rule('increaseIndentPattern');
const decrease = rule('decreaseIndentPattern');

test('increaseIndentPattern: a line ending in { (outside strings and comments), or in { then a comment, indents the next', () => {
  for (const line of [
    'recipe A {',
    'recipe AuM_scan {                   # a family: 16 dopants × 2 counts = 32 members',
    'recipe A {  # the "best" one',
    'recipe A { # a } in a comment',
    'recipe A{\t',
    '  recipe B {',
    'ligand L = "C{" recipe A {',
    'recipe A { # note "x {"',
  ]) {
    assert.ok(increase.test(line), `${JSON.stringify(line)} should increase the indent`);
  }
});

test('increaseIndentPattern: comment lines, { inside strings, closed blocks and ordinary lines do not indent', () => {
  for (const line of [
    '# use { here',
    '  # recipe A {',
    'recipe A # {',
    '  host Au 12',
    '  ligands PET x 8, "[Cl-]" × 2',
    '}',
    'recipe A { host Au 12 }',
    'recipe A {}',
    'ligand L = "C{"',
    'ligand L = "C{C" binds S',
    '  note "open {"',
    '  note "a \\" {"',
    '  note "unterminated {',
    '',
  ]) {
    assert.ok(!increase.test(line), `${JSON.stringify(line)} should not increase the indent`);
  }
});

test('decreaseIndentPattern: a line starting with } outdents, other lines do not', () => {
  for (const line of ['}', '  }', '} # end of recipe A']) assert.ok(decrease.test(line), JSON.stringify(line));
  for (const line of ['recipe A {', '  host Au 12', '  note "}"', '# }']) assert.ok(!decrease.test(line), JSON.stringify(line));
});
