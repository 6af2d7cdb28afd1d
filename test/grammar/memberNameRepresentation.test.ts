/**
 * Every expanded member keeps its name (`Sweep[hostCount=124,dopantCount=46]`) for as long as its
 * document is open or its batch runs. V8 keeps a concatenation of 13 characters or more as a tree
 * of the pieces, not as one string: five or so heap objects per name, which were a third of what
 * the 98,600 members of the sweep held (28 MB against 18 MB). Expansion joins each name from its
 * parts instead (families.ts).
 *
 * A flat string and a concatenation tree have different V8 hidden classes, which
 * `%HaveSameMap` compares; it needs `--allow-natives-syntax`, so the check runs in a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** Evaluates `names` (after `setup`; CommonJS, TypeScript through tsx) in a fresh process: how many strings it gives, and how many of them are not flat. */
function flatness(setup: string, names: string): { names: number; unflattened: number } {
  const script = `${setup}
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const flat = ['a flat string of more than 13 characters', String(process.pid)].join('');
const names = ${names};
process.stdout.write(JSON.stringify({ names: names.length, unflattened: names.filter((name) => !sameMap(name, flat)).length }));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { names: number; unflattened: number };
}

test('a name concatenated from its parts is not flat (the check can fail)', () => {
  assert.deepEqual(flatness('', "[1, 2, 3].map((n) => 'Sweep[' + 'hostCount=' + (n + 100) + ',dopantCount=' + n + ']')"), { names: 3, unflattened: 3 });
});

test('expanded members, over counts, element lists and ligand counts, have flat names', () => {
  const family = [
    'recipe Sweep {',
    '  host [Au, Ag] 10..14',
    '  dopant Pt [1, 2]',
    '  ligands PET x [6, 8..9]',
    '}',
  ].join('\n');
  const setup = "const { analyzeText } = require('./grammar/src/index.ts');";
  // 2 hosts × 5 host counts × 2 dopant counts × 3 ligand counts, each name listing all four.
  assert.deepEqual(flatness(setup, `analyzeText(${JSON.stringify(family)}).members.map((m) => m.name)`), { names: 60, unflattened: 0 });
});
