/**
 * A fuzz campaign over a range of input numbers: every input through every stage (harness.ts),
 * with the counts, the crashes, the slowest input and every input over the time bound collected
 * into one report. Crashes are minimised and saved as regression fixtures by `saveFailure`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Scorer } from '../../pipeline/src/index';
import { runInput } from './harness';
import { fuzzInput, type FuzzInput, type InputKind } from './inputs';
import { minimise } from './minimise';

/** The goal's size class: no input up to this size may take longer than the time bound. */
export const SMALL_INPUT_BYTES = 10_000;

export interface InputSummary {
  index: number;
  kind: InputKind;
  bytes: number;
  ms: number;
}

export interface FuzzFailure extends InputSummary {
  failure: string;
  text: string;
}

export interface FuzzStats {
  inputs: number;
  byKind: Record<InputKind, number>;
  crashes: FuzzFailure[];
  /** Inputs that stopped answering (found by the script's watchdog; the loop itself cannot see them). */
  hangs: FuzzFailure[];
  slowest?: InputSummary;
  /** How many inputs took longer than the bound, and how many of those were small. */
  overBound: number;
  smallOverBound: number;
  /** The slowest inputs over the bound, at most SLOW_KEPT. */
  slow: InputSummary[];
  totalMs: number;
}

const SLOW_KEPT = 20;

export function emptyStats(): FuzzStats {
  return { inputs: 0, byKind: { mutant: 0, generated: 0, bytes: 0 }, crashes: [], hangs: [], overBound: 0, smallOverBound: 0, slow: [], totalMs: 0 };
}

export function addOutcome(stats: FuzzStats, input: FuzzInput, ms: number, boundMs: number, failure?: string): void {
  const summary: InputSummary = { index: input.index, kind: input.kind, bytes: Buffer.byteLength(input.text), ms };
  stats.inputs++;
  stats.byKind[input.kind]++;
  stats.totalMs += ms;
  if (failure) stats.crashes.push({ ...summary, failure, text: input.text });
  if (!stats.slowest || ms > stats.slowest.ms) stats.slowest = summary;
  if (ms > boundMs) {
    stats.overBound++;
    if (summary.bytes <= SMALL_INPUT_BYTES) stats.smallOverBound++;
    stats.slow.push(summary);
    stats.slow.sort((a, b) => b.ms - a.ms);
    stats.slow.length = Math.min(stats.slow.length, SLOW_KEPT);
  }
}

export function mergeStats(into: FuzzStats, part: FuzzStats): void {
  into.inputs += part.inputs;
  for (const kind of Object.keys(into.byKind) as InputKind[]) into.byKind[kind] += part.byKind[kind];
  into.crashes.push(...part.crashes);
  into.hangs.push(...part.hangs);
  if (part.slowest && (!into.slowest || part.slowest.ms > into.slowest.ms)) into.slowest = part.slowest;
  into.overBound += part.overBound;
  into.smallOverBound += part.smallOverBound;
  into.slow = [...into.slow, ...part.slow].sort((a, b) => b.ms - a.ms).slice(0, SLOW_KEPT);
  into.totalMs += part.totalMs;
}

export interface RangeOptions {
  seed: number;
  from: number;
  to: number;
  corpus: readonly string[];
  scorer: Scorer;
  /** Folder `structure` paths resolve against (holds a real XYZ file). */
  baseDir?: string;
  boundMs: number;
  /** Called before each input, so a watchdog can tell which input is running. */
  onInput?(index: number): void;
}

export async function fuzzRange(options: RangeOptions): Promise<FuzzStats> {
  const stats = emptyStats();
  for (let index = options.from; index < options.to; index++) {
    options.onInput?.(index);
    const input = fuzzInput(options.seed, index, options.corpus);
    const outcome = await runInput(options.scorer, input.text, options.baseDir);
    addOutcome(stats, input, outcome.ms, options.boundMs, outcome.failure);
  }
  return stats;
}

/** A real structure file, so `structure "core.xyz"` reaches the XYZ reader and the geometry stage. */
const CORE_XYZ = '4\ntetrahedron\nAu 0 0 0\nAu 2.8 0 0\nAu 1.4 2.42 0\nPt 1.4 0.81 2.29\n';

/** A fresh folder for `structure` paths to resolve against, holding core.xyz. */
export function fuzzBaseDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-fuzz-'));
  writeFileSync(path.join(dir, 'core.xyz'), CORE_XYZ);
  return dir;
}

/** Loading RDKit, the models and the lazily loaded stages takes seconds once: not an input's time. */
export async function warmUp(scorer: Scorer, corpus: readonly string[], baseDir: string): Promise<void> {
  const texts = [...corpus, 'recipe W {\n  host Au 3\n  dopant Pt 1\n  structure "core.xyz"\n}\n'];
  for (const text of texts) await scorer.scoreText(text, { file: 'warm-up.bimetal', baseDir });
}

/** The failure's kind without numbers and positions, so minimising keeps the same bug. */
function signature(failure: string): string {
  return failure.split(/[:;|]/)[0].replace(/\d+/g, 'N');
}

/** Minimises a crash and writes it to `folder` as `<hash>.bimetal` with a note on what failed; returns the path. */
export async function saveFailure(failure: FuzzFailure, scorer: Scorer | undefined, folder: string, baseDir?: string): Promise<string> {
  const wanted = signature(failure.failure);
  const text = scorer
    ? await minimise(failure.text, async (candidate) => {
        const outcome = await runInput(scorer, candidate, baseDir);
        return outcome.failure !== undefined && signature(outcome.failure) === wanted;
      })
    : failure.text;
  mkdirSync(folder, { recursive: true });
  const name = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = path.join(folder, `${name}.bimetal`);
  writeFileSync(file, text);
  writeFileSync(path.join(folder, `${name}.json`), JSON.stringify({ index: failure.index, kind: failure.kind, failure: failure.failure }, null, 2) + '\n');
  return file;
}
