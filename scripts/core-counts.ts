/**
 * How many atoms each structure calls 'core' (siteLabels, engine/src/geometry/neighbours.ts): the
 * built-in templates at every shell count up to --shells, and the relaxed 147-atom icosahedra of
 * canela-np-147 (../shared/data, or $BIMETAL_DATA_DIR; read, never copied), whose ideal Mackay
 * counterpart has 55 interior atoms. Also times parseXyz on an fcc block of 25 × 25 × 20 cells
 * (50,000 atoms), the size of the largest structure files.
 *
 *   npx tsx scripts/core-counts.ts [--shells 6]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATE_TOPOLOGIES, sizeForShells } from '../engine/src/geometry/magicSizes';
import { coreTemplate } from '../engine/src/geometry/templates';
import { parseXyz } from '../engine/src/geometry/xyz';
import type { SiteLabel } from '../engine/src/geometry/types';
import { dataDir } from './gen-common';

export const coreCount = (labels: readonly SiteLabel[]) => labels.filter((l) => l === 'core').length;

/** The core count of each canela-np-147 file under `data`, by `pair/file` name in order. */
export function canelaCoreCounts(data: string): Map<string, number> {
  const canela = path.join(data, 'canela-np-147');
  const counts = new Map<string, number>();
  const pairs = readdirSync(canela, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const pair of pairs.map((entry) => entry.name).sort()) {
    for (const file of readdirSync(path.join(canela, pair)).filter((f) => f.endsWith('.xyz')).sort()) {
      const geometry = parseXyz(readFileSync(path.join(canela, pair, file), 'utf8'));
      if ('error' in geometry) throw new Error(`${pair}/${file}: ${geometry.error}`);
      counts.set(`${pair}/${file}`, coreCount(geometry.labels));
    }
  }
  return counts;
}

/** A gold fcc block (a = 4.08 Å) of nx × ny × nz cubic cells, 4 atoms each, as XYZ text. */
export function fccBlockXyz(nx: number, ny: number, nz: number): string {
  const lines: string[] = [];
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      for (let z = 0; z < nz; z++) {
        for (const [bx, by, bz] of [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]) lines.push(`Au ${4.08 * (x + bx)} ${4.08 * (y + by)} ${4.08 * (z + bz)}`);
      }
    }
  }
  return `${lines.length}\nfcc block\n${lines.join('\n')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const at = process.argv.indexOf('--shells');
  const shells = at === -1 ? 6 : Number(process.argv[at + 1]);
  console.log('template        shells  atoms  core');
  for (const topology of TEMPLATE_TOPOLOGIES) {
    for (let k = 1; k <= shells; k++) {
      const count = coreCount(coreTemplate(topology, k).labels);
      console.log(`${topology.padEnd(15)} ${String(k).padStart(6)} ${String(sizeForShells(topology, k)).padStart(6)} ${String(count).padStart(5)}`);
    }
  }
  console.log('\ncanela-np-147 file                   core');
  for (const [name, count] of canelaCoreCounts(dataDir())) console.log(`${name.padEnd(37)} ${String(count).padStart(5)}`);

  const text = fccBlockXyz(25, 25, 20);
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const block = parseXyz(text);
    const elapsed = performance.now() - started;
    if ('error' in block) throw new Error(block.error);
    console.log(`fcc block of ${block.elements.length} atoms, run ${run}: ${coreCount(block.labels)} core; parseXyz ${elapsed.toFixed(0)} ms (${(process.cpuUsage(cpu).user / 1000).toFixed(0)} ms CPU)`);
  }
}
