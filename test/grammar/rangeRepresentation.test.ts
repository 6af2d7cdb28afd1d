/**
 * Every `{ start, end }` object in a process shares one V8 hidden class. Once any of them holds a
 * value that is not a small integer (NaN, say), V8 stores `start` and `end` as boxed doubles in all
 * of them from then on: three heap objects per range instead of one, in every AST, diagnostic and
 * record. Building the parser runs its rules once with placeholder tokens whose offsets are NaN,
 * so it must not make a range of them (parser.ts, `rangeFrom`). The same holds for each kind of
 * node, which carries its own `start` and `end` (ast.ts).
 *
 * V8's `%IsSmi` tells whether a field read back is a small integer; it needs
 * `--allow-natives-syntax`, so each check runs in a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { EVERY_CONSTRUCT } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'grammar');

const NEW_RANGE = '[{ start: 1, end: 2 }]';

/**
 * Runs `setup` (CommonJS, TypeScript through tsx) in a fresh process, then answers whether the
 * ranges that `made` (an expression) builds after it keep small-integer fields.
 */
function rangesStaySmall(setup: string, made = NEW_RANGE): boolean {
  const script = `${setup}
const isSmallInteger = new Function('value', 'return %IsSmi(value)');
const ranges = ${made};
process.stdout.write(String(ranges.length > 0 && ranges.every((r) => isSmallInteger(r.start) && isSmallInteger(r.end))));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout === 'true';
}

test('one range of NaN makes every later range hold boxed doubles (the check can fail)', () => {
  assert.equal(rangesStaySmall(''), true);
  assert.equal(rangesStaySmall('const poisoned = { start: NaN, end: NaN };'), false);
});

test('building the parser, then analysing every construct and every broken fixture, leave ranges as small integers', () => {
  // The fixtures' syntax errors take chevrotain's recovery paths, which insert tokens of their own.
  const setup = `const { analyzeText } = require('./grammar/src/index.ts');
const { readdirSync, readFileSync } = require('node:fs');
analyzeText(${JSON.stringify(EVERY_CONSTRUCT)});
const fixtures = ${JSON.stringify(FIXTURES)};
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.bimetal'))) analyzeText(readFileSync(fixtures + '/' + file, 'utf8'));`;
  assert.equal(rangesStaySmall(setup), true);
  // A node of each kind, parsed afresh: its offsets are fields of the node itself.
  const nodes = `(() => {
  const { parseDocument } = require('./grammar/src/index.ts');
  const ast = parseDocument(${JSON.stringify(EVERY_CONSTRUCT)}).ast;
  const [ligand] = ast.ligands;
  const [recipe] = ast.recipes;
  const [host, dopant, topology, site, ligands, support, distance, charge, energy, note, structure] = recipe.properties;
  const [use] = ligands.uses;
  return [ast, ligand, ligand.name, ligand.smiles, ligand.binds, ligand.logP, ligand.logP.value, recipe, host, host.element,
    host.count, dopant.element, dopant.element.items[0], dopant.count, dopant.count.from, topology.shells, site.value, ligands, use, use.ref, use.times,
    support.supportKind, distance.unit, charge.value, energy.value, note.text, structure.path];
})()`;
  assert.equal(rangesStaySmall(setup, nodes), true);
});
