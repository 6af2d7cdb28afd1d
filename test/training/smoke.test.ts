import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModelRuntime } from '../../engine/src/inference';

// End to end, into temp dirs (never over models/ or docs/, nor into training/.cache): the full
// `training/run_all.py` from ../shared/data must write exactly the committed models and report, and
// `--smoke` writes models the TS runtime loads and that reproduce the Python predictions stored for parity.
const root = path.resolve(__dirname, '../..');

function train(out: string, cache: string, smoke: boolean) {
  const run = spawnSync('/usr/bin/python3', ['training/run_all.py', ...(smoke ? ['--smoke'] : []), '--out', out], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BIMETAL_TRAINING_CACHE: cache },
  });
  assert.equal(run.status, 0, run.stderr.slice(-3000));
  return run;
}

/** Every file a run wrote under models/ and docs/, by path relative to `out`. */
function written(out: string): Map<string, Buffer> {
  return new Map(['models', 'docs'].flatMap((dir) => readdirSync(path.join(out, dir)).map((f) => [path.join(dir, f), readFileSync(path.join(out, dir, f))] as const)));
}

let cache: string;
let full: string;
let smoke: string;
let fullRun: ReturnType<typeof train>;
let smokeRun: ReturnType<typeof train>;

// The full run goes first, on an empty cache, so the featuriser really runs; the smoke run then reuses its features.
before(() => {
  cache = mkdtempSync(path.join(tmpdir(), 'bimetal-train-cache-'));
  full = mkdtempSync(path.join(tmpdir(), 'bimetal-train-full-'));
  smoke = mkdtempSync(path.join(tmpdir(), 'bimetal-train-smoke-'));
  fullRun = train(full, cache, false);
  smokeRun = train(smoke, cache, true);
}, { timeout: 600_000 });

after(() => {
  for (const dir of [cache, full, smoke]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * A model's version ends in a hash of its files' bytes (2.0.0+61535b46ce97), and another CPU rounds the
 * last digit of a sum or a bounded least-squares weight otherwise (numpy's AVX-512 loops on an AMD EPYC
 * against AVX2: 0.01995771623296083 against …061, a weight held at 0 as ±1.4e-17): the same model, another hash.
 */
const VERSION = /(\d+\.\d+\.\d+)\+[0-9a-f]{12}/g;
const withoutHash = (text: string) => text.replace(VERSION, '$1+<hash>');

/** Whether two numbers differ by more than such rounding: a trillionth relative, beside an absolute 1e-12 for weights at 0. */
const beyondRounding = (a: number, b: number) => Math.abs(a - b) > 1e-12 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;

/** The first place two parsed JSON values differ beyond rounding (strings compared without version hashes), or undefined. */
function jsonDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') return beyondRounding(a, b) ? `${at}: ${a} against ${b}` : undefined;
  if (typeof a === 'string' && typeof b === 'string') return withoutHash(a) === withoutHash(b) ? undefined : `${at}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b ? undefined : `${at}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: an array against an object`;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join('\0') !== keysB.join('\0')) return `${at}: keys ${keysA.join(', ')} against ${keysB.join(', ')}`;
  for (const key of keysA) {
    const found = jsonDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** How a file written now differs from the committed one beyond another CPU's rounding, or undefined. An ONNX graph is judged by what it computes (below). */
function fileDifference(file: string, now: Buffer, committed: Buffer): string | undefined {
  if (file.endsWith('.onnx')) return undefined;
  if (file.endsWith('.json')) return jsonDifference(JSON.parse(now.toString('utf8')), JSON.parse(committed.toString('utf8')), file);
  return withoutHash(now.toString('utf8')) === withoutHash(committed.toString('utf8')) ? undefined : `${file}: the text differs`;
}

// The committed files are an earlier run's, so agreement also says that a run writes no date, wall
// time or other state of its own into them, and that a rerun on the same data is the same model.
test('run_all.py (full, fresh cache) writes models/ and docs/models.md as committed, to the last digits another CPU rounds otherwise', async () => {
  const files = written(full);
  assert.ok(files.has(path.join('docs', 'models.md')) && files.has(path.join('models', 'eform-v2.onnx')));
  // run_all.py warns on stderr when the installed packages are not the pinned ones: the likely cause of a difference.
  const warning = fullRun.stderr.split('\n').filter((l) => l.startsWith('run_all: warning')).join('\n');
  const differences = [...files].flatMap(([file, bytes]) => {
    const committed = path.join(root, file);
    if (!existsSync(committed)) return [`${file}: not committed`];
    const found = fileDifference(file, bytes, readFileSync(committed));
    return found ? [found] : [];
  });
  const retrained = await loadModelRuntime({ modelDir: path.join(full, 'models') });
  const shipped = await loadModelRuntime({ modelDir: path.join(root, 'models') });
  try {
    for (const name of ['eform-v2', 'site-v2']) {
      const parity = JSON.parse(readFileSync(path.join(root, 'models', `${name}.parity.json`), 'utf8'));
      const rows = parity.features.map((r: number[]) => Float32Array.from(r));
      const [now, before] = [await retrained.evaluate(name, rows), await shipped.evaluate(name, rows)];
      // Float32 outputs: a weight of ±1.4e-17 against 0 moves none of them beyond a millionth.
      const moved = now.folds.findIndex((f, i) => Math.abs(f - before.folds[i]) > 1e-6 * Math.max(1, Math.abs(f)));
      if (moved >= 0) differences.push(`models/${name}.onnx: fold output ${moved} is ${now.folds[moved]} against ${before.folds[moved]}`);
    }
  } finally {
    await Promise.all([retrained.release(), shipped.release()]);
  }
  assert.deepEqual(differences, [],
    'the repository\'s models/ or docs/models.md differ from what training writes now. If the change is meant, rerun ' +
    `\`/usr/bin/python3 training/run_all.py\` and commit models/ and docs/models.md.${warning ? `\n${warning}` : ''}`);
});

test('run_all.py --smoke writes loadable models whose ONNX output matches Python, versioned by a hash of what was trained', async () => {
  assert.match(smokeRun.stdout, /run_all: done in \d+ s/);
  // The goals of the science core are printed, each with its measured numbers.
  assert.match(smokeRun.stdout, /goal mixing: held-out-pair MAE \d\.\d{3} < endpoint \d\.\d{3} and BCM \d\.\d{3}: (met|NOT met)/);
  assert.match(smokeRun.stdout, /goal site decided: \d\.\d{2}/);
  const modelDir = path.join(smoke, 'models');
  for (const name of ['eform-v2', 'site-v2']) {
    // The version names what was trained (a hash of it), not the day it was trained on.
    assert.match(JSON.parse(readFileSync(path.join(modelDir, `${name}.card.json`), 'utf8')).version, /^2\.0\.0\+[0-9a-f]{12}$/);
    const conformal = JSON.parse(readFileSync(path.join(modelDir, `${name}.conformal.json`), 'utf8'));
    const declared = Object.values(conformal.groups as Record<string, { n: number }>).reduce((s, g) => s + g.n, 0);
    assert.equal(conformal.residuals.length, declared, 'every calibration point belongs to a declared group');
    assert.equal(conformal.fold.length, conformal.residuals.length);
  }
  const terms = JSON.parse(readFileSync(path.join(modelDir, 'eform-v2.terms.json'), 'utf8'));
  assert.equal(terms.schema, 'bimetal-energy-terms-1');
  assert.ok(Object.keys(terms.sizeLaw.elements).length > 0, 'size laws were fitted');
  assert.ok(existsSync(path.join(smoke, 'docs', 'models.md')));

  const runtime = await loadModelRuntime({ modelDir });
  try {
    for (const name of ['eform-v2', 'site-v2']) {
      const parity = JSON.parse(readFileSync(path.join(modelDir, `${name}.parity.json`), 'utf8'));
      const outputs = await runtime.evaluate(name, parity.features.map((r: number[]) => Float32Array.from(r)));
      parity.point.forEach((p: number, i: number) => assert.ok(Math.abs(outputs.point[i] - p) < 1e-4, `${name} point ${i}`));
      parity.folds.forEach((row: number[], i: number) =>
        row.forEach((f, k) => assert.ok(Math.abs(outputs.folds[i * outputs.foldCount + k] - f) < 1e-4, `${name} fold ${i},${k}`)),
      );
    }
  } finally {
    await runtime.release();
  }
});
