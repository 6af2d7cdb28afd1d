import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModelRuntime } from '../../engine/src/inference';

// End-to-end: `training/run_all.py --smoke` rebuilds both models from ../shared/data into a temp dir
// (never over models/), and the TS runtime reproduces the Python predictions stored for parity.
const root = path.resolve(__dirname, '../..');

test('run_all.py --smoke writes loadable models whose ONNX output matches Python', { timeout: 600_000 }, async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'bimetal-train-'));
  try {
    const run = spawnSync('/usr/bin/python3', ['training/run_all.py', '--smoke', '--out', out], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr.slice(-3000));
    assert.match(run.stdout, /run_all: done in \d+ s/);
    const modelDir = path.join(out, 'models');
    for (const name of ['eform-v1', 'site-v1']) {
      const card = JSON.parse(readFileSync(path.join(modelDir, `${name}.card.json`), 'utf8'));
      const conformal = JSON.parse(readFileSync(path.join(modelDir, `${name}.conformal.json`), 'utf8'));
      assert.equal(conformal.residuals.length, card.training.rows);
      assert.equal(conformal.fold.length, card.training.rows);
      const coverage90 = Object.values(card.coverage as Record<string, Record<string, { coverage: number }>>)[0]['0.9'];
      assert.ok(coverage90.coverage > 0 && coverage90.coverage <= 1, 'measured coverage is a fraction');
    }
    assert.ok(existsSync(path.join(out, 'docs', 'models.md')));
    assert.ok(existsSync(path.join(out, 'docs', 'figures', 'eform-parity.png')));

    const runtime = await loadModelRuntime({ modelDir });
    try {
      for (const name of ['eform-v1', 'site-v1']) {
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
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
