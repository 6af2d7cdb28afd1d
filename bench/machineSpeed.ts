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

const SORTED_NUMBERS = 200_000;
const HASHED_BYTES = 64 * 1024 * 1024;
const RUNS = 3;

/** Pseudo-random doubles from a fixed seed (a linear congruential generator), the same in every run. */
function fixedNumbers(count: number): number[] {
  const numbers = new Array<number>(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    numbers[i] = state / 2147483648;
  }
  return numbers;
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
  /** Sorting SORTED_NUMBERS fixed doubles with a JavaScript comparator: optimised JavaScript, allocation and the collector. */
  sortMs: number;
  /** SHA-256 of HASHED_BYTES in node:crypto: native code alone. */
  hashMs: number;
}

export function machineSpeed(): MachineSpeed {
  const numbers = fixedNumbers(SORTED_NUMBERS);
  const bytes = Buffer.alloc(HASHED_BYTES, 7);
  return {
    sortMs: medianMilliseconds(() => numbers.slice().sort((a, b) => a - b)),
    hashMs: medianMilliseconds(() => createHash('sha256').update(bytes).digest()),
  };
}

export function machineSpeedLine(when: string, speed: MachineSpeed): string {
  return (
    `machine speed ${when} (a workload no change to Bimetal alters; medians of ${RUNS}): ` +
    `sorting ${SORTED_NUMBERS.toLocaleString('en-US')} numbers in JavaScript ${speed.sortMs.toFixed(0)} ms, ` +
    `SHA-256 of ${HASHED_BYTES / 1024 / 1024} MB ${speed.hashMs.toFixed(0)} ms`
  );
}
