/**
 * Where a bench's time goes: the top functions by self time of a V8 CPU profile (`node
 * --cpu-prof`), named by source file and line through the bundle's source map, optionally only
 * over a window of the run (the part a goal measures). The batch, parse and server benches print
 * them under their figures (issue 11: "publish the profile's top entries in the bench output").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds of the monotonic clock, the one `process.hrtime` reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Ranked {
  name: string;
  amount: number;
  share: number;
}

const REPOSITORY = path.join(__dirname, '..');

/** Now on the clock of a CPU profile's `startTime` and samples, for `window`. */
export function profileClockMicroseconds(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** A profiled function as `name source-file:line`, positions in `bundle` mapped back to source files through `${bundle}.map`. */
export function sourceNamer(bundle: string): (frame: CallFrame) => string {
  const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
  const bundleName = `/${path.basename(bundle)}`;
  return ({ functionName, url, lineNumber, columnNumber }) => {
    let where = url ? path.basename(url) : '';
    if (url.endsWith(bundleName) && lineNumber >= 0) {
      const entry = map.findEntry(lineNumber, columnNumber);
      if ('originalSource' in entry) {
        const source = new URL(entry.originalSource, `file://${path.dirname(bundle)}/`).pathname;
        where = `${path.relative(REPOSITORY, source)}:${entry.originalLine + 1}`;
      }
    }
    return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
}

/** The `count` largest entries of `byName`, with their share of `total`. */
export function largest(byName: Map<string, number>, total: number, count: number): Ranked[] {
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, amount]) => ({ name, amount, share: amount / total }));
}

/** The `.cpuprofile` files V8 wrote into `dir`, in the order their threads started (main thread first). */
export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Self time (µs) per node of a `.cpuprofile`, over the samples taken within `window`
 * (profileClockMicroseconds at its start and end), or over the whole profile.
 */
function selfTimes(profileFile: string, window?: [number, number]): { nodes: ProfileNode[]; selfUs: Map<number, number> } {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (!window || (at >= window[0] && at < window[1])) selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  });
  return { nodes: profile.nodes, selfUs };
}

/** Self time per function (µs) of a `.cpuprofile`, named by `nameOf`, within `window` (selfTimes). */
export function topFunctions(profileFile: string, nameOf: (frame: CallFrame) => string, count: number, window?: [number, number]): { top: Ranked[]; totalUs: number } {
  const { nodes, selfUs } = selfTimes(profileFile, window);
  const byName = new Map<string, number>();
  let totalUs = 0;
  for (const node of nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    totalUs += us;
    const name = nameOf(node.callFrame);
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  return { top: largest(byName, totalUs, count), totalUs };
}

/** How long a profiled thread ran and how long it waited for work (`(idle)`), in µs, within `window` (selfTimes). */
export function threadTime(profileFile: string, window?: [number, number]): { busyUs: number; idleUs: number } {
  const { nodes, selfUs } = selfTimes(profileFile, window);
  let busyUs = 0;
  let idleUs = 0;
  for (const node of nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (node.callFrame.functionName === '(idle)') idleUs += us;
    else busyUs += us;
  }
  return { busyUs, idleUs };
}

/** `top` as the benches print it: milliseconds, share, name, one per line. */
export function printRanked(top: readonly Ranked[]): void {
  for (const f of top) console.log(`  ${(f.amount / 1000).toFixed(0).padStart(6)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
}
