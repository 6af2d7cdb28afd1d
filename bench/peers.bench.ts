/**
 * Side by side: `bimetal` against what a computational chemist writes today, a Python script on
 * Debian's python3-rdkit, python3-pymatgen and python3-onnx/numpy (bench/peers/peer_score.py), on
 * the same mixed recipes (bare, ligand-protected, supported, ligands on a support; measured and
 * estimated D). Both compute the descriptors (H_mix, χ_env, D, ΔR, D̃, φ, ligand logP) and apply the
 * same shipped E_form model with its 90 % CV+ interval; the bench first checks that they agree.
 *
 * End to end, each side from a cold start:
 *   - bimetal: a fresh scorer (RDKit wasm and ONNX sessions load) scores the .bimetal text:
 *     parse, expand, ligands, descriptors, features, both models, intervals, domain checks, records;
 *   - peer: `/usr/bin/python3 peer_score.py` from spawn to exit, reading the already-parsed table
 *     (a chemist's starting point: the .bimetal grammar is ours).
 * Steady state, loading excluded: bimetal re-scores the text on a second scorer that was warmed on
 * another document; the peer's own timer around descriptors + model + intervals.
 * Prints each side's recipes/s, wall and per CPU-second (the fairer figure on a shared machine),
 * and the ratio bimetal ÷ peer for both. Bimetal does more per recipe than the peer: it also
 * predicts the site preference (site-v2 with its interval, the dopant being the minority), checks
 * both models' applicability domains and builds records and diagnostics, so the ratio is a lower
 * bound on bimetal's speed for equal work.
 */
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../grammar/src/index';
import { createScorer, DEFAULT_COVERAGE, type ScoredMember } from '../pipeline/src';
import { COMPARED, largestDifferences, peerTable, runPeer, TOLERANCE } from './peers/peerRun';

const HOSTS = '[Au, Ag, Cu]';
/** Pd and Pt make pairs the model was trained on; Hg has no size law of its own (the cohesive-energy fallback). */
const DOPANTS = '[Pd, Pt, Ni, Co, Ru, Rh, Ir, Zn, Fe, Cd, Hg]';

/**
 * Family blocks of 3 hosts × 11 dopants × host counts × dopant counts; each block adds an
 * environment. `topology none` everywhere: D is the recipe's distance or the radius estimate, so
 * neither side needs a template core.
 */
const BLOCKS: { name: string; hostCounts: string; lines: string[] }[] = [
  { name: 'bare', hostCounts: '20..29', lines: [] },
  { name: 'bareMeasured', hostCounts: '30..37', lines: ['distance 2.78'] },
  { name: 'thiolate', hostCounts: '20..29', lines: ['ligands PET x 18'] },
  { name: 'mixedShell', hostCounts: '20..27', lines: ['ligands SCH3 x 12, PPh3 x 4', 'distance 2.82'] },
  { name: 'inlineSmiles', hostCounts: '20..27', lines: ['ligands "C#Cc1ccccc1" x 10, Cl x 2'] },
  { name: 'onCarbon', hostCounts: '10..17', lines: ['support nc'] },
  { name: 'onOxide', hostCounts: '10..17', lines: ['support oxide', 'distance 2.75'] },
  { name: 'ligandsOnZeolite', hostCounts: '10..17', lines: ['support zeolite', 'ligands TBBT x 8'] },
];

const DOPANT_COUNTS = '1..3';

/** The bench's .bimetal document. */
export function peerBenchText(): string {
  return BLOCKS.map(
    (b) =>
      `recipe ${b.name} {\n  host ${HOSTS} ${b.hostCounts}\n  dopant ${DOPANTS} ${DOPANT_COUNTS}\n  topology none\n` +
      b.lines.map((l) => `  ${l}\n`).join('') +
      '}\n',
  ).join('\n');
}

interface Timing {
  seconds: number;
  /** CPU seconds: the fairer figure on a shared, loaded machine. */
  cpuSeconds: number;
}

async function scoreWith(text: string, warm: boolean): Promise<{ members: ScoredMember[] } & Timing> {
  let started = performance.now();
  let cpu = process.cpuUsage();
  const scorer = createScorer({});
  if (warm) {
    await scorer.scoreText('recipe warm {\n  host Au 12\n  dopant Ag 1\n  ligands PET x 6\n}\n', { file: 'warm.bimetal' });
    started = performance.now();
    cpu = process.cpuUsage();
  }
  const scored = await scorer.scoreText(text, { file: 'peers.bimetal' });
  const used = process.cpuUsage(cpu);
  return { members: scored.members, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
const line = (n: number, t: Timing) => `${rate(n, t.seconds)} recipes/s wall (${t.seconds.toFixed(2)} s), ${rate(n, t.cpuSeconds)} per CPU-second (${t.cpuSeconds.toFixed(2)} s)`;
const ratio = (bimetal: Timing, peer: Timing) => `${(peer.seconds / bimetal.seconds).toFixed(2)}× wall, ${(peer.cpuSeconds / bimetal.cpuSeconds).toFixed(2)}× CPU`;

export async function run(): Promise<void> {
  const text = peerBenchText();
  const analysis = analyzeText(text);
  if (analysis.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the bench document has errors: ${analysis.diagnostics[0].message}`);
  const table = peerTable(analysis.members, DEFAULT_COVERAGE);
  const n = analysis.members.length;

  const cold = await scoreWith(text, false);
  const peer = await runPeer(table);
  const warm = await scoreWith(text, true);

  const worst = largestDifferences(cold.members, peer.output);
  const off = COMPARED.filter((k) => !(worst[k] <= TOLERANCE[k]));
  console.log(`${n} recipes (${BLOCKS.map((b) => b.name).join(', ')}); peer on ${Object.entries(peer.output.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`agreement, largest |bimetal − peer|: ${COMPARED.map((k) => `${k} ${worst[k].toExponential(1)}`).join(', ')}`);
  if (off.length > 0) throw new Error(`bimetal and the peer disagree beyond tolerance on ${off.join(', ')}: the throughput ratio would compare different work`);
  console.log(
    `pymatgen differs from the engine's element table (the peer uses the published value): ` +
      (peer.output.overrides.map((o) => `${o.property} ${o.element} ${o.pymatgen ?? 'none'} vs ${o.published}`).join('; ') || 'nowhere'),
  );
  const out = peer.output;
  const peerCold: Timing = { seconds: peer.wallSeconds, cpuSeconds: out.cpuSeconds.total };
  const peerWarm: Timing = { seconds: out.seconds.score, cpuSeconds: out.cpuSeconds.score };
  console.log(`end to end   bimetal: ${line(n, cold)}`);
  console.log(`end to end   peer:    ${line(n, peerCold)}; ${out.seconds.startup.toFixed(2)} s wall of it imports and model files`);
  console.log(`steady state bimetal: ${line(n, warm)}`);
  console.log(`steady state peer:    ${line(n, peerWarm)}`);
  console.log(`ratio bimetal ÷ peer (recipes/s): end to end ${ratio(cold, peerCold)}; steady state ${ratio(warm, peerWarm)}`);
  console.log('(bimetal also predicts the site preference with its interval and checks both models\' domains; the peer does neither)');
}
