/**
 * One fuzz worker process (forked by scripts/fuzz.ts, which sends it a WorkerInput): runs inputs
 * [from, to) with its own scorer, tells the watchdog which input it is on, minimises and saves its
 * crashes, and sends its statistics. A process, not a thread, so the watchdog can always end it
 * and every module loads as it does under tsx.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScorer } from '../../pipeline/src/index';
import { fuzzRange, saveFailure, type FuzzStats } from './campaign';
import { fuzzCorpus } from './corpus';

export interface WorkerInput {
  seed: number;
  from: number;
  to: number;
  boundMs: number;
  maxFamilySize: number;
  saveDir: string;
}

export type WorkerMessage = { type: 'at'; index: number } | { type: 'done'; stats: FuzzStats; saved: string[] };

const send = (message: WorkerMessage) => process.send!(message);

/** A real structure file, so `structure "core.xyz"` reaches the XYZ reader and the geometry stage. */
const CORE_XYZ = '4\ntetrahedron\nAu 0 0 0\nAu 2.8 0 0\nAu 1.4 2.42 0\nPt 1.4 0.81 2.29\n';

async function main(input: WorkerInput): Promise<void> {
  const baseDir = mkdtempSync(path.join(tmpdir(), 'bimetal-fuzz-'));
  writeFileSync(path.join(baseDir, 'core.xyz'), CORE_XYZ);
  const scorer = createScorer({ maxFamilySize: input.maxFamilySize });
  const corpus = fuzzCorpus();
  // Loading RDKit, the models and the lazily loaded stages takes seconds once: not an input's time.
  const warmUp = [...corpus, 'recipe W {\n  host Au 3\n  dopant Pt 1\n  structure "core.xyz"\n}\n'];
  for (const text of warmUp) await scorer.scoreText(text, { file: 'warm-up.bimetal', baseDir });
  const stats = await fuzzRange({
    seed: input.seed,
    from: input.from,
    to: input.to,
    corpus,
    scorer,
    baseDir,
    boundMs: input.boundMs,
    onInput: (index) => send({ type: 'at', index }),
  });
  const saved: string[] = [];
  for (const crash of stats.crashes.slice(0, 5)) saved.push(await saveFailure(crash, scorer, input.saveDir, baseDir));
  await scorer.dispose();
  send({ type: 'done', stats, saved });
  process.disconnect();
}

process.once('message', (input: WorkerInput) => void main(input));
