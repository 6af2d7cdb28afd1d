/**
 * `npm run bench` states the machine's speed at its start and its end, so that a run's figures can
 * be read against the hour they came from (bench/machineSpeed.ts). A filter that names no bench
 * runs nothing between the two.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

test('a bench run prints the machine speed before its first bench and after its last', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'run.ts'), 'no-bench-has-this-name'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const speed = (when: string) => new RegExp(`^machine speed ${when} .*: sorting 200,000 numbers in JavaScript (\\d+) ms, SHA-256 of 64 MB (\\d+) ms$`, 'm');
  const lines = run.stdout.trim().split('\n');
  assert.match(lines[0], speed('at the start'));
  assert.match(lines[lines.length - 1], speed('at the end'));
  for (const when of ['at the start', 'at the end']) {
    const [, sortMs, hashMs] = speed(when).exec(run.stdout)!;
    assert.ok(Number(sortMs) > 0 && Number(hashMs) > 0, `${when}: measured times`);
  }
});
