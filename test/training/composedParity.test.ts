import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CalibrationGroup, ComposedGroup } from '../../engine/src/inference/conformal';
import { seededRandom } from '../helpers/random';

// A composed interval (a bimetallic cluster below the pair residuals' sizes) exists twice: training
// measures coverage with conformal.composed_interval, the runtime shows conformal.ts ComposedGroup.
// Both are asked for the same random groups, fold predictions and coverages.
const root = path.resolve(__dirname, '../..');

const SCRIPT = `
import json, sys
import numpy as np
sys.path.insert(0, "training")
from conformal import Group, composed_interval
out = []
for c in json.load(sys.stdin):
    size = [Group(np.array(r), np.arange(len(r)) % 5) for r in c["size"]]
    lower, upper = composed_interval(np.array(c["pred"]), Group(np.array(c["mixing"]), np.array(c["fold"])), size, 1 - c["coverage"])
    out.append([lower if np.isfinite(lower) else None, upper if np.isfinite(upper) else None])
json.dump(out, sys.stdout)
`;

test('training and the runtime give the same composed interval', () => {
  const next = seededRandom(5);
  const K = 5;
  const cases = Array.from({ length: 60 }, (_, t) => {
    const n = 5 + Math.floor(next() * 60);
    const fold = Array.from({ length: n }, () => Math.floor(next() * K));
    const parts = 1 + (t % 2);
    return {
      pred: Array.from({ length: K }, () => next() - 0.5),
      mixing: Array.from({ length: n }, () => next() * 0.2),
      fold,
      size: Array.from({ length: parts }, () => Array.from({ length: 10 + Math.floor(next() * 80) }, () => next())),
      coverage: [0.8, 0.9, 0.95][t % 3],
    };
  });
  const run = spawnSync('/usr/bin/python3', ['-c', SCRIPT], { cwd: root, input: JSON.stringify(cases), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr.slice(-3000));
  const training = JSON.parse(run.stdout) as [number | null, number | null][];
  cases.forEach((c, i) => {
    const mixing = CalibrationGroup.fromResiduals(K, c.mixing, c.fold);
    const size = c.size.map((r) => CalibrationGroup.fromResiduals(K, r, r.map((_, j) => j % K)));
    const { lower, upper } = new ComposedGroup(mixing, size).interval(c.pred, c.coverage);
    const wantLower = training[i][0] ?? -Infinity;
    const wantUpper = training[i][1] ?? Infinity;
    assert.ok(Math.abs(lower - wantLower) < 1e-12 || lower === wantLower, `case ${i}: lower ${lower} vs ${wantLower}`);
    assert.ok(Math.abs(upper - wantUpper) < 1e-12 || upper === wantUpper, `case ${i}: upper ${upper} vs ${wantUpper}`);
  });
  assert.ok(training.some(([l]) => l === null) && training.some(([l]) => l !== null), 'cases both bounded and unbounded');
});
