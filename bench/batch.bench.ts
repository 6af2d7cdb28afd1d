/**
 * Issue 11's batch figures: `bimetal score --format csv` end to end (the built CLI, a fresh
 * process) on a 98,600-member family, in recipes per second and the CLI process's peak resident
 * memory (goal: ≥ 50,000 recipes/s, ≤ 600 MB), then where the time goes: the top self-time
 * functions of a CPU profile of the same run (`node --cpu-prof`), mapped to their source files.
 * `npm run bench -- batch`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeText } from '../grammar/src/index';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** 986 host counts × 100 dopant counts: the family the issue measured on. */
const FAMILY = 'recipe Sweep {\n  host Au 1..986\n  dopant Pt 1..100\n}\n';
const TOP_FUNCTIONS = 15;

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakBytes: number;
  rows: number;
}

function scoreCsv(file: string, dir: string, extra: string[] = []): Run {
  const usageFile = path.join(dir, 'usage.json');
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-r', path.join(__dirname, 'usage.cjs'), ...extra, CLI, 'score', '--format', 'csv', file], {
    env: { ...process.env, BIMETAL_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`bimetal score exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { peakBytes: number; cpuSeconds: number };
  return { seconds, ...usage, rows: result.stdout.split('\n').length - 2 };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** Self time per function of a `.cpuprofile`, bundle positions mapped back to source files through dist/cli.js.map. */
function topFunctions(profileFile: string): { name: string; ms: number; share: number }[] {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const map = new SourceMap(JSON.parse(readFileSync(`${CLI}.map`, 'utf8')));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    total += us;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let where = url ? path.basename(url) : '';
    if (url.endsWith('/cli.js') && lineNumber >= 0) {
      const entry = map.findEntry(lineNumber, columnNumber);
      if ('originalSource' in entry) where = `${path.relative(ROOT, new URL(entry.originalSource, `file://${path.dirname(CLI)}/`).pathname)}:${entry.originalLine + 1}`;
    }
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_FUNCTIONS)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-batch-bench-'));
  try {
    const file = path.join(dir, 'sweep.bimetal');
    writeFileSync(file, FAMILY);
    const members = analyzeText(FAMILY).members.length;
    const timed = scoreCsv(file, dir);
    if (timed.rows !== members) throw new Error(`expected ${members} CSV rows, got ${timed.rows}`);
    const rate = Math.round(members / timed.seconds).toLocaleString('en-US');
    const peak = (timed.peakBytes / 1e6).toFixed(0);
    const cpuRate = Math.round(members / timed.cpuSeconds).toLocaleString('en-US');
    console.log(`bimetal score --format csv, ${members.toLocaleString('en-US')}-member family: ${timed.seconds.toFixed(1)} s = ${rate} recipes/s, peak RSS ${peak} MB (goal ≥ 50,000 recipes/s, ≤ 600 MB)`);
    console.log(`  CPU time ${timed.cpuSeconds.toFixed(1)} s = ${cpuRate} recipes per CPU second (less inflated than wall time on a shared machine)`);

    const profileDir = path.join(dir, 'profile');
    const profiled = scoreCsv(file, dir, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    const profileFile = path.join(profileDir, readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')) as string);
    console.log(`top ${TOP_FUNCTIONS} functions by self time (profiled run, ${profiled.seconds.toFixed(1)} s):`);
    for (const f of topFunctions(profileFile)) console.log(`  ${f.ms.toFixed(0).padStart(6)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
