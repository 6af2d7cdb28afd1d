import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs the built command line (`node dist/cli.js …`) the way users and pipelines do. `npm test`
 * builds first; when run alone and dist/cli.js is missing, it is built once here.
 */
export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

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
