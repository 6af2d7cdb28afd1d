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

// The committed files are an earlier run's, so equality also says that a run writes no date, wall
// time or other state of its own into them, and that a rerun on the same data is the same.
test('run_all.py (full, fresh cache) writes models/ and docs/models.md byte for byte as committed', () => {
  const files = written(full);
  assert.ok(files.has(path.join('docs', 'models.md')) && files.has(path.join('models', 'eform-v2.onnx')));
  // run_all.py warns on stderr when the installed packages are not the pinned ones: the likely cause of a difference.
  const warning = fullRun.stderr.split('\n').filter((l) => l.startsWith('run_all: warning')).join('\n');
  const differing = [...files].filter(([file, bytes]) => {
    const committed = path.join(root, file);
    return !existsSync(committed) || !bytes.equals(readFileSync(committed));
  }).map(([file]) => file);
  assert.deepEqual(differing, [],
    `the repository's ${differing.join(', ')} differ from what training writes now. If the change is meant, rerun ` +
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
