/**
 * Runs a CommonJS bundle with V8's code cache: the bytecode of a run's compiled functions is kept
 * in a file, and the next run of the same bundle takes it instead of parsing and compiling them
 * again (what `module.enableCompileCache()` does from Node 22; the project runs on Node 20). For
 * the 2 MB command-line bundle that is about a tenth of a one-recipe `bimetal score`
 * (`npm run bench -- batch` prints both starts).
 *
 * The cache is only ever an optimisation: a missing, unreadable, stale or damaged file, or a
 * folder that cannot be written, leaves the bundle compiled from its source as before. V8 itself
 * refuses cached data from another V8 version or other flags, but checks only the header and the
 * source's length, and a damaged body crashes the process: so the file is named by a hash of the
 * bundle's text, and holds a hash of its data, checked before V8 sees it.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

/** How a run met its cache: taken, none yet (or unreadable, or damaged), refused by V8, or not asked for. */
export type CacheUse = 'accepted' | 'absent' | 'rejected' | 'disabled';

export interface CompiledBundle {
  readonly cacheUse: CacheUse;
  /** Runs the bundle as the CommonJS module `file`: its own require, module, __filename and __dirname. */
  run(): void;
  /**
   * Writes the code cache from what has been compiled so far (after a run: the functions it
   * called) when the run did not take one. Never throws: a folder it cannot write is skipped.
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
  // `OFF` too: taken for a folder's name, it made a folder `OFF` in a job's working directory.
  if (chosen?.toLowerCase() === 'off') return undefined;
  return path.resolve(chosen || path.join(tmpdir(), `bimetal-compile-cache-${process.getuid?.() ?? 'user'}`));
}

/**
 * `file`, compiled with the cache in `cacheFolder`. Without a folder, or with `--enable-source-maps`
 * (Node maps no stack trace of code compiled through node:vm), it is run by an ordinary `require`.
 * `variant` names what else decides which functions a run compiles (the subcommand): each variant
 * keeps a cache of its own.
 */
export function compileBundle(file: string, cacheFolder: string | undefined, variant: string): CompiledBundle {
  if (!cacheFolder || process.sourceMapsEnabled) {
    return { cacheUse: 'disabled', run: () => createRequire(file)(file), saveCache() {} };
  }
  // Hashed as read: hashing the decoded text took 5 ms of each start against 2 for its bytes.
  const bytes = readFileSync(file);
  const source = bytes.toString('utf8');
  const cache = cacheFileFor(file, bytes, cacheFolder, variant);
  const cachedData = readCache(cache.file);
  const script = new Script(wrap(source), { filename: file, cachedData });
  const cacheUse: CacheUse = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return {
    cacheUse,
    run() {
      const module = { exports: {}, filename: file, id: file, loaded: false, children: [], paths: [] };
      const moduleFunction = script.runInThisContext() as (...args: unknown[]) => void;
      moduleFunction.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
      module.loaded = true;
    },
    saveCache() {
      if (cacheUse === 'accepted') return;
      try {
        writeCache(cacheFolder, cache, script.createCachedData());
      } catch {
        // A cache that cannot be written costs the next run its compile, nothing else.
      }
    },
  };
}

interface CacheFile {
  file: string;
  /** The start of the names of this install's, Node's, variant's and flags' caches, whichever build of the bundle they hold. */
  prefix: string;
}

/**
 * `<bundle>-<variant>-<install, Node, flags>-<text>.v8cache`: a rebuilt bundle gets a file of its
 * own and replaces its older ones (writeCache), while another install, Node version or set of Node
 * flags (which V8's check would refuse) keeps its own instead of overwriting this one's.
 */
function cacheFileFor(file: string, bundle: Buffer, folder: string, variant: string): CacheFile {
  const where = shortHash([file, process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? '']);
  const prefix = `${path.basename(file, '.js')}-${variant.replace(/[^A-Za-z0-9]/g, '').slice(0, 20) || 'none'}-${where}-`;
  return { file: path.join(folder, `${prefix}${shortHash([bundle])}.v8cache`), prefix };
}

function shortHash(parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** A cache file: this many bytes of SHA-256 of the data, then the data V8 made. */
const DIGEST_BYTES = 32;

/**
 * The cached data, or undefined when the file is missing, unreadable or damaged (its hash does not
 * match), or when it or its folder could have been written by another user: cached bytecode runs
 * as this user's code, and the default folder lies in the shared temporary folder.
 */
function readCache(file: string): Buffer | undefined {
  try {
    if (!writableOnlyByMe(path.dirname(file)) || !writableOnlyByMe(file)) return undefined;
    const bytes = readFileSync(file);
    const data = bytes.subarray(DIGEST_BYTES);
    return bytes.length > DIGEST_BYTES && createHash('sha256').update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Owned by this user, writable by no one else, and no symbolic link; on a system without POSIX owners (Windows), any file. */
function writableOnlyByMe(file: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  const stat = lstatSync(file);
  return !stat.isSymbolicLink() && stat.uid === uid && (stat.mode & 0o022) === 0;
}

/** Written whole under a temporary name, then renamed: parallel runs (shards) never read half a file. Older builds' caches of the same prefix go. */
function writeCache(folder: string, cache: CacheFile, data: Buffer): void {
  // The folder itself only, in a parent that exists: a mistyped TMPDIR or BIMETAL_COMPILE_CACHE
  // made every missing folder of its path (`/nonexistent/…`, as root).
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!writableOnlyByMe(folder)) return;
  const partial = `${cache.file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, Buffer.concat([createHash('sha256').update(data).digest(), data]), { mode: 0o600 });
    renameSync(partial, cache.file);
  } finally {
    rmSync(partial, { force: true });
  }
  const name = path.basename(cache.file);
  for (const other of readdirSync(folder)) {
    if (other.startsWith(cache.prefix) && other.endsWith('.v8cache') && other !== name) rmSync(path.join(folder, other), { force: true });
  }
}

