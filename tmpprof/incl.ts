import { readFileSync } from 'node:fs';
import { sourceNamer } from '../bench/cpuProfile';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const name = sourceNamer('/work/main/dist/cli-main.js');
const byId = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map<string, number>();
let total = 0;
prof.samples.forEach((id: number, i: number) => {
  const dt = prof.timeDeltas[i]; total += dt;
  const seen = new Set<string>();
  for (let k: number | undefined = id; k !== undefined; k = parent.get(k)) {
    const nm = name(byId.get(k).callFrame).replace(/:\d+$/, '');
    if (seen.has(nm)) continue; seen.add(nm);
    incl.set(nm, (incl.get(nm) ?? 0) + dt);
  }
});
const pat = new RegExp(process.argv[3] ?? '.');
for (const [k, v] of [...incl].filter(([k]) => pat.test(k)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 50))) console.log((v / 1000).toFixed(0).padStart(6), 'ms', (100 * v / total).toFixed(1).padStart(5), '%', k);
