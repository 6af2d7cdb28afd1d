/**
 * `npm run bench` states the machine's speed at its start and its end, so that a run's figures can
 * be read against the hour they came from (bench/machineSpeed.ts). A filter that names no bench
 * runs nothing between the two.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, runTypeScript } from '../helpers/runTypeScript';

test('a bench run prints the machine speed before its first bench and after its last', () => {
  const run = runTypeScript(path.join(repoRoot, 'bench', 'run.ts'), ['no-bench-has-this-name']);
  assert.equal(run.status, 0, run.output);
  const speed = (when: string) => new RegExp(`^machine speed ${when} .*: 50,000,000 steps of an integer loop in JavaScript \\d+ ms, SHA-256 of 64 MB \\d+ ms$`);
  const lines = run.stdout.trim().split('\n');
  assert.match(lines[0], speed('at the start'));
  assert.match(lines[lines.length - 1], speed('at the end'));
  assert.deepEqual(lines.filter((line) => line.startsWith('## ')), [], 'no bench ran');
});
