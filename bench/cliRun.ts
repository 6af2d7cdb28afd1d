/**
 * One run of the built command line, `bimetal score`, as a user runs it (a fresh process, output
 * redirected to a file), with the process's own peak memory, CPU time and page faults (usage.cjs).
 * Shared by the batch bench and the side-by-side bench with the Python peer, so both time the
 * program as shipped.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CACHE_VARIABLE } from '../cli/src/compileCache';

export const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

export interface CliRun {
  seconds: number;
  cpuSeconds: number;
  peakBytes: number;
  /** Minor page faults: each is a first touch of a page of memory the process had not used. */
  pageFaults: number;
  /** What it wrote to standard output: read from its file, so only before the next run in that format writes the file again. */
  stdout(): string;
  /** The lines of that output, counted without holding it (a large family's output can outgrow a string). */
  stdoutLines(): number;
}

/**
 * One run with its output redirected to a file, as a user writes `bimetal score … > out.csv`; the file is read after the clock stops.
 * The code cache lives in `dir`, so every run after the first starts from it, as every run after a user's first does.
 * `extra`: Node's options; `options`: bimetal's, after the file.
 */
export function scoreWithCli(format: 'csv' | 'jsonl', file: string, dir: string, extra: string[] = [], env: Record<string, string> = {}, options: string[] = []): CliRun {
  const usageFile = path.join(dir, 'usage.json');
  const outputFile = path.join(dir, `output.${format}`);
  const output = openSync(outputFile, 'w');
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-r', path.join(__dirname, 'usage.cjs'), ...extra, CLI, 'score', '--format', format, file, ...options], {
    env: { ...process.env, BIMETAL_USAGE_FILE: usageFile, [CACHE_VARIABLE]: path.join(dir, 'compile-cache'), ...env },
    stdio: ['ignore', output, 'pipe'],
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  closeSync(output);
  if (result.status !== 0) throw new Error(`bimetal score exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { peakBytes: number; cpuSeconds: number; pageFaults: number };
  return { seconds, ...usage, stdout: () => readFileSync(outputFile, 'utf8'), stdoutLines: () => lineCount(outputFile) };
}

function lineCount(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let lines = 0;
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let at = buffer.indexOf(10); at !== -1 && at < read; at = buffer.indexOf(10, at + 1)) lines++;
    }
    return lines;
  } finally {
    closeSync(fd);
  }
}
