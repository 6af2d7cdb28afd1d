/**
 * Issue 12 on the command line: structure files only inside the recipe's folder unless
 * --structure-root allows more, nothing of another file in the output, inputs over 50 MiB refused
 * before reading, devices bounded, and at most 1,000 diagnostics per file plus a summary.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt, ROOT, runCli } from './runCli';

let work: string;
before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-cli-limits-'));
  mkdirSync(path.join(work, 'recipes'));
  writeFileSync(path.join(work, 'data.xyz'), 'SECRET-FIRST-LINE\n');
  writeFileSync(
    path.join(work, 'recipes', 'a.bimetal'),
    'recipe Escape {\n  host Au 1\n  dopant Pt 1\n  structure "../data.xyz"\n}\nrecipe Device {\n  host Au 1\n  dopant Pt 1\n  structure "/dev/zero"\n}\n',
  );
});
after(() => rmSync(work, { recursive: true, force: true }));

const structureLines = (stdout: string) => stdout.split('\n').filter((l) => l.includes('BM310'));

test('structure paths outside the recipe folder are refused, and /dev/zero does not hang', () => {
  const r = runCli(['check', path.join(work, 'recipes', 'a.bimetal')]);
  assert.equal(r.status, 1, r.stderr);
  const lines = structureLines(r.stdout);
  assert.equal(lines.length, 2);
  for (const line of lines) assert.match(line, /is outside the recipe file's folder, so it is not read.*--structure-root/);
  assert.ok(!(r.stdout + r.stderr).includes('SECRET'));
});

test('--structure-root allows another folder; what is read there is described, never quoted', () => {
  const r = runCli(['check', path.join(work, 'recipes', 'a.bimetal'), '--structure-root', work, '--structure-root', '/']);
  const lines = structureLines(r.stdout);
  assert.match(lines[0], /data\.xyz': not an XYZ file: line 1 is not an atom count$/);
  assert.match(lines[1], /\/dev\/zero': it is a system file/);
  assert.ok(!(r.stdout + r.stderr).includes('SECRET'));
});

test('an input over 50 MiB is one clear error with the code the editor gives it (BM120), found before reading it', () => {
  const big = path.join(work, 'big.bimetal');
  writeFileSync(big, '');
  truncateSync(big, 60 * 1024 * 1024);
  const r = runCli(['check', big]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `bimetal: ${big}: BM120 60.0 MiB is over the 50.0 MiB limit for a .bimetal file; split it into several files\n`);
});

test('file sizes and the limit are in the unit the limit is measured in, MiB (2^20 bytes), as docs/cli.md says', () => {
  // 60,000,002 bytes is 60.0 decimal megabytes but 57.2 MiB; the limit is 50 · 2^20 = 52,428,800 bytes.
  const big = path.join(work, 'decimal.bimetal');
  writeFileSync(big, '');
  truncateSync(big, 60_000_002);
  const r = runCli(['score', big]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `bimetal: ${big}: BM120 57.2 MiB is over the 50.0 MiB limit for a .bimetal file; split it into several files\n`);
  const docs = readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
  assert.ok(docs.includes('an input over 50 MiB (52,428,800 bytes) is refused'), 'docs/cli.md states the limit in MiB');
  assert.ok(docs.includes('`big.bimetal: BM120 57.2 MiB is over the 50.0 MiB limit for a .bimetal file; split it into several files`'), 'docs/cli.md quotes the message');
  // One byte over the limit is refused, in bytes: in MiB it rounds to the limit.
  truncateSync(big, 50 * 1024 * 1024 + 1);
  assert.match(runCli(['check', big]).stderr, /: BM120 52,428,801 bytes is over the 50\.0 MiB limit for a \.bimetal file/);
});

test('a CSV table over 50 MiB is refused as the table it is, not as a .bimetal file', () => {
  const big = path.join(work, 'big.csv');
  writeFileSync(big, '');
  truncateSync(big, 60_000_000);
  const r = runCli(['import', big]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `bimetal: ${big}: BM120 57.2 MiB is over the 50.0 MiB limit for a CSV file; split it into several files\n`);
});

test('an input that is missing or a folder is refused with its code (BM123), as one over the limit is with BM120, whatever the output format, exit 2', () => {
  const missing = path.join(work, 'missing.bimetal');
  const folder = path.join(work, 'recipes');
  const refusals = `bimetal: ${missing}: BM123 no such file\nbimetal: ${folder}: BM123 is a directory, not a .bimetal file\n`;
  for (const args of [['check'], ['score', '--format', 'json'], ['score', '--format', 'csv'], ['score', '--format', 'table']]) {
    const r = runCli([...args, missing, folder]);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr, refusals, args.join(' '));
  }
  // The files that can be read are still scored: the JSON array holds their records.
  const readable = runCli(['score', '--format', 'json', missing, path.join(work, 'recipes', 'a.bimetal')]);
  assert.equal(readable.status, 2);
  assert.deepEqual([...new Set(JSON.parse(readable.stdout).map((r: { recipe: string }) => r.recipe))], ['Escape', 'Device']);
  assert.equal(runCli(['import', folder]).stderr, `bimetal: ${folder}: BM123 is a directory, not a CSV file\n`);
});

test('an endless input is cut at the limit', () => {
  const r = runCli(['check', '/dev/zero']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\/dev\/zero: BM120 the input is over the 50\.0 MiB limit/);
});

test('at most 1,000 diagnostics per file, then one summary line', () => {
  const r = runCli(['check', '-'], { input: '@ '.repeat(2500) });
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1001);
  assert.match(lines[1000], /^<stdin>:1:2001: warning BM121 1,500 more diagnostics in this file are not shown \(1,500 errors\)/);
  assert.equal(r.status, 1, 'the exit status still counts every error');
});
