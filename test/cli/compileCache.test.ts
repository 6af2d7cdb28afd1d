/**
 * The command line starts from V8's code cache (cli/src/compileCache.ts): the first run of a
 * bundle leaves its compiled bytecode in a file, later runs take it, and whatever is wrong with
 * the file (stale, corrupt, someone else's) costs only the cache, never the run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { buildSync } from 'esbuild';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CACHE_VARIABLE, compileCacheFolder } from '../../cli/src/compileCache';
import { SUBCOMMANDS } from '../../cli/src/subcommands';
import { CLI, ensureBuilt, ROOT } from './runCli';

let work: string;
/** compileCache.ts built as the launcher is: tsx turns on source maps, with which the cache steps aside. */
let compiled: string;
before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-compile-cache-test-'));
  compiled = path.join(work, 'compileCache.js');
  buildSync({ entryPoints: [path.join(ROOT, 'cli', 'src', 'compileCache.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: compiled, logLevel: 'warning' });
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A bundle that requires a module and reports its greeting, its own file names and its export. */
const bundleText = (greeting: string) =>
  `const path = require('node:path');\nmodule.exports.ran = true;\nconsole.log(JSON.stringify({ greeting: ${JSON.stringify(greeting)}, dirname: path.basename(__dirname), filename: path.basename(__filename), exported: module.exports.ran }));\n`;

/** Compiles `file` with the cache folder (or none), runs it, saves the cache, in a fresh process as `dist/cli.js` does. */
function runBundle(file: string, folder: string | undefined, options: { variant?: string; nodeOptions?: string[] } = {}): { cacheUse: string; output: unknown } {
  const script = `
    const { compileBundle } = require(${JSON.stringify(compiled)});
    const bundle = compileBundle(${JSON.stringify(file)}, ${JSON.stringify(folder)}, ${JSON.stringify(options.variant ?? 'score')});
    bundle.run();
    bundle.saveCache();
    console.log(bundle.cacheUse);`;
  const child = spawnSync(process.execPath, [...(options.nodeOptions ?? []), '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const [output, cacheUse] = child.stdout.trim().split('\n');
  return { cacheUse, output: JSON.parse(output) };
}

const cacheFiles = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.v8cache')).sort();
const expected = (greeting: string, dirname: string) => ({ greeting, dirname, filename: 'tool.js', exported: true });

/** A bundle `tool.js` in a folder of its own under the test's work folder. */
function bundleIn(name: string, greeting: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  const file = path.join(dir, 'tool.js');
  writeFileSync(file, bundleText(greeting));
  return file;
}

test('a bundle runs as a CommonJS module whether its cache is absent, taken, stale, damaged, refused or off', () => {
  const file = bundleIn('bundle', 'hello');
  const folder = path.join(work, 'cache');

  assert.deepEqual(runBundle(file, folder), { cacheUse: 'absent', output: expected('hello', 'bundle') });
  const [first] = cacheFiles(folder);
  assert.match(first, /^tool-score-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
  assert.equal(statSync(folder).mode & 0o777, 0o700, 'a folder of its own: cached bytecode runs as this user');
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'accepted', output: expected('hello', 'bundle') });

  // Text of the same length: V8 checks only the length, the file name holds a hash of the text.
  writeFileSync(file, bundleText('howdy'));
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'absent', output: expected('howdy', 'bundle') });
  assert.equal(cacheFiles(folder).length, 1, 'the cache of the old text is gone');
  assert.notEqual(cacheFiles(folder)[0], first);

  // V8 checks a cache's header only: a damaged body crashed the process before the file's own hash was checked.
  const cacheFile = path.join(folder, cacheFiles(folder)[0]);
  const damage = (from: number, to: number, rehash: boolean) => {
    const bytes = readFileSync(cacheFile);
    bytes.fill(7, from, to);
    if (rehash) createHash('sha256').update(bytes.subarray(32)).digest().copy(bytes, 0);
    writeFileSync(cacheFile, bytes);
  };
  const body = readFileSync(cacheFile).length - 200;
  damage(body, body + 100, false);
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'absent', output: expected('howdy', 'bundle') });
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'accepted', output: expected('howdy', 'bundle') }, 'a damaged cache is written anew');
  damage(32 + 8, 32 + 24, true);
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'rejected', output: expected('howdy', 'bundle') }, 'a header V8 refuses');
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'accepted', output: expected('howdy', 'bundle') }, 'a refused cache is written anew');

  assert.deepEqual(runBundle(file, undefined), { cacheUse: 'disabled', output: expected('howdy', 'bundle') });
  // Node maps no stack trace of code compiled through node:vm: with source maps asked for, the bundle is required.
  assert.deepEqual(runBundle(file, folder, { nodeOptions: ['--enable-source-maps'] }), { cacheUse: 'disabled', output: expected('howdy', 'bundle') });
});

test('each subcommand, install and set of Node flags keeps a cache of its own', () => {
  const file = bundleIn('variants', 'hi');
  const other = bundleIn('other-install', 'hi');
  const folder = path.join(work, 'variant-cache');
  assert.equal(runBundle(file, folder).cacheUse, 'absent');
  assert.equal(runBundle(file, folder, { variant: 'check' }).cacheUse, 'absent');
  assert.equal(runBundle(other, folder).cacheUse, 'absent');
  assert.equal(runBundle(file, folder, { nodeOptions: ['--max-old-space-size=512'] }).cacheUse, 'absent');
  assert.equal(cacheFiles(folder).length, 4);
  for (const [bundle, variant] of [[file, 'score'], [file, 'check'], [other, 'score']]) {
    assert.equal(runBundle(bundle, folder, { variant }).cacheUse, 'accepted', `${bundle} ${variant}`);
  }
  assert.equal(runBundle(file, folder, { nodeOptions: ['--max-old-space-size=512'] }).cacheUse, 'accepted');
});

test('a cache in a folder others may write to is neither read nor written', () => {
  const file = bundleIn('shared', 'shared');
  const folder = path.join(work, 'open-cache');
  assert.equal(runBundle(file, folder).cacheUse, 'absent');
  const [cache] = cacheFiles(folder);
  const written = statSync(path.join(folder, cache)).mtimeMs;
  chmodSync(folder, 0o777);
  assert.equal(runBundle(file, folder).cacheUse, 'absent', 'not read from a world-writable folder');
  assert.equal(statSync(path.join(folder, cache)).mtimeMs, written, 'nor written there');
  chmodSync(folder, 0o700);
  chmodSync(path.join(folder, cache), 0o666);
  assert.equal(runBundle(file, folder).cacheUse, 'absent', 'nor read from a world-writable file');
});

test(`the cache folder is ${CACHE_VARIABLE} (made absolute), one of the user's own in the temporary folder by default, or none when it says off`, () => {
  assert.equal(compileCacheFolder({ [CACHE_VARIABLE]: '/some/where' }), '/some/where');
  assert.equal(compileCacheFolder({ [CACHE_VARIABLE]: 'relative/cache' }), path.resolve('relative/cache'));
  assert.equal(compileCacheFolder({ [CACHE_VARIABLE]: 'off' }), undefined);
  // Any case: `OFF` made a folder of that name in a job's working directory.
  assert.equal(compileCacheFolder({ [CACHE_VARIABLE]: 'OFF' }), undefined);
  assert.equal(compileCacheFolder({ [CACHE_VARIABLE]: 'Off' }), undefined);
  const byDefault = compileCacheFolder({})!;
  assert.equal(path.dirname(byDefault), path.resolve(tmpdir()));
  assert.ok(byDefault.endsWith(`-${process.getuid!()}`), byDefault);
});

test('`bimetal score` leaves its code cache on the first run and takes it on the next, with the same output; off leaves none', () => {
  const folder = path.join(work, 'cli-cache');
  const score = (cache: string) =>
    spawnSync(process.execPath, [CLI, 'score', '--format', 'csv', path.join(ROOT, 'examples', 'gold-nanoclusters.bimetal')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, [CACHE_VARIABLE]: cache },
    });
  const cold = score(folder);
  assert.equal(cold.status, 0, cold.stderr);
  // Code compiled through node:vm has no dynamic import() in Node 20: the models load without one.
  assert.doesNotMatch(cold.stdout, /BM40[12]/);
  assert.match(cold.stdout, /,eform-v2,/);
  const [cache] = cacheFiles(folder);
  assert.match(cache, /^cli-main-score-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
  const written = statSync(path.join(folder, cache));
  const warm = score(folder);
  assert.equal(warm.stdout, cold.stdout);
  assert.equal(warm.stderr, cold.stderr);
  assert.equal(statSync(path.join(folder, cache)).mtimeMs, written.mtimeMs, 'taken, so not written again');

  const off = score('off');
  assert.equal(off.stdout, cold.stdout);
  assert.ok(!existsSync(path.join(ROOT, 'off')), '`off` is no folder name');
});

test('a cache folder whose parent does not exist is not made (a mistyped TMPDIR): the bundle runs without the cache', () => {
  const file = bundleIn('no-parent', 'hello');
  const folder = path.join(work, 'missing-parent', 'cache');
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'absent', output: expected('hello', 'no-parent') });
  assert.ok(!existsSync(path.join(work, 'missing-parent')), 'no folder of the mistyped path was made');
  // In a parent that exists, the folder itself is made, as before.
  const made = path.join(work, 'cache-made');
  runBundle(file, made);
  assert.equal(cacheFiles(made).length, 1);
});

test('a mistyped command leaves no cache of its own: every word but a subcommand shares one', () => {
  const folder = path.join(work, 'typo-cache');
  for (const word of ['zzqx1', 'zzqx2', 'sc0re', '--versoin', '--help']) {
    spawnSync(process.execPath, [CLI, word], { cwd: ROOT, env: { ...process.env, [CACHE_VARIABLE]: folder } });
  }
  const caches = cacheFiles(folder);
  assert.equal(caches.length, 1, caches.join(', '));
  assert.match(caches[0], /^cli-main-other-/);
});

test('the launcher knows every subcommand the command line has, each for a cache of its own', () => {
  const help = spawnSync(process.execPath, [CLI, '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, [CACHE_VARIABLE]: 'off' } });
  const listed = [...help.stdout.slice(help.stdout.indexOf('Commands:')).matchAll(/^ {2}(\w+)/gm)].map((m) => m[1]).filter((name) => name !== 'help');
  assert.deepEqual([...SUBCOMMANDS].sort(), listed.sort());
});
