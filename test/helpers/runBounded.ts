import { spawnSync } from 'node:child_process';

export interface BoundedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  output: string;
  reason: string;
}

/**
 * Runs a command to completion in its own process group, killing the whole group past the timeout:
 * editors and code-server start children (language servers, extension hosts) that must not outlive
 * a hung run.
 */
export function runBounded(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): BoundedRun {
  const r = spawnSync('setsid', ['--wait', cmd, ...args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  const reason = r.error ? String(r.error) : r.signal ? `killed by ${r.signal} after ${opts.timeoutMs} ms` : `exit ${r.status}`;
  return { status: r.status, stdout, stderr, output: `${stdout}${stderr}`, reason };
}
