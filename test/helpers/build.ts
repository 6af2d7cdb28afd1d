/**
 * The bundles in dist/ that tests run (the command line, the language server) built from the
 * sources as they are now. `npm test` builds first; a test file run alone (`node scripts/run-tests.mjs
 * test/cli/…`) would otherwise run whatever bundle an earlier build left, and pass or fail on old
 * code. esbuild's metafiles (dist/meta-*.json, written by scripts/build.mjs) list every input of
 * each bundle, so "current" is: no input newer than its bundle.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const LOCK = path.join(DIST, '.build-lock');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

function modified(root: string, file: string): number | undefined {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether every bundle esbuild wrote under `root`/dist is at least as new as each of its inputs (false without a build). */
export function bundlesAreCurrent(root = ROOT): boolean {
  const dist = path.join(root, 'dist');
  let metafiles: string[];
  try {
    metafiles = readdirSync(dist).filter((f) => /^meta-.+\.json$/.test(f));
  } catch {
    return false;
  }
  if (metafiles.length === 0) return false;
  for (const name of metafiles) {
    let meta: Metafile;
    try {
      meta = JSON.parse(readFileSync(path.join(dist, name), 'utf8')) as Metafile;
    } catch {
      // Being written by another process's build, or damaged: not a build to trust.
      return false;
    }
    const built = Object.keys(meta.outputs).map((output) => modified(root, output));
    if (built.some((t) => t === undefined)) return false;
    const oldest = Math.min(...(built as number[]));
    for (const input of Object.keys(meta.inputs)) {
      const changed = modified(root, input);
      if (changed === undefined || changed > oldest) return false;
    }
  }
  return true;
}

/** Whether this process found the bundles current (or built them): a test file asks once per test. */
let checked = false;

/** Builds dist/ unless it is current. Test files run at once take turns (a lock folder), so one builds and the others find it done. */
export function ensureBuilt(): void {
  if (checked || bundlesAreCurrent()) {
    checked = true;
    return;
  }
  mkdirSync(DIST, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building. A lock older than any build is one a killed run left behind.
      if (Date.now() - lockAge() > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!bundlesAreCurrent()) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    checked = true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** A build takes well under a minute; a lock held five times that long belongs to no running build. */
const STALE_LOCK_MS = 300_000;

/** When the lock was taken (its folder's time), or now when it is gone. */
function lockAge(): number {
  try {
    return statSync(LOCK).mtimeMs;
  } catch {
    return Date.now();
  }
}
