import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The shipped models are what training writes with the versions pinned in requirements.txt; run_all.py
// warns when the installed ones differ (training/versions.py), reading the pins from that one file.
const root = path.resolve(__dirname, '../..');

test('the version check names each pinned package installed in another version or not at all, and no other', () => {
  const script = [
    'import sys, tempfile; sys.path.insert(0, "training")',
    'from pathlib import Path',
    'from versions import installed, mismatches',
    'pandas = installed(["pandas"])["pandas"]',
    'pins = Path(tempfile.mkdtemp()) / "requirements.txt"',
    'pins.write_text(f"# a comment\\npandas=={pandas}\\nnumpy==0.0.1  # wrong\\n\\nno-such-package==1.0\\n")',
    'print(installed(["numpy"])["numpy"])',
    'print("\\n".join(mismatches(pins)))',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-c', script], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const [numpy, ...lines] = run.stdout.trim().split('\n');
  assert.deepEqual(lines, [`numpy ${numpy} (pinned 0.0.1)`, 'no-such-package not installed (pinned 1.0)']);
});
