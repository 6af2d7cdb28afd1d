/**
 * Every `{ start, end }` object in a process shares one V8 hidden class. Once any of them holds a
 * value that is not a small integer (NaN, say), V8 stores `start` and `end` as boxed doubles in all
 * of them from then on: three heap objects per range instead of one, in every AST, diagnostic and
 * record. Building the parser runs its rules once with placeholder tokens whose offsets are NaN,
 * so it must not make a range of them (parser.ts, `rangeFrom`).
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

/** Runs `setup` (CommonJS, TypeScript through tsx) in a fresh process, then answers whether a new range keeps small-integer fields. */
function rangesStaySmall(setup: string): boolean {
  const script = `${setup}
const isSmallInteger = new Function('value', 'return %IsSmi(value)');
const range = { start: 1, end: 2 };
process.stdout.write(String(isSmallInteger(range.start) && isSmallInteger(range.end)));`;
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
});
