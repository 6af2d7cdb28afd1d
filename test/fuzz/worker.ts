/**
 * One fuzz worker process (forked by scripts/fuzz.ts, which sends it a WorkerInput): runs inputs
 * [from, to) with its own scorer, tells the watchdog which input it is on, minimises and saves its
 * crashes, and sends its statistics. A process, not a thread, so the watchdog can always end it
 * and every module loads as it does under tsx.
 */
import { createScorer } from '../../pipeline/src/index';
import { fuzzBaseDir, fuzzRange, saveFailure, warmUp, type FuzzStats } from './campaign';
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

async function main(input: WorkerInput): Promise<void> {
  const baseDir = fuzzBaseDir();
  const scorer = createScorer({ maxFamilySize: input.maxFamilySize });
  const corpus = fuzzCorpus();
  await warmUp(scorer, corpus, baseDir);
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
