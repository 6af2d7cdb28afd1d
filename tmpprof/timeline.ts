import { readFileSync } from 'node:fs';
import { sourceNamer } from '../bench/cpuProfile';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const name = sourceNamer('/work/main/dist/cli-main.js');
const byId = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
const pat = new RegExp(process.argv[3]);
let t = 0; const bins = new Map<number, number>(); const binAll = new Map<number, number>();
prof.samples.forEach((id: number, i: number) => {
  t += prof.timeDeltas[i];
  const b = Math.floor(t / 200000);
  binAll.set(b, (binAll.get(b) ?? 0) + prof.timeDeltas[i]);
  if (pat.test(name(byId.get(id).callFrame))) bins.set(b, (bins.get(b) ?? 0) + prof.timeDeltas[i]);
});
for (const [b, all] of binAll) console.log(`${(b * 0.2).toFixed(1)}s  ${((bins.get(b) ?? 0) / 1000).toFixed(0)} ms of ${(all / 1000).toFixed(0)}`);
