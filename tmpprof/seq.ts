import { readFileSync } from 'node:fs';
import { sourceNamer } from '../bench/cpuProfile';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const name = sourceNamer('/work/main/dist/cli-main.js');
const byId = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const step = Number(process.argv[3] ?? 20000);
let t = 0; let b = -1; let acc = new Map<string, number>();
const flush = () => { if (b >= 0) { const top = [...acc].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join(' | '); console.log(`${(b * step / 1000).toFixed(0).padStart(5)}ms ${top}`); } acc = new Map(); };
prof.samples.forEach((id: number, i: number) => {
  t += prof.timeDeltas[i];
  const nb = Math.floor(t / step);
  if (nb !== b) { flush(); b = nb; }
  // name by the nearest frame from our sources or the leaf
  let k = id; let label = name(byId.get(id).callFrame);
  for (let d = 0; d < 30 && k !== undefined; d++) { const nm = name(byId.get(k).callFrame); if (/\.ts:\d+$/.test(nm) && !/node_modules/.test(nm)) { label = nm + ' <' + label.split(' ')[0]; break; } k = parent.get(k)!; }
  acc.set(label, (acc.get(label) ?? 0) + prof.timeDeltas[i]);
});
flush();
