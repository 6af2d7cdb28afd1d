import { readFileSync } from 'node:fs';
import { sourceNamer } from '../bench/cpuProfile';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const name = sourceNamer('/work/main/dist/cli-main.js');
const byId = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
const self = new Map<number, number>();
prof.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + prof.timeDeltas[i]));
const byFile = new Map<string, number>();
let total = 0;
for (const [id, t] of self) {
  const n = name(byId.get(id).callFrame);
  const m = n.match(/ ([^ ]+):\d+$/);
  const key = m ? m[1] : n.startsWith('(') ? n : 'other:' + n.split(' ')[0];
  byFile.set(key, (byFile.get(key) ?? 0) + t); total += t;
}
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log((v / 1000).toFixed(0).padStart(6), 'ms', (100 * v / total).toFixed(1).padStart(5), '%', k);
