/**
 * The command line and the language server turn V8's allocation-site pretenuring off before they
 * allocate (pipeline/src/heapFlags.ts). V8's `--trace-pretenuring-statistics` prints a line at each
 * young-generation collection while pretenuring is on, and nothing once it is off, so the built
 * bundles are started with it and must print none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, ROOT } from '../cli/runCli';

const TRACE = '--trace-pretenuring-statistics';

/** The lines of V8's pretenuring trace in what `node --trace-pretenuring-statistics …args` printed. */
function pretenuringLines(args: string[], input = ''): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [TRACE, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes('pretenuring:'));
  return { status: run.status, lines };
}

test('the trace reports pretenuring in a Node process that keeps what it allocates (the check can fail)', () => {
  const { status, lines } = pretenuringLines(['-e', 'const kept = []; for (let i = 0; i < 2e6; i++) kept.push({ i, pair: [i, i + 1] });']);
  assert.equal(status, 0);
  assert.ok(lines.length > 0, 'no pretenuring trace from plain Node: this check would pass whatever the bundles do');
});

test('bimetal score runs with allocation-site pretenuring off', () => {
  ensureBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-heap-flags-'));
  try {
    const file = path.join(dir, 'sweep.bimetal');
    writeFileSync(file, 'recipe Sweep {\n  host Au 1..60\n  dopant Pt 1..20\n}\n');
    const { status, lines } = pretenuringLines([path.join(ROOT, 'dist', 'cli.js'), 'score', '--format', 'csv', file]);
    assert.equal(status, 0);
    assert.deepEqual(lines, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server runs with allocation-site pretenuring off', () => {
  ensureBuilt();
  // With its input closed at once, the server loads, starts and exits: every collection of its start-up is traced.
  const { lines } = pretenuringLines([path.join(ROOT, 'dist', 'server.js'), '--stdio']);
  assert.deepEqual(lines, []);
});
