/**
 * The Node language server predicts in a worker thread (issue 10: the initialize handler once
 * dropped `inference: 'worker'`, and no test noticed). Node's `--cpu-prof` writes one profile per
 * thread, so the threads that ran are visible from outside: the server must have run the inference
 * worker's bundle on a thread of its own, and still answer with predictions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { parseCursors, startWithTestModels } from './lspHarness';

interface CpuProfile {
  nodes: { callFrame: { url: string } }[];
}

/** The bundles (file names) whose code each thread's profile shows, one set per thread. */
function bundlesPerThread(dir: string): Set<string>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => {
      const profile = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CpuProfile;
      return new Set(profile.nodes.map((n) => path.basename(n.callFrame.url)).filter((name) => name.endsWith('.js')));
    });
}

test('the stdio server runs inference in a worker thread, not on the thread that answers requests', async () => {
  const profiles = mkdtempSync(path.join(tmpdir(), 'bimetal-thread-profiles-'));
  try {
    // A fine sampling interval, so even the short-lived worker of the tiny test models is sampled.
    const server = await startWithTestModels({ nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--cpu-prof-interval=100'] });
    const { text, cursors } = parseCursors('recipe <|>Au12Pd {\n  host     Au 12\n  dopant   Pd 1\n  topology icosahedron\n}\n');
    const uri = 'file:///workspace/worker.bimetal';
    try {
      await server.open(uri, text);
      await server.waitFor(uri, 1, 'scored');
      const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: cursors[0] });
      assert.match((hover.contents as { value: string }).value, /E_form/);
      assert.doesNotMatch((hover.contents as { value: string }).value, /no prediction/);
    } finally {
      await server.stop(); // profiles are written as each thread exits
    }
    const threads = bundlesPerThread(profiles);
    const main = threads.filter((t) => t.has('server.js'));
    const workers = threads.filter((t) => t.has('inference-worker.js'));
    assert.equal(main.length, 1, 'one main thread running the server bundle');
    assert.equal(workers.length, 1, 'one thread running the inference worker bundle: without it, inference ran in-process');
    assert.ok(!workers[0].has('server.js'), 'the inference worker is a thread of its own');
  } finally {
    rmSync(profiles, { recursive: true, force: true });
  }
});
