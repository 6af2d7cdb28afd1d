/**
 * Side by side: `bimetal` against what a computational chemist writes today, a Python script on
 * Debian's python3-rdkit, python3-pymatgen and python3-onnx/numpy (bench/peers/peer_score.py), on
 * the same mixed recipes (bare, ligand-protected, supported, ligands on a support; measured and
 * estimated D). Both compute the descriptors (H_mix, χ_env, D, ΔR, D̃, φ, ligand logP) and apply the
 * same shipped E_form model with its 90 % CV+ interval; the bench first checks that they agree.
 *
 * End to end, each side from a cold start, as a chemist runs it:
 *   - bimetal: the shipped command line, `bimetal score --format csv` (dist/cli.js) in a fresh
 *     process, output to a file: parse, expand, ligands (RDKit), descriptors, features, both models,
 *     intervals, domain checks, records;
 *   - peer: `/usr/bin/python3 peer_score.py` from spawn to exit, reading the already-parsed table
 *     (a chemist's starting point: the .bimetal grammar is ours).
 * Steady state, start-up excluded: for bimetal, the same run less a run of one recipe per block (the
 * same start: bundle, RDKit, models); for the peer, its own timer around descriptors + model +
 * intervals. Bimetal's numbers are checked against the peer's on an in-process scorer (full
 * precision), and the command line's records against that scorer's, so the program timed is the
 * one compared.
 * Prints each side's recipes/s, wall and per CPU-second (the fairer figure on a shared machine),
 * and the ratio bimetal ÷ peer for both. Bimetal does more per recipe than the peer: it also
 * predicts the site preference (site-v2 with its interval, the dopant being the minority), checks
 * both models' applicability domains and builds records and diagnostics, so the ratio is a lower
 * bound on bimetal's speed for equal work.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { analyzeText } from '../grammar/src/index';
import { createScorer, DEFAULT_COVERAGE, type ScoredMember } from '../pipeline/src';
import { scoreWithCli, type CliRun } from './cliRun';
import { COMPARED, largestDifferences, peerTable, runPeer, TOLERANCE } from './peers/peerRun';
import { median } from './stats';

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

/** A .bimetal document of the blocks, with `hosts`, `dopants`, each block's host counts (`counts`) and `dopantCounts`. */
function blocksText(hosts: string, dopants: string, counts: (block: (typeof BLOCKS)[number]) => string, dopantCounts: string): string {
  return BLOCKS.map(
    (b) =>
      `recipe ${b.name} {\n  host ${hosts} ${counts(b)}\n  dopant ${dopants} ${dopantCounts}\n  topology none\n` +
      b.lines.map((l) => `  ${l}\n`).join('') +
      '}\n',
  ).join('\n');
}

/** The bench's .bimetal document. */
export function peerBenchText(): string {
  return blocksText(HOSTS, DOPANTS, (b) => b.hostCounts, DOPANT_COUNTS);
}

/**
 * One member of each block: the command line's start on this kind of document (the bundle, RDKit
 * for the ligands, both models) and next to no scoring, so that the bench's document minus it is
 * the scoring itself.
 */
function startUpText(): string {
  return blocksText('Au', 'Pd', (b) => b.hostCounts.split('..')[0], '1');
}

interface Timing {
  seconds: number;
  /** CPU seconds: the fairer figure on a shared machine. */
  cpuSeconds: number;
}

/** Command-line runs of each document, alternating; the medians of three after a first run that writes the code cache. */
const CLI_RUNS = 3;

/**
 * The shipped command line, `bimetal score --format csv` (the table a chemist reads), on the
 * bench's document and on startUpText's, in fresh processes as a chemist runs it.
 */
function timeCommandLine(text: string): { document: Timing; startUp: Timing; rows: Record<string, string>[]; startUpMembers: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-peers-'));
  try {
    const documentFile = path.join(dir, 'peers.bimetal');
    const startUpFile = path.join(dir, 'start-up.bimetal');
    writeFileSync(documentFile, text);
    writeFileSync(startUpFile, startUpText());
    scoreWithCli('csv', startUpFile, dir);
    const documents: CliRun[] = [];
    const startUps: CliRun[] = [];
    for (let run = 0; run < CLI_RUNS; run++) {
      startUps.push(scoreWithCli('csv', startUpFile, dir));
      documents.push(scoreWithCli('csv', documentFile, dir));
    }
    const rows = parse(documents[CLI_RUNS - 1].stdout(), { columns: true }) as Record<string, string>[];
    const timing = (runs: CliRun[]): Timing => ({ seconds: median(runs.map((r) => r.seconds)), cpuSeconds: median(runs.map((r) => r.cpuSeconds)) });
    return { document: timing(documents), startUp: timing(startUps), rows, startUpMembers: analyzeText(startUpText()).members.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The command line's rows against the in-process scorer's members, which the agreement with the
 * peer is checked on: the same recipes in the same order, E_form and its interval equal to the six
 * significant digits a record keeps. So the program timed is the one whose numbers were compared.
 */
function checkSameWork(rows: readonly Record<string, string>[], members: readonly ScoredMember[]): void {
  if (rows.length !== members.length) throw new Error(`bimetal score wrote ${rows.length} rows for ${members.length} recipes`);
  // An unbounded end is ±Infinity in memory and an empty cell in the CSV.
  const sixDigits = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? Number(x.toPrecision(6)) : undefined);
  const cell = (text: string) => (text === '' ? undefined : Number(text));
  rows.forEach((row, i) => {
    const expected = members[i].record;
    for (const key of ['eForm', 'lower', 'upper'] as const) {
      if (row.recipe !== expected.recipe || sixDigits(cell(row[`prediction.${key} (eV/atom)`])) !== sixDigits(expected.prediction?.[key])) {
        throw new Error(`bimetal score's row ${i} (${row.recipe}) differs from the scorer's (${expected.recipe}) in ${key}: the command line and the agreement would be different work`);
      }
    }
  });
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

  // Full precision for the agreement: records keep six significant digits.
  const scored = await createScorer({}).scoreText(text, { file: 'peers.bimetal' });
  const peer = await runPeer(table);
  const bimetal = timeCommandLine(text);
  checkSameWork(bimetal.rows, scored.members);

  const worst = largestDifferences(scored.members, peer.output);
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
  // The document's run less the start-up document's: what scoring the other members took.
  const scoring: Timing = { seconds: bimetal.document.seconds - bimetal.startUp.seconds, cpuSeconds: bimetal.document.cpuSeconds - bimetal.startUp.cpuSeconds };
  const scoredMembers = n - bimetal.startUpMembers;
  console.log(`end to end   bimetal: ${line(n, bimetal.document)}; \`bimetal score --format csv\`, median of ${CLI_RUNS} fresh processes`);
  console.log(`end to end   peer:    ${line(n, peerCold)}; ${out.seconds.startup.toFixed(2)} s wall of it imports and model files`);
  console.log(
    `steady state bimetal: ${line(scoredMembers, scoring)}; the run less one of ${bimetal.startUpMembers} recipes, one per block (${bimetal.startUp.seconds.toFixed(2)} s: bundle, RDKit, models)`,
  );
  console.log(`steady state peer:    ${line(n, peerWarm)}; its own timer around descriptors, model and intervals, the table already read`);
  console.log(`ratio bimetal ÷ peer (recipes/s): end to end ${ratio(bimetal.document, peerCold)}; steady state ${ratio({ seconds: scoring.seconds / scoredMembers, cpuSeconds: scoring.cpuSeconds / scoredMembers }, { seconds: peerWarm.seconds / n, cpuSeconds: peerWarm.cpuSeconds / n })}`);
  console.log("(bimetal also parses the .bimetal text, predicts the site preference with its interval, checks both models' domains and writes records; the peer does none of these)");
}
