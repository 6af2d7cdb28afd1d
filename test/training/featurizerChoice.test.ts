import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

// Training caches features by the input and the code that computed them. A bundle older than the
// sources once still featurised, and its features were cached under the new sources' key, so later
// runs read old features as new ones. training/featurize.py now runs the bundle only while it is
// current, and keys the cache on what it runs: the bundle's bytes, or the sources tsx compiles.
const root = path.resolve(__dirname, '../..');

function python(script: string): string {
  const run = spawnSync('/usr/bin/python3', ['-c', script], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr.slice(-3000));
  return run.stdout;
}

/**
 * In a temp repository root: a bundle whose `help featurize` probe succeeds, built after its inputs,
 * and the sources tsx would compile. Prints the featuriser's command and code digest at each step.
 */
const SCENARIO = `
import json, os, shutil, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, "training")
from featurize import featurizer

root = Path(tempfile.mkdtemp(prefix="bimetal-featurizer-"))
def write(rel, text):
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text)
sources = {"cli/src/launch.ts": "launch", "engine/src/features.ts": "features", "report/src/protocol.ts": "protocol"}
for rel, text in sources.items():
    write(rel, text)
write("package-lock.json", "{}")
old = time.time() - 3600
for rel in sources:
    os.utime(root / rel, (old, old))
for name, output, inputs in (("cli", "dist/cli.js", ["cli/src/launch.ts"]),
                             ("cli-main", "dist/cli-main.js", ["engine/src/features.ts", "report/src/protocol.ts"])):
    write(output, "process.exit(0)")
    write(output + ".map", "{}")
    write(f"dist/meta-{name}.json", json.dumps({"inputs": {i: {} for i in inputs},
                                                 "outputs": {output: {}, output + ".map": {}}}))
write("dist/RDKit_minimal.wasm", "wasm")

def step(label):
    command, code = featurizer(root)
    return {"step": label, "bundle": "dist/cli.js" in " ".join(command), "code": code.hex()}

steps = [step("current bundle")]
write("dist/cli-main.js", "process.exit(0) // rebuilt")
steps.append(step("bundle rebuilt"))
os.utime(root / "engine/src/features.ts", (time.time() + 60, time.time() + 60))
steps.append(step("source newer than the bundle"))
write("report/src/protocol.ts", "protocol changed")
os.utime(root / "report/src/protocol.ts", (time.time() + 60, time.time() + 60))
steps.append(step("report source changed"))
shutil.rmtree(root)
print(json.dumps(steps))
`;

test('featuriser: a bundle older than one of its inputs is not run, and the cache key follows the code that runs', () => {
  const steps = JSON.parse(python(SCENARIO)) as Array<{ step: string; bundle: boolean; code: string }>;
  const [current, rebuilt, stale, report] = steps;
  assert.ok(current.bundle, 'a current bundle is run');
  assert.ok(rebuilt.bundle);
  assert.notEqual(rebuilt.code, current.code, "the bundle's bytes are in the cache key");
  assert.ok(!stale.bundle, 'a bundle with an input newer than it is not run (tsx is)');
  assert.notEqual(stale.code, rebuilt.code, 'features from tsx and from the bundle are cached apart');
  assert.ok(!report.bundle);
  assert.notEqual(report.code, stale.code, 'a change under report/src changes the key');
});

test("featuriser: the sources keyed for tsx are every folder cli/src/featurize.ts imports from", async () => {
  const keyed = JSON.parse(python('import sys, json; sys.path.insert(0, "training"); from featurize import TSX_SOURCES; print(json.dumps(TSX_SOURCES))')) as string[];
  const graph = await build({
    entryPoints: ['cli/src/featurize.ts'],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: 'featurize.js',
  });
  const imported = new Set(
    Object.keys(graph.metafile.inputs).filter((f) => !f.startsWith('node_modules/')).map((f) => f.split('/').slice(0, 2).join('/')),
  );
  assert.deepEqual([...imported].filter((folder) => !keyed.includes(folder)), [], 'folders the featuriser imports but the cache key leaves out');
});
