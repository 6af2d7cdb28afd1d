import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const target = process.argv[3];
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfT = new Map();
prof.samples.forEach((s, i) => selfT.set(s, (selfT.get(s) ?? 0) + prof.timeDeltas[i]));
const incl = (n) => (selfT.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + incl(byId.get(c)), 0);
const key = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-1)}:${n.callFrame.lineNumber}`;
// aggregate children of all nodes matching target
const agg = new Map(); let tot = 0;
for (const n of prof.nodes) if (key(n).startsWith(target)) { tot += incl(n); for (const c of n.children ?? []) { const cn = byId.get(c); agg.set(key(cn), (agg.get(key(cn)) ?? 0) + incl(cn)); } agg.set('(self)', (agg.get('(self)') ?? 0) + (selfT.get(n.id) ?? 0)); }
console.log(target, (tot/1000).toFixed(0));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log((v / 1000).toFixed(0).padStart(7), k);
