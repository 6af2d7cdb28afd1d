import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EFORM_MODEL, loadModelRuntime, SITE_MODEL } from '../../engine/src/inference';

/**
 * The shipped ONNX models, run in onnxruntime-web, reproduce the Python predictions stored in
 * `models/NAME.parity.json` (models/FORMAT.md) to 1e-4 (relative for values above 1).
 * Both models are shipped: a missing model or parity file fails this test.
 */
const MODELS_DIR = path.join(__dirname, '..', '..', 'models');
const TOLERANCE = 1e-4;

interface ParityFile {
  features: number[][];
  point: number[];
  folds: number[][];
}

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
}

for (const name of [EFORM_MODEL, SITE_MODEL]) {
  const parityPath = path.join(MODELS_DIR, `${name}.parity.json`);
  test(`${name}: onnxruntime-web matches the Python predictions in ${name}.parity.json`, async (t) => {
    const parity = JSON.parse(readFileSync(parityPath, 'utf8')) as ParityFile;
    assert.ok(parity.features.length > 0, 'the parity sample is empty');
    const runtime = await loadModelRuntime({ modelDir: MODELS_DIR });
    try {
      const out = await runtime.evaluate(
        name,
        parity.features.map((row) => Float32Array.from(row)),
      );
      let worst = 0;
      parity.point.forEach((expected, r) => {
        worst = Math.max(worst, Math.abs(out.point[r] - expected));
        assert.ok(close(out.point[r], expected), `row ${r}: point ${out.point[r]} vs Python ${expected}`);
        parity.folds[r].forEach((fe, k) => {
          const actual = out.folds[r * out.foldCount + k];
          worst = Math.max(worst, Math.abs(actual - fe));
          assert.ok(close(actual, fe), `row ${r}, fold ${k}: ${actual} vs Python ${fe}`);
        });
      });
      t.diagnostic(`${name}: ${parity.point.length} rows, largest absolute difference ${worst.toExponential(2)}`);
    } finally {
      await runtime.release();
    }
  });
}
