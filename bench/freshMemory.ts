/**
 * What first touches of memory cost on this machine. A process's page faults (each a first touch
 * of a 4 KB page it had not used, or had given back) take no time a JavaScript profile shows, yet
 * on the 2-core virtual machine the benches run on each cost 12–20 µs: the WebAssembly runtimes, a
 * heap that grows, an AST that lives on. The benches print a run's faults beside their price,
 * measured in the same run, so that time is not mistaken for computation.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * µs per first touch of a 4 KB page: a zeroed buffer is mapped by the allocator and not touched
 * until written, so writing one byte per page faults each one in.
 */
export function freshPageMicroseconds(): number {
  const bytes = 256 * 1024 * 1024;
  const pages = new Uint8Array(bytes);
  const started = performance.now();
  for (let at = 0; at < bytes; at += 4096) pages[at] = 1;
  return ((performance.now() - started) * 1000) / (bytes / 4096);
}

/** This process's minor page faults so far (process.resourceUsage). */
export function pageFaults(): number {
  return process.resourceUsage().minorPageFault;
}

/** `faults` and what they cost at `microseconds` each: "12,345 (≈ 0.16 s)". */
export function faultCost(faults: number, microseconds: number): string {
  return `${faults.toLocaleString('en-US')} (≈ ${((faults * microseconds) / 1e6).toFixed(2)} s)`;
}

/**
 * A full garbage collection, callable from a process started without `--expose-gc`: after it, the
 * heap holds only what is alive, and V8 keeps the freed pages for what is allocated next.
 */
export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
