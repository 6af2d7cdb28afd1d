/**
 * How fast this machine runs right now, by a workload that no change to Bimetal alters. The 2-core
 * virtual machine the benches run on drifts 1.5–2.5× from hour to hour and within minutes: one
 * build's sweep CSV took 2.9–3.1 s and, ten minutes later, 2.0–2.2 s; the parser, unchanged,
 * parsed 101,237 recipes/s one hour and 58,511 two hours later. It is not time stolen by the host
 * (/proc/stat's steal stayed near zero through a slow sweep): the same work takes more CPU time.
 * Printed at the start and the end of `npm run bench`, so that a run's figures can be read
 * against the speed of the hour they came from.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { median } from './stats';

const LOOP_STEPS = 50_000_000;
const HASHED_BYTES = 64 * 1024 * 1024;
const RUNS = 5;

/**
 * An integer xorshift generator run LOOP_STEPS times: optimised JavaScript alone, no allocation.
 * Sorting 200,000 numbers with a comparator was tried first: 98–160 ms within one minute, too noisy
 * to read an hour's speed from; this loop stayed within 114–124 ms over the same runs.
 */
function xorshiftLoop(): number {
  let x = 1;
  let sum = 0;
  for (let i = 0; i < LOOP_STEPS; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    sum = (sum + (x & 1023)) | 0;
  }
  return sum;
}

function medianMilliseconds(work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

export interface MachineSpeed {
  /** xorshiftLoop: optimised JavaScript. */
  loopMs: number;
  /** SHA-256 of HASHED_BYTES in node:crypto: native code alone. */
  hashMs: number;
}

export function machineSpeed(): MachineSpeed {
  const bytes = Buffer.alloc(HASHED_BYTES, 7);
  // The loop's result is stored, so that the compiler cannot drop the loop as dead code.
  let checksum = 0;
  const loopMs = medianMilliseconds(() => (checksum ^= xorshiftLoop()));
  return {
    loopMs,
    hashMs: medianMilliseconds(() => createHash('sha256').update(bytes).digest()),
  };
}

export function machineSpeedLine(when: string, speed: MachineSpeed): string {
  return (
    `machine speed ${when} (a workload no change to Bimetal alters; medians of ${RUNS}): ` +
    `${LOOP_STEPS.toLocaleString('en-US')} steps of an integer loop in JavaScript ${speed.loopMs.toFixed(0)} ms, ` +
    `SHA-256 of ${HASHED_BYTES / 1024 / 1024} MB ${speed.hashMs.toFixed(0)} ms`
  );
}
