import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// No training label may be a feature in disguise (issue 8: the bulk label once equalled
// −host_cohesive_energy). The check runs on the real tables, and is shown to catch a planted leak.
const root = path.resolve(__dirname, '../..');

function python(args: string[]) {
  return spawnSync('/usr/bin/python3', args, { cwd: root, encoding: 'utf8' });
}

test('no label of the real training tables is an affine function of a feature', { timeout: 600_000 }, () => {
  const run = python(['training/label_check.py']);
  assert.equal(run.status, 0, run.stdout + run.stderr.slice(-2000));
  assert.match(run.stdout, /label_check: 0 leaks/);
});

test('the check finds a label that is minus a feature, and only that one', () => {
  const script = [
    'import sys; sys.path.insert(0, "training")',
    'import numpy as np, pandas as pd',
    'from label_check import label_leaks',
    'rng = np.random.default_rng(1)',
    'ecoh = rng.uniform(1, 8, 20); other = rng.normal(size=20)',
    'rows = pd.DataFrame({"dataset": ["bulk"] * 20, "target": -ecoh, "host_cohesive_energy": ecoh, "noise": other})',
    'print(label_leaks(rows, ["host_cohesive_energy", "noise"]))',
  ].join('\n');
  const run = python(['-c', script]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), "['bulk: host_cohesive_energy']");
});
