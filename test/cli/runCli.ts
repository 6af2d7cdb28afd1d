import { spawnSync } from 'node:child_process';
import path from 'node:path';

export { ensureBuilt } from '../helpers/build';

/**
 * Runs the built command line (`node dist/cli.js …`) the way users and pipelines do, after
 * ensureBuilt (test/helpers/build.ts) when a test file runs alone.
 */
export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `stdin`, `stdout`: a file descriptor to give the command instead of a pipe (a redirection, `> /dev/full`). */
export function runCli(args: string[], options: { input?: string; cwd?: string; stdin?: number; stdout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    stdio: [options.stdin ?? 'pipe', options.stdout ?? 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 120_000,
    // Scoring every example prints several megabytes of JSON.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr };
}
