import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModelRuntime } from '../../engine/src/inference';

// End-to-end: `training/run_all.py --smoke` rebuilds both models from ../shared/data into a temp dir
// (never over models/), and the TS runtime reproduces the Python predictions stored for parity.
const root = path.resolve(__dirname, '../..');

function runSmoke(out: string) {
  const run = spawnSync('/usr/bin/python3', ['training/run_all.py', '--smoke', '--out', out], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr.slice(-3000));
  return run;
}

/** Every file a run wrote under models/ and docs/, by path relative to `out`. */
function written(out: string): Map<string, Buffer> {
  return new Map(['models', 'docs'].flatMap((dir) => readdirSync(path.join(out, dir)).map((f) => [path.join(dir, f), readFileSync(path.join(out, dir, f))] as const)));
}

// Two runs on the same data, the first also checked for what it wrote.
let out: string;
let rerun: string;
let run: ReturnType<typeof runSmoke>;

before(() => {
  out = mkdtempSync(path.join(tmpdir(), 'bimetal-train-'));
  rerun = mkdtempSync(path.join(tmpdir(), 'bimetal-train-again-'));
  run = runSmoke(out);
  runSmoke(rerun);
}, { timeout: 600_000 });

after(() => {
  for (const dir of [out, rerun]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('run_all.py --smoke writes the same files twice: no date, wall time or other state of the run in them', () => {
  const [a, b] = [written(out), written(rerun)];
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [file, bytes] of a) assert.ok(bytes.equals(b.get(file)!), `${file} differs between two runs on the same data`);
  // The version names what was trained (a hash of it), not the day it was trained on.
  for (const name of ['eform-v2', 'site-v2']) {
    assert.match(JSON.parse(a.get(path.join('models', `${name}.card.json`))!.toString()).version, /^2\.0\.0\+[0-9a-f]{12}$/);
  }
});

test('run_all.py --smoke writes loadable models whose ONNX output matches Python', async () => {
  assert.match(run.stdout, /run_all: done in \d+ s/);
  // The goals of the science core are printed, each with its measured numbers.
  assert.match(run.stdout, /goal mixing: held-out-pair MAE \d\.\d{3} < endpoint \d\.\d{3} and BCM \d\.\d{3}: (met|NOT met)/);
  assert.match(run.stdout, /goal site decided: \d\.\d{2}/);
  const modelDir = path.join(out, 'models');
  for (const name of ['eform-v2', 'site-v2']) {
    const conformal = JSON.parse(readFileSync(path.join(modelDir, `${name}.conformal.json`), 'utf8'));
    const declared = Object.values(conformal.groups as Record<string, { n: number }>).reduce((s, g) => s + g.n, 0);
    assert.equal(conformal.residuals.length, declared, 'every calibration point belongs to a declared group');
    assert.equal(conformal.fold.length, conformal.residuals.length);
  }
  const terms = JSON.parse(readFileSync(path.join(modelDir, 'eform-v2.terms.json'), 'utf8'));
  assert.equal(terms.schema, 'bimetal-energy-terms-1');
  assert.ok(Object.keys(terms.sizeLaw.elements).length > 0, 'size laws were fitted');
  assert.ok(existsSync(path.join(out, 'docs', 'models.md')));

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
