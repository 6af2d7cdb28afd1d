/**
 * The extension-host suite (test/extension-host/suites, Mocha inside VS Code's extension host) in
 * VS Code for the Web: the `browser` entry and the Web Worker server, in Debian's Chromium, offline
 * (runWeb.ts). Part of `npm test`; `npm run test:web` runs the same with the report on the console.
 * Prerequisites come from `bash scripts/setup.sh`; when they are missing the test fails and says so.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runWebSuite } from './runWeb';
import { ensureBuilt } from '../cli/runCli';

before(() => {
  ensureBuilt();
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.mjs')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(build.status, 0, `building the extension-host suite failed:\n${build.stderr}`);
});

test('the extension-host suite passes in VS Code for the Web', { timeout: 600_000 }, async () => {
  const run = await runWebSuite({ timeoutMs: 540_000 });
  const report = run.output.filter((line) => !/ENOPRO|Unable to read file|Ignoring fetching|Creation of workbench contribution/.test(line));
  assert.equal(run.code, 0, `the suite failed (exit ${run.code}) after ${(run.durationMs / 1000).toFixed(0)} s:\n${report.slice(-150).join('\n')}`);
  assert.match(run.output.join('\n'), /\d+ passing/, 'Mocha reported no tests');
  assert.doesNotMatch(run.output.join('\n'), /\d+ pending/, 'tests were skipped');
});
