/**
 * Issue 12's input-size figures:
 *   - analysis CPU time of 1 MB and 4 MB of recipes (parse, validate, expand) and their ratio
 *     (linear: 4);
 *   - `bimetal check` on 2 MB and 20 MB of garbage, end to end (goal: 20 MB within 10 s, at most
 *     1,000 diagnostics and a summary);
 *   - parseXyz's CPU time on structure files: an fcc block of 50,000 atoms, the size of the largest,
 *     and a dense clump of 19,652 atoms inside a sparse shell of 3,000 atoms 10⁴ Å across (10.6 s
 *     when a grid of cells sized from the whole box held the clump in a few cells), and a cluster of
 *     19,652 atoms with a second of 13,500 atoms 10⁵ Å away and 3,000 atoms on a sphere 6·10⁴ Å
 *     across, which make D 61 Å (3.6 s when the stray search listed the second structure's atoms
 *     within 2·D to each of its atoms). Goal: no more per atom than the block.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../grammar/src/index';
import { parseXyz } from '../engine/src/geometry/xyz';
import { garbage, recipes } from '../test/helpers/bigInputs';
import { clumpInShellAtoms, fccBlockAtoms, fibonacciSphere, xyzText, type Atom } from '../test/helpers/coreXyz';
import { fccBlockXyz } from '../scripts/core-counts';

function cpuMs(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

export function structureFiles(): void {
  const twoStructures = [
    ...fccBlockAtoms(17),
    ...fccBlockAtoms(15).map(([element, x, y, z]): Atom => [element, x + 1e5, y, z]),
    ...fibonacciSphere(3000, 3e4).map(([x, y, z]): Atom => ['Au', x, y, z]),
  ];
  const files = {
    'an fcc block': fccBlockXyz(25, 25, 20),
    'a clump in a far shell': xyzText(clumpInShellAtoms(17, 3000)),
    'two structures and a far shell': xyzText(twoStructures),
  };
  for (const [name, text] of Object.entries(files)) {
    let atoms = 0;
    const ms = cpuMs(() => {
      const structure = parseXyz(text);
      if ('error' in structure) throw new Error(`${name}: ${structure.error}`);
      atoms = structure.elements.length;
    });
    console.log(`parseXyz CPU time, ${name} of ${atoms.toLocaleString('en-US')} atoms: ${ms.toFixed(0)} ms (${((1000 * ms) / atoms).toFixed(1)} µs an atom)`);
  }
}

export async function run(): Promise<void> {
  structureFiles();

  const small = cpuMs(() => analyzeText(recipes(1024 * 1024)));
  const large = cpuMs(() => analyzeText(recipes(4 * 1024 * 1024)));
  console.log(`analysis CPU time: 1 MB ${small.toFixed(0)} ms, 4 MB ${large.toFixed(0)} ms, ratio ${(large / small).toFixed(2)} (linear: 4)`);

  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-limits-bench-'));
  try {
    for (const megabytes of [2, 20]) {
      const file = path.join(dir, `garbage-${megabytes}mb.bimetal`);
      const text = garbage(megabytes * 1024 * 1024);
      writeFileSync(file, text);
      // CPU time in process is what a loaded machine cannot inflate; the wall time below includes it.
      console.log(`analysis CPU time, ${megabytes} MB of garbage: ${cpuMs(() => analyzeText(text)).toFixed(0)} ms`);
      const started = performance.now();
      const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'dist', 'cli.js'), 'check', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const wall = performance.now() - started;
      const lines = result.stdout.trim().split('\n');
      console.log(`bimetal check, ${megabytes} MB of garbage: ${(wall / 1000).toFixed(1)} s wall, ${lines.length} lines (last: ${lines[lines.length - 1].replace(/^.*?: /, '').slice(0, 90)}…)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
