/**
 * Runs a TypeScript file in a fresh Node process through tsx, from the repository root: for code
 * that must start clean (a generator's `--check`, a process-wide singleton's first load).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** `output` is stdout then stderr; `stdout` alone, for a caller that reads its lines. */
export function runTypeScript(file: string, args: string[] = []): { status: number | null; output: string; stdout: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: run.stdout + run.stderr, stdout: run.stdout };
}
