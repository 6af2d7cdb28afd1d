/**
 * The command line starts from V8's code cache (cli/src/compileCache.ts): the first run of a
 * bundle leaves its compiled bytecode in a file, later runs take it, and whatever is wrong with
 * the file (stale, corrupt, someone else's) costs only the cache, never the run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CACHE_VARIABLE, compileCacheFolder } from '../../cli/src/compileCache';
import { CLI, ensureBuilt, ROOT } from './runCli';

let work: string;
before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-compile-cache-test-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A bundle that requires a module and reports its greeting, its own file names and its export. */
const bundleText = (greeting: string) =>
  `const path = require('node:path');\nmodule.exports.ran = true;\nconsole.log(JSON.stringify({ greeting: ${JSON.stringify(greeting)}, dirname: path.basename(__dirname), filename: path.basename(__filename), exported: module.exports.ran }));\n`;

/** Compiles `file` with the cache folder (or none), runs it, saves the cache, in a fresh process as `dist/cli.js` does. */
function runBundle(file: string, folder: string | undefined): { cacheUse: string; output: unknown } {
  const script = `
    const { compileBundle } = require(${JSON.stringify(path.join(ROOT, 'cli', 'src', 'compileCache.ts'))});
    const bundle = compileBundle(${JSON.stringify(file)}, ${JSON.stringify(folder)});
    bundle.run();
    bundle.saveCache();
    console.log(bundle.cacheUse);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const [output, cacheUse] = child.stdout.trim().split('\n');
  return { cacheUse, output: JSON.parse(output) };
}

const cacheFiles = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.v8cache'));

test('a bundle runs as a CommonJS module whether its cache is absent, taken, stale, corrupt or off', () => {
  const dir = path.join(work, 'bundle');
  mkdirSync(dir);
  const file = path.join(dir, 'tool.js');
  const folder = path.join(work, 'cache');
  const expected = (greeting: string) => ({ greeting, dirname: 'bundle', filename: 'tool.js', exported: true });

  writeFileSync(file, bundleText('hello'));
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'absent', output: expected('hello') });
  const [first] = cacheFiles(folder);
  assert.match(first, /^tool-[0-9a-f]{32}\.v8cache$/);
  assert.equal(statSync(folder).mode & 0o777, 0o700, 'a folder of its own: cached bytecode runs as this user');
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'accepted', output: expected('hello') });

  // Text of the same length: V8 checks only the length, the file name holds a hash of the text.
  writeFileSync(file, bundleText('howdy'));
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'absent', output: expected('howdy') });
  assert.deepEqual(cacheFiles(folder).length, 1, 'the stale cache of the old text is gone');
  assert.notEqual(cacheFiles(folder)[0], first);

  const [current] = cacheFiles(folder);
  const data = readFileSync(path.join(folder, current));
  data.fill(7, 16, 64);
  writeFileSync(path.join(folder, current), data);
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'rejected', output: expected('howdy') });
  assert.deepEqual(runBundle(file, folder), { cacheUse: 'accepted', output: expected('howdy') }, 'a rejected cache is written anew');

  assert.deepEqual(runBundle(file, undefined), { cacheUse: 'disabled', output: expected('howdy') });
});

test("a cache in a folder others may write to is neither read nor written", () => {
  const dir = path.join(work, 'shared');
  mkdirSync(dir);
  const file = path.join(dir, 'tool.js');
  writeFileSync(file, bundleText('shared'));
  const folder = path.join(work, 'open-cache');
  assert.equal(runBundle(file, folder).cacheUse, 'absent');
  chmodSync(folder, 0o777);
  assert.equal(runBundle(file, folder).cacheUse, 'absent', 'not read from a world-writable folder');
  chmodSync(folder, 0o700);
  const [cache] = cacheFiles(folder);
  chmodSync(path.join(folder, cache), 0o666);
  assert.equal(runBundle(file, folder).cacheUse, 'absent', 'nor from a world-writable file');
});

test(`the cache folder is ${CACHE_VARIABLE}, one of the user's own in the temporary folder by default, or none when it says off`, () => {
  assert.equal(compileCacheFolder({ [CACHE_VARIABLE]: '/some/where' }), '/some/where');
  assert.equal(compileCacheFolder({ [CACHE_VARIABLE]: 'off' }), undefined);
  assert.equal(compileCacheFolder({}), path.join(tmpdir(), `bimetal-compile-cache-${process.getuid?.() ?? 'user'}`));
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
  assert.match(cache, /^cli-main-[0-9a-f]{32}\.v8cache$/);
  const written = statSync(path.join(folder, cache));
  const warm = score(folder);
  assert.equal(warm.stdout, cold.stdout);
  assert.equal(warm.stderr, cold.stderr);
  assert.equal(statSync(path.join(folder, cache)).mtimeMs, written.mtimeMs, 'taken, so not written again');

  const off = score('off');
  assert.equal(off.stdout, cold.stdout);
  assert.ok(!existsSync(path.join(ROOT, 'off')), '`off` is no folder name');
});
