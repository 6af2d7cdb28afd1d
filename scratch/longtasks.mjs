import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const minMs = +(process.argv[3] ?? 100);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const key = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-1)}:${n.callFrame.lineNumber}`;
let t = prof.startTime; const samples = prof.samples.map((s, i) => { t += prof.timeDeltas[i]; return { id: s, t }; });
const isIdle = (s) => byId.get(s.id).callFrame.functionName === '(idle)';
let start = null;
const stretches = [];
for (let i = 0; i < samples.length; i++) {
  if (!isIdle(samples[i])) { if (start === null) start = i; }
  else if (start !== null) { stretches.push([start, i]); start = null; }
}
for (const [a, b] of stretches) {
  const ms = (samples[b].t - samples[a].t) / 1000;
  if (ms < minMs) continue;
  const incl = new Map();
  for (let i = a; i < b; i++) { const seen = new Set(); let id = samples[i].id; while (id !== undefined) { const k = key(byId.get(id)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + 1); } id = parent.get(id); } }
  const n = b - a;
  console.log(`--- ${ms.toFixed(0)} ms at ${((samples[a].t - prof.startTime) / 1000).toFixed(0)}`);
  for (const [k, v] of [...incl].sort((x, y) => y[1] - x[1]).slice(1, 14)) console.log(`   ${(100 * v / n).toFixed(0)}% ${k}`);
}
