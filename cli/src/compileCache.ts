/**
 * Runs a CommonJS bundle with V8's code cache: the bytecode of a run's compiled functions is kept
 * in a file, and the next run of the same bundle takes it instead of parsing and compiling them
 * again (what `module.enableCompileCache()` does from Node 22; the project runs on Node 20). For
 * the 2 MB command-line bundle that is about a tenth of a one-recipe `bimetal score`
 * (`npm run bench -- batch` prints both starts).
 *
 * The cache is only ever an optimisation: a missing, unreadable, stale or corrupt file, or a
 * folder that cannot be written, leaves the bundle compiled from its source as before. V8 itself
 * refuses cached data from another V8 version or other flags, and the file is named by a hash of
 * the bundle's text (V8 checks only its length), so an edited bundle never meets an old cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

/** How a run met its cache: taken, none yet (or unreadable), refused by V8, or not asked for. */
export type CacheUse = 'accepted' | 'absent' | 'rejected' | 'disabled';

export interface CompiledBundle {
  readonly cacheUse: CacheUse;
  /** Runs the bundle as the CommonJS module `file`: its own require, module, __filename and __dirname. */
  run(): void;
  /**
   * Writes the code cache from what has been compiled so far (after a run: the functions it
   * called), when the run did not take one. Never throws: a folder it cannot write is skipped.
   */
  saveCache(): void;
}

/** The environment variable that moves the cache folder, or turns the cache off with `off`. */
export const CACHE_VARIABLE = 'BIMETAL_COMPILE_CACHE';

/**
 * The cache folder: `$BIMETAL_COMPILE_CACHE`, or one of this user's own in the temporary folder;
 * undefined when the variable says `off`.
 */
export function compileCacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env[CACHE_VARIABLE];
  if (chosen === 'off') return undefined;
  return chosen || path.join(tmpdir(), `bimetal-compile-cache-${process.getuid?.() ?? 'user'}`);
}

export function compileBundle(file: string, cacheFolder: string | undefined): CompiledBundle {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheFolder && cacheFileFor(file, source, cacheFolder);
  const cachedData = cacheFile ? readOwnFile(cacheFile) : undefined;
  const script = new Script(wrap(source), { filename: file, cachedData });
  const cacheUse: CacheUse = !cacheFile ? 'disabled' : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return {
    cacheUse,
    run() {
      const module = { exports: {}, filename: file, id: file, loaded: false, children: [], paths: [] };
      const moduleFunction = script.runInThisContext() as (...args: unknown[]) => void;
      moduleFunction.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
      module.loaded = true;
    },
    saveCache() {
      if (!cacheFile || !cacheFolder || cacheUse === 'accepted') return;
      try {
        writeCache(cacheFolder, cacheFile, script.createCachedData());
      } catch {
        // A cache that cannot be written costs the next run its compile, nothing else.
      }
    },
  };
}

/** `<bundle name>-<hash of its text and the Node version>.v8cache`: a rebuilt bundle or another Node gets a file of its own. */
function cacheFileFor(file: string, source: string, folder: string): string {
  const key = createHash('sha256').update(process.version).update('\0').update(process.arch).update('\0').update(source).digest('hex').slice(0, 32);
  return path.join(folder, `${path.basename(file, '.js')}-${key}.v8cache`);
}

/**
 * The file's bytes, or undefined when it is missing or unreadable, or when it or its folder could
 * have been written by another user: cached bytecode runs as this user's code, and the default
 * folder lies in the shared temporary folder.
 */
function readOwnFile(file: string): Buffer | undefined {
  try {
    if (!writableOnlyByMe(path.dirname(file)) || !writableOnlyByMe(file)) return undefined;
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Owned by this user and writable by no one else; on a system without POSIX owners (Windows), any file. */
function writableOnlyByMe(file: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  const stat = statSync(file);
  return stat.uid === uid && (stat.mode & 0o022) === 0;
}

/** Written whole under a temporary name, then renamed: parallel runs (shards) never read half a file. Older caches of the same bundle go. */
function writeCache(folder: string, file: string, data: Buffer): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!writableOnlyByMe(folder)) return;
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, data, { mode: 0o600 });
  renameSync(partial, file);
  const prefix = path.basename(file).replace(/-[0-9a-f]+\.v8cache$/, '-');
  for (const other of readdirSync(folder)) {
    if (other.startsWith(prefix) && other.endsWith('.v8cache') && other !== path.basename(file)) rmSync(path.join(folder, other), { force: true });
  }
}
