/**
 * `npm run fuzz -- --count N --seed S`: fuzzes the whole pipeline in process (test/fuzz/) and
 * prints the report: inputs by kind, crashes, hangs, the slowest input and every input over the
 * time bound. Crashes are minimised and saved under test/fixtures/fuzz/ (replayed by npm test).
 * A watchdog ends a worker whose input runs longer than --hang-ms, records the hang and goes on
 * from the next input. Exit code 1 when anything crashed or hung.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fork } from 'node:child_process';
import { emptyStats, mergeStats, saveFailure, SMALL_INPUT_BYTES, type FuzzStats } from '../test/fuzz/campaign';
import { fuzzCorpus, FUZZ_FIXTURES } from '../test/fuzz/corpus';
import { fuzzInput } from '../test/fuzz/inputs';
import type { WorkerInput, WorkerMessage } from '../test/fuzz/worker';

/** Inputs per worker: a hang costs at most one chunk's statistics, and a fresh worker frees what the last one cached. */
const CHUNK = 20_000;

interface Args {
  /** The first input number: a long run can be split over processes, each taking one range. */
  from: number;
  count: number;
  seed: number;
  boundMs: number;
  hangMs: number;
  maxFamilySize: number;
  saveDir: string;
  report?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { from: 0, count: 10_000, seed: 1, boundMs: 100, hangMs: 10_000, maxFamilySize: 100, saveDir: FUZZ_FIXTURES };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    const number = () => {
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer, got ${value}`);
      return n;
    };
    if (flag === '--count') args.count = number();
    else if (flag === '--from') args.from = number();
    else if (flag === '--seed') args.seed = number();
    else if (flag === '--bound-ms') args.boundMs = number();
    else if (flag === '--hang-ms') args.hangMs = number();
    else if (flag === '--max-family-size') args.maxFamilySize = number();
    else if (flag === '--save') args.saveDir = path.resolve(value);
    else if (flag === '--report') args.report = path.resolve(value);
    else throw new Error(`unknown option ${flag} (options: --count --from --seed --bound-ms --hang-ms --max-family-size --save --report)`);
  }
  return args;
}

interface WorkerResult {
  stats: FuzzStats;
  saved: string[];
  /** Set when the watchdog ended the worker: the input that did not return. */
  hungAt?: number;
}

/** Runs [from, to) in a worker process; resolves early with `hungAt` when one input outlives the hang bound. */
function runWorker(args: Args, from: number, to: number): Promise<WorkerResult> {
  const input: WorkerInput = { seed: args.seed, from, to, boundMs: args.boundMs, maxFamilySize: args.maxFamilySize, saveDir: args.saveDir };
  const worker = fork(path.join(__dirname, '..', 'test', 'fuzz', 'worker.ts'), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
  worker.send(input);
  return new Promise((resolve, reject) => {
    let current = -1;
    let since = Date.now();
    let result: WorkerResult | undefined;
    const watchdog = setInterval(() => {
      if (current >= 0 && Date.now() - since > args.hangMs) {
        clearInterval(watchdog);
        worker.kill('SIGKILL');
        resolve({ stats: emptyStats(), saved: [], hungAt: current });
      }
    }, 250);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'at') {
        current = message.index;
        since = Date.now();
      } else result = { stats: message.stats, saved: message.saved };
    });
    worker.on('exit', (code, signal) => {
      clearInterval(watchdog);
      if (result) resolve(result);
      else if (signal !== 'SIGKILL') reject(new Error(`fuzz worker for inputs ${from}–${to} died (exit ${code}, signal ${signal}) on input ${current}`));
    });
  });
}

function describe(stats: FuzzStats, args: Args, wallMs: number, saved: string[]): string {
  const rate = stats.inputs / (wallMs / 1000);
  const lines = [
    `inputs: ${stats.inputs} (#${args.from}–#${args.from + args.count - 1}, seed ${args.seed}; mutants ${stats.byKind.mutant}, generated ${stats.byKind.generated}, bytes ${stats.byKind.bytes})`,
    `wall time: ${(wallMs / 1000).toFixed(1)} s (${rate.toFixed(0)} inputs/s); mean ${(stats.totalMs / Math.max(1, stats.inputs)).toFixed(2)} ms per input`,
    `crashes: ${stats.crashes.length}`,
    ...stats.crashes.slice(0, 10).map((c) => `  #${c.index} (${c.kind}, ${c.bytes} B): ${c.failure}`),
    `hangs (> ${args.hangMs} ms): ${stats.hangs.length}`,
    ...stats.hangs.map((h) => `  #${h.index} (${h.kind}, ${h.bytes} B)`),
    stats.slowest ? `slowest: #${stats.slowest.index} (${stats.slowest.kind}, ${stats.slowest.bytes} B) ${stats.slowest.ms.toFixed(1)} ms` : 'slowest: none',
    `over ${args.boundMs} ms: ${stats.overBound} (of them ≤ ${SMALL_INPUT_BYTES} B: ${stats.smallOverBound})`,
    ...stats.slow.map((s) => `  #${s.index} (${s.kind}, ${s.bytes} B) ${s.ms.toFixed(1)} ms`),
    ...saved.map((f) => `saved: ${path.relative(process.cwd(), f)}`),
  ];
  return lines.join('\n');
}

function writeReport(file: string, args: Args, stats: FuzzStats, wallMs: number): void {
  const withoutTexts = (list: FuzzStats['crashes']) => list.map(({ text, ...rest }) => rest);
  writeFileSync(file, JSON.stringify({ args, wallMs, ...stats, crashes: withoutTexts(stats.crashes), hangs: withoutTexts(stats.hangs) }, null, 2) + '\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const total = emptyStats();
  const saved: string[] = [];
  const corpus = fuzzCorpus();
  const end = args.from + args.count;
  let from = args.from;
  while (from < end) {
    const to = Math.min(end, from + CHUNK);
    const result = await runWorker(args, from, to);
    mergeStats(total, result.stats);
    saved.push(...result.saved);
    if (result.hungAt === undefined) from = to;
    else {
      // The worker's statistics for this chunk are lost with it; the hang is kept and saved as found.
      const input = fuzzInput(args.seed, result.hungAt, corpus);
      const hang = { index: input.index, kind: input.kind, bytes: Buffer.byteLength(input.text), ms: args.hangMs, failure: 'hang', text: input.text };
      total.hangs.push(hang);
      saved.push(await saveFailure(hang, undefined, args.saveDir));
      from = result.hungAt + 1;
    }
    const seconds = (Date.now() - started) / 1000;
    // Written after every chunk, so a long run that is stopped still leaves its figures.
    if (args.report) writeReport(args.report, args, total, Date.now() - started);
    process.stderr.write(`fuzz: ${from - args.from}/${args.count} inputs, ${(total.inputs / seconds).toFixed(0)}/s, ${total.crashes.length} crashes, ${total.hangs.length} hangs, ${total.overBound} over ${args.boundMs} ms\n`);
  }
  const wallMs = Date.now() - started;
  console.log(describe(total, args, wallMs, saved));
  if (args.report) writeReport(args.report, args, total, wallMs);
  process.exitCode = total.crashes.length + total.hangs.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
