/**
 * Issue 11's batch figures: `bimetal score --format csv` end to end (the built CLI, a fresh
 * process; the median of three runs) on a 98,600-member family, in recipes per second and the CLI process's peak resident
 * memory (goal: ≥ 50,000 recipes/s, ≤ 600 MB); the CLI's fixed cost, from a 1-recipe run, and
 * the time per member after it, beside what the goal leaves; that start from V8's code cache (as
 * every run after a user's first) beside compiling the bundle; the CSV and JSON lines writers alone
 * on the same rows and records, from cells to UTF-8 bytes (the output's share of a run), the CSV
 * writer beside every cell's text made anew and beside csv-stringify, the writer before issue 11; 30,000 recipes with
 * a warning in each against the same without; the family with `--format jsonl`; the young
 * generation's collections of the CSV run (count, pauses, bytes promoted); then where the time
 * goes: the top self-time functions of a CPU profile of the CSV run (`node --cpu-prof`), mapped to
 * their source files, and what the run allocates, per member and by function (V8's sampling heap
 * profiler). `npm run bench -- batch`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ScoreRecord } from '../engine/src/scoreRecord';
import { CsvLines, csvLine } from '../report/src/csv';
import { CsvChangeRecorder, CsvRowTexts, emptyCsvChanges, type CsvChanges } from '../report/src/csvChanges';
import { CACHE_VARIABLE } from '../cli/src/compileCache';
import { scoreWithCli, type CliRun } from './cliRun';
import { BATCH_CHUNK_MEMBERS } from '../pipeline/src/scorer';
import { EncodedOutput } from '../cli/src/formats/encodedOutput';
import { recordWriter } from '../cli/src/formats/recordStream';
import type { Cell } from '../report/src/csv';
import { analyzeText } from '../grammar/src/index';
import { largest, printRanked, profilesIn, sourceNamer, topFunctions, type CallFrame } from './cpuProfile';
import { faultCost, freshPageMicroseconds } from './freshMemory';
import { median, medianBy } from './stats';

const ROOT = path.join(__dirname, '..');
/** The command line itself, which dist/cli.js starts from V8's code cache: its source map names the profiles' functions. */
const CLI_MAIN = path.join(ROOT, 'dist', 'cli-main.js');
/** 986 host counts × 100 dopant counts: the family the issue measured on. */
const FAMILY = 'recipe Sweep {\n  host Au 1..986\n  dopant Pt 1..100\n}\n';
/** The same hosts with ten times the dopant counts: 986,000 members, beyond the default limit of 100,000. */
const LARGE_FAMILY = 'recipe Sweep {\n  host Au 1..986\n  dopant Pt 1..1000\n}\n';
const LARGE_MEMBERS = 986_000;
const TOP_FUNCTIONS = 15;
/** One recipe: a run of it is the CLI's fixed cost (loading the bundle, starting onnxruntime and the models). */
const ONE_RECIPE = 'recipe One {\n  host Au 12\n  dopant Pt 1\n}\n';
const GOAL_RECIPES_PER_SECOND = 50_000;
/** CSV runs of the family, each after a 1-recipe run: the figures are the median's. */
const FAMILY_RUNS = 3;
/** Separate recipes, each with a grammar warning (BM217) or without: every record carries its recipe's warnings. */
const WARNED_RECIPES = 30_000;
function separateRecipes(distance: number): string {
  return Array.from({ length: WARNED_RECIPES }, (_, i) => `recipe R${i} {\n  host Au 12\n  dopant Pt 1\n  distance ${distance} Å\n}\n`).join('\n');
}

interface AllocationNode {
  callFrame: CallFrame;
  selfSize: number;
  children: AllocationNode[];
}

/**
 * Bytes allocated during a CSV run of the family, by function: V8's sampling heap profiler over
 * the whole run, objects already collected included (bench/allocationSampling.cjs). A batch keeps
 * almost nothing, so what it allocates is what the young generation's collections have to sweep.
 */
function allocations(file: string, dir: string, members: number, nameOf: (frame: CallFrame) => string): void {
  const profileFile = path.join(dir, 'allocations.json');
  scoreWithCli('csv', file, dir, ['-r', path.join(__dirname, 'allocationSampling.cjs')], { BIMETAL_ALLOCATION_FILE: profileFile });
  const byName = new Map<string, number>();
  let total = 0;
  const visit = (node: AllocationNode): void => {
    total += node.selfSize;
    const name = nameOf(node.callFrame);
    byName.set(name, (byName.get(name) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit((JSON.parse(readFileSync(profileFile, 'utf8')) as { head: AllocationNode }).head);
  console.log(
    `allocated during the CSV run (sampled, collected objects included): ${(total / 1e6).toFixed(0)} MB = ${(total / members / 1024).toFixed(1)} KB per member; ` +
      `top ${TOP_FUNCTIONS} functions by bytes allocated:`,
  );
  for (const f of largest(byName, total, TOP_FUNCTIONS)) console.log(`  ${(f.amount / 1e6).toFixed(0).padStart(6)} MB ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
}

/**
 * CPU seconds to write `items` a chunk at a time as the CLI does: their pieces, encoded by
 * EncodedOutput into a stream that keeps nothing. `chunk`: items per write, a chunk of members
 * unless the items are chunks already.
 */
async function writerCpuSeconds<T>(items: readonly T[], pieces: (chunk: T[]) => string[], chunk = BATCH_CHUNK_MEMBERS): Promise<number> {
  const output = new EncodedOutput(new Writable({ write: (_bytes, _encoding, done) => done() }));
  const started = process.cpuUsage();
  for (let i = 0; i < items.length; i += chunk) await output.write(pieces(items.slice(i, i + chunk)));
  await output.flushed();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

/** A scavenge's line of `--trace-gc-nvp`: its pause (ms) and the bytes it promoted to the old generation. */
const SCAVENGE_TRACE = /pause=([\d.]+) mutator=[\d.]+ gc=s .*?promoted=(\d+)/g;
/** CSV runs traced, each printed: whether a run's members are promoted varies from run to run. */
const TRACED_RUNS = 3;

/**
 * The young generation's collections in CSV runs of the family (`--trace-gc-nvp`, whose lines V8
 * prints into the run's output, between CSV lines): how many, their pauses, and what they promoted.
 * A batch keeps nothing from one chunk of members to the next, so what is promoted beyond the
 * expanded members themselves is members kept alive by dead objects of the old generation.
 */
function youngGenerationCollections(file: string, dir: string): void {
  const runs = Array.from({ length: TRACED_RUNS }, () => {
    const traced = scoreWithCli('csv', file, dir, ['--trace-gc-nvp']);
    let count = 0;
    let pauseMs = 0;
    let promoted = 0;
    for (const [, pause, bytes] of traced.stdout().matchAll(SCAVENGE_TRACE)) {
      count++;
      pauseMs += Number(pause);
      promoted += Number(bytes);
    }
    return `${count} scavenges, ${(pauseMs / 1000).toFixed(2)} s of pauses, ${(promoted / 1e6).toFixed(0)} MB promoted`;
  });
  console.log(`young-generation collections of the CSV run (${TRACED_RUNS} traced runs): ${runs.join('; ')}`);
}

/**
 * glibc's tunable that makes malloc ask for transparent huge pages (docs/cli.md): one fault per
 * 2 MB of malloc'd memory instead of 512, which matters where faults are dear (freshPageMicroseconds).
 * It reaches only malloc (onnxruntime's start-up buffers, for one), not V8's heap.
 */
const HUGE_PAGES = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };
/** Alternating pairs of 1-recipe runs, with and without HUGE_PAGES: single start-ups vary by a tenth of a second here. */
const START_UP_PAIRS = 3;

/**
 * The start with V8's code cache (every other run of this bench) against compiling the bundle
 * (BIMETAL_COMPILE_CACHE=off), in alternating 1-recipe runs, and the first run, which writes the cache.
 */
function compileCacheStartUp(first: CliRun, oneFile: string, dir: string): void {
  const cached: number[] = [];
  const compiled: number[] = [];
  for (let i = 0; i < START_UP_PAIRS; i++) {
    cached.push(scoreWithCli('csv', oneFile, dir).seconds);
    compiled.push(scoreWithCli('csv', oneFile, dir, [], { [CACHE_VARIABLE]: 'off' }).seconds);
  }
  console.log(
    `start-up from V8's code cache: 1-recipe run ${median(cached).toFixed(2)} s against ${median(compiled).toFixed(2)} s compiling the bundle ` +
      `(${CACHE_VARIABLE}=off; medians of ${START_UP_PAIRS} alternating pairs); the bench's first run, which wrote the cache, ${first.seconds.toFixed(2)} s`,
  );
}

/** Page faults of the runs, their cost at this machine's price per fault (freshMemory.ts), and the runs again with HUGE_PAGES. */
function pageFaults(runs: { csv: CliRun; startUp: CliRun }, file: string, oneFile: string, dir: string, members: number): void {
  const microseconds = freshPageMicroseconds();
  const cost = (run: CliRun) => faultCost(run.pageFaults, microseconds);
  console.log(
    `first touch of fresh memory here: ${microseconds.toFixed(1)} µs per 4 KB page (${(4096 / microseconds).toFixed(0)} MB/s); minor page faults ` +
      `at that price: the CSV run ${cost(runs.csv)}, the 1-recipe run ${cost(runs.startUp)} of its ${runs.startUp.seconds.toFixed(2)} s`,
  );
  const plain: number[] = [];
  const huge: CliRun[] = [];
  for (let i = 0; i < START_UP_PAIRS; i++) {
    plain.push(scoreWithCli('csv', oneFile, dir).seconds);
    huge.push(scoreWithCli('csv', oneFile, dir, [], HUGE_PAGES));
  }
  const csv = scoreWithCli('csv', file, dir, [], HUGE_PAGES);
  console.log(
    `with GLIBC_TUNABLES=${HUGE_PAGES.GLIBC_TUNABLES}: 1-recipe run ${median(huge.map((r) => r.seconds)).toFixed(2)} s against ${median(plain).toFixed(2)} s ` +
      `(medians of ${START_UP_PAIRS} alternating pairs), ${huge[0].pageFaults.toLocaleString('en-US')} page faults; CSV run ${csv.seconds.toFixed(1)} s = ` +
      `${Math.round(members / csv.seconds).toLocaleString('en-US')} recipes/s, ${csv.pageFaults.toLocaleString('en-US')} page faults`,
  );
}

function report(format: string, members: number, run: CliRun): void {
  const rate = (seconds: number) => Math.round(members / seconds).toLocaleString('en-US');
  console.log(
    `bimetal score --format ${format}, ${members.toLocaleString('en-US')}-member family: ${run.seconds.toFixed(1)} s = ${rate(run.seconds)} recipes/s ` +
      `(CPU ${run.cpuSeconds.toFixed(1)} s = ${rate(run.cpuSeconds)} per CPU second), peak RSS ${(run.peakBytes / 1e6).toFixed(0)} MB ` +
      `(goal ≥ ${GOAL_RECIPES_PER_SECOND.toLocaleString('en-US')} recipes/s, ≤ 600 MB)`,
  );
}

/** Ten times the family, with the limit raised to let it expand: memory must not grow with it (members are made a chunk at a time). */
function familySizeMemory(family: CliRun, dir: string, members: number): void {
  const file = path.join(dir, 'large-sweep.bimetal');
  writeFileSync(file, LARGE_FAMILY);
  const large = scoreWithCli('csv', file, dir, [], {}, ['--max-family-size', String(LARGE_MEMBERS)]);
  const rows = large.stdoutLines() - 1;
  if (rows !== LARGE_MEMBERS) throw new Error(`expected ${LARGE_MEMBERS} CSV rows, got ${rows}`);
  console.log(
    `memory against family size: ${LARGE_MEMBERS.toLocaleString('en-US')} members (--max-family-size ${LARGE_MEMBERS.toLocaleString('en-US')}) peak RSS ` +
      `${(large.peakBytes / 1e6).toFixed(0)} MB in ${large.seconds.toFixed(1)} s (${Math.round(LARGE_MEMBERS / large.seconds).toLocaleString('en-US')} recipes/s), ` +
      `${members.toLocaleString('en-US')} members ${(family.peakBytes / 1e6).toFixed(0)} MB`,
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-batch-bench-'));
  try {
    const file = path.join(dir, 'sweep.bimetal');
    writeFileSync(file, FAMILY);
    const members = analyzeText(FAMILY).members.length;
    const oneFile = path.join(dir, 'one.bimetal');
    writeFileSync(oneFile, ONE_RECIPE);
    // Leaves the code cache that the runs below start from, as any earlier run of the user's would.
    const first = scoreWithCli('csv', oneFile, dir);
    // Alternating, since one run can be a tenth slower than the next on a shared machine.
    const startUps: CliRun[] = [];
    const families: CliRun[] = [];
    for (let i = 0; i < FAMILY_RUNS; i++) {
      startUps.push(scoreWithCli('csv', oneFile, dir));
      families.push(scoreWithCli('csv', file, dir));
    }
    const rows = parse(families[FAMILY_RUNS - 1].stdout(), { cast: true }) as Cell[][];
    if (rows.length !== members + 1) throw new Error(`expected ${members} CSV rows, got ${rows.length - 1}`);
    const csv = medianBy(families, (r) => r.seconds);
    const startUp = medianBy(startUps, (r) => r.seconds);
    report('csv', members, csv);
    console.log(`  the median of ${FAMILY_RUNS} runs: ${families.map((r) => r.seconds.toFixed(2)).join(', ')} s`);
    const budget = members / GOAL_RECIPES_PER_SECOND;
    console.log(
      `fixed cost, a 1-recipe run: ${startUp.seconds.toFixed(2)} s (CPU ${startUp.cpuSeconds.toFixed(2)} s; median of ${FAMILY_RUNS}, each before a CSV run); the rest of the CSV run is ` +
        `${(((csv.seconds - startUp.seconds) / members) * 1e6).toFixed(1)} µs per member, where the goal leaves ` +
        `${(((budget - startUp.seconds) / members) * 1e6).toFixed(1)} µs after that start-up (${budget.toFixed(2)} s for the family)`,
    );
    compileCacheStartUp(first, oneFile, dir);
    pageFaults({ csv, startUp }, file, oneFile, dir, members);
    familySizeMemory(csv, dir, members);
    const perCpuSecond = (seconds: number) => `${seconds.toFixed(2)} CPU s = ${Math.round(members / seconds).toLocaleString('en-US')}`;
    // One CsvLines for the whole stream, which reuses a column's text while its value repeats, a row at a time (the in-thread writer takes a chunk of records at a time).
    const lines = new CsvLines();
    const csvSeconds = await writerCpuSeconds(rows.slice(1), (chunk) => chunk.map((row) => lines.line(row)));
    console.log(`CSV writer alone on the same ${members.toLocaleString('en-US')} rows, to UTF-8 bytes: ${perCpuSecond(csvSeconds)} rows per CPU second`);
    // How the CLI splits that work for a large family (cli/src/formats/csvThread.ts): the scoring thread notes each row's changed cells, the CSV thread makes the text and its UTF-8.
    const recorder = new CsvChangeRecorder();
    const changes: CsvChanges[] = [];
    const recording = process.cpuUsage();
    for (let i = 1; i < rows.length; i += BATCH_CHUNK_MEMBERS) {
      for (const row of rows.slice(i, i + BATCH_CHUNK_MEMBERS)) recorder.cells(row);
      changes.push(recorder.take(emptyCsvChanges()));
    }
    const recorded = process.cpuUsage(recording);
    const texts = new CsvRowTexts();
    const textSeconds = await writerCpuSeconds(changes, ([batch]) => {
      const pieces: string[] = [];
      texts.lines(batch, pieces);
      return pieces;
    }, 1);
    console.log(`  of which the scoring thread's part, each row's changed cells noted: ${perCpuSecond((recorded.user + recorded.system) / 1e6)} rows per CPU second; the CSV thread's, text and UTF-8: ${perCpuSecond(textSeconds)}`);
    const eachRowSeconds = await writerCpuSeconds(rows.slice(1), (chunk) => chunk.map(csvLine));
    console.log(`  every cell's text made anew (csvLine per row): ${perCpuSecond(eachRowSeconds)} rows per CPU second`);
    // The writer before issue 11, for the ratio: on a shared machine one run's ratios are what compare.
    const stringifySeconds = await writerCpuSeconds(rows.slice(1), (chunk) => [stringify(chunk, { cast: { boolean: (value: boolean) => String(value) } })]);
    console.log(`  csv-stringify in its place: ${perCpuSecond(stringifySeconds)} rows per CPU second`);
    // Each record carries its recipe's warnings: finding them once cost members × warnings (diagnosticsByBlock.ts).
    const warnedFile = path.join(dir, 'warned.bimetal');
    const plainFile = path.join(dir, 'plain.bimetal');
    writeFileSync(warnedFile, separateRecipes(11));
    writeFileSync(plainFile, separateRecipes(3));
    const warned = scoreWithCli('csv', warnedFile, dir);
    const plain = scoreWithCli('csv', plainFile, dir);
    console.log(
      `${WARNED_RECIPES.toLocaleString('en-US')} recipes with a warning each: CPU ${warned.cpuSeconds.toFixed(2)} s, ` +
        `without: ${plain.cpuSeconds.toFixed(2)} s (× ${(warned.cpuSeconds / plain.cpuSeconds).toFixed(2)})`,
    );

    const jsonl = scoreWithCli('jsonl', file, dir);
    report('jsonl', members, jsonl);
    const records = jsonl.stdout().trimEnd().split('\n').map((line) => JSON.parse(line) as ScoreRecord);
    const jsonLines = recordWriter({ format: 'jsonl', explain: false, ligands: [], coverage: 0.9, showFile: false });
    const jsonlSeconds = await writerCpuSeconds(records, (chunk) => jsonLines.chunk({ records: chunk }));
    console.log(`JSON lines writer alone on the same records, to UTF-8 bytes: ${perCpuSecond(jsonlSeconds)} records per CPU second`);

    youngGenerationCollections(file, dir);

    const profileDir = path.join(dir, 'profile');
    const profiled = scoreWithCli('csv', file, dir, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    console.log(`top ${TOP_FUNCTIONS} functions by self time (profiled run, ${profiled.seconds.toFixed(1)} s):`);
    // One source map for both profiles: it is megabytes of JSON.
    const nameOf = sourceNamer(CLI_MAIN);
    printRanked(topFunctions(profilesIn(profileDir)[0], nameOf, TOP_FUNCTIONS).top);
    allocations(file, dir, members, nameOf);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
