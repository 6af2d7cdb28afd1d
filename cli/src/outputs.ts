/**
 * What the command line writes: the files named by `--out` (`import`, `calibrate`) and standard
 * output (every command). A regular file is replaced whole or not at all, never by one of the run's own
 * inputs; a write that fails is one `bimetal: cannot write …` message and exit 2, whichever
 * command wrote.
 */
import { randomBytes } from 'node:crypto';
import { close, fchmod, fsync, lstatSync, openSync, readdirSync, readlinkSync, statSync, unlinkSync, writeFile as writeToFile, type Stats } from 'node:fs';
import { realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeFileError } from '../../engine/src/fileErrors';
import { InputError, inputFileId, type IdentifiedInput } from './inputs';

/**
 * Refuses an output file that is one of the inputs (`-`: whatever standard input was redirected
 * from), under whatever name: the same file after links, hard ones included, as the system
 * identifies it (the inputs as identifyInputs looked them up, once). Writing it would replace what
 * the run reads, and for `import` the rejected rows, which exist nowhere else. Called before any
 * work, so the refusal costs nothing.
 */
export function refuseInputAsOutput(out: string, inputs: readonly IdentifiedInput[]): void {
  const target = inputFileId(out);
  // A file that does not exist yet is no input.
  if (!target) return;
  const input = inputs.find((i) => i.fileId === target)?.arg;
  if (input === undefined) return;
  const named = input === '-' ? 'standard input' : input === out ? 'an input' : `the input ${input}`;
  throw new InputError(`--out ${out} is ${named}: writing it would replace what is being read; name another file`);
}

/**
 * Refuses an output file that is one of the files the run reads besides its arguments: a file of
 * the models folder, a structure (XYZ) file a recipe names. Compared as refuseInputAsOutput
 * compares, by the file the system identifies (links and hard links included), each path looked
 * up once. `kind` says what such a file is, e.g. 'a structure file a recipe names'. Calibrate's
 * --out over a model file it had just read, or import's over the recipes' core.xyz, replaced it.
 */
export function refuseReadFileAsOutput(out: string, files: Iterable<string>, kind: string): void {
  const target = inputFileId(out);
  if (!target) return;
  const looked = new Set<string>();
  for (const file of files) {
    const absolute = path.resolve(file);
    if (looked.has(absolute)) continue;
    looked.add(absolute);
    if (inputFileId(absolute) !== target) continue;
    const named = absolute === path.resolve(out) ? '' : ` (${file})`;
    throw new InputError(`--out ${out} is ${kind}${named}: writing it would replace what is being read; name another file`);
  }
}

/**
 * Refuses an output file that does not exist yet but would be created in `folder` under one of
 * `names`, the files a reader of that folder looks for there even when they are absent (the models
 * folder's, MODEL_FILES: the site model and its terms are optional), so that the next run reads it
 * as one of them; refuseReadFileAsOutput refuses those that exist. Through a link to nothing yet,
 * where writing it would create the file (pathLinksName); the folder compared as
 * refuseReadFileAsOutput compares files, by the one the system identifies. `calibrate --models
 * DIR --out DIR/site-v2.terms.json` wrote a calibration where the site model's terms are read.
 */
export function refuseFolderFileAsOutput(out: string, folder: string | undefined, names: readonly string[], kind: string): void {
  if (folder === undefined) return;
  try {
    statSync(out);
    return;
  } catch (error) {
    // As writeFileWhole, only a path that ends in nothing is created (through links: pathLinksName, which a cycle of links never reaches).
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  const created = pathLinksName(out);
  if (!names.includes(path.basename(created))) return;
  const at = inputFileId(path.dirname(path.resolve(created)));
  if (at === undefined || at !== inputFileId(folder)) return;
  const named = path.resolve(created) === path.resolve(out) ? '' : ` (${created})`;
  throw new InputError(`--out ${out} is ${kind}${named}: writing it would replace what is being read; name another file`);
}

/** The files of a folder the run reads (the models folder), as paths; none when it cannot be listed (its reader says why). */
export function filesOfFolder(dir: string | undefined): string[] {
  if (dir === undefined) return [];
  try {
    return readdirSync(dir).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/**
 * Writes `text` to `file`. A regular file, or one that does not exist yet, is written whole or not
 * at all: into a new file beside it, flushed to the disk, then renamed over it, so a full disk or a
 * crash leaves the previous file as it was (never a truncated one that still looks usable) and the
 * new file is only seen complete. The temporary file is removed when anything fails. Through a
 * link, the file it points to is replaced and the link stays, the replaced file's permissions
 * kept; a link to nothing yet creates the file it names. Anything else (a named pipe, a device such
 * as /dev/null or /dev/stdout, a socket) is written straight to: replacing it would take it away
 * from whoever reads it, and needs a permission to its folder that writing it does not.
 */
export async function writeFileWhole(file: string, text: string): Promise<void> {
  try {
    const existing = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (existing && !existing.isFile()) await writeFile(file, text);
    else await replaceWhole(existing ? await realpath(file) : pathLinksName(file), text, existing);
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${describeFileError(error, 'write', failedInExistingFolder(error, file))}`);
  }
}

/** Whether the folder of the file a write failed on (the temporary file, else `file`) is there: ENOENT from a folder that exists is no missing folder. */
function failedInExistingFolder(error: unknown, file: string): boolean {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  const failed = (error as NodeJS.ErrnoException).path ?? file;
  try {
    return statSync(path.dirname(path.resolve(failed))).isDirectory();
  } catch {
    return false;
  }
}

/** The file descriptor calls of replaceWhole, which opens its temporary file synchronously. */
const fchmodAsync = promisify(fchmod);
const writeFileAsync = promisify(writeToFile);
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);

/** Writes `target` (a regular file or none) through a temporary file beside it, renamed over it. */
async function replaceWhole(target: string, text: string, previous: Stats | undefined): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    // Made at once (not in the thread pool) and known to the signal handler from then on: a signal
    // while an asynchronous open was under way would find nothing to remove, then the file appear.
    fd = openSync(temporary, 'wx');
    removeOnSignal(temporary);
    if (previous) await fchmodAsync(fd, previous.mode & 0o7777);
    await writeFileAsync(fd, text);
    await fsyncAsync(fd);
    const written = fd;
    fd = undefined;
    await closeAsync(written);
    await rename(temporary, target);
  } catch (error) {
    if (fd !== undefined) await closeAsync(fd).catch(() => undefined);
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    keepOnSignal(temporary);
  }
}

/** The signals that end a run from outside: Ctrl-C, `kill`, a closed terminal. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Temporary files being written (replaceWhole), which a signal must not leave behind. */
const temporaries = new Set<string>();

/**
 * A signal ends the run without any catch seeing it: Ctrl-C during an --out write left the hidden
 * `.NAME.PID-XXXX.tmp` beside the target for good. The temporary files are removed (the target is
 * untouched: the rename has not happened, or has and the file is complete), then the signal is
 * raised again with this handler gone, so the run ends as interrupted (130 for SIGINT, 143 for SIGTERM), as progress.ts does.
 */
function removeTemporaries(signal: NodeJS.Signals): void {
  for (const file of temporaries) {
    try {
      unlinkSync(file);
    } catch {
      // Not made yet, or already renamed over the target.
    }
  }
  temporaries.clear();
  for (const s of ENDING_SIGNALS) process.off(s, removeTemporaries);
  process.kill(process.pid, signal);
}

function removeOnSignal(file: string): void {
  if (temporaries.size === 0) for (const signal of ENDING_SIGNALS) process.on(signal, removeTemporaries);
  temporaries.add(file);
}

/** The file is renamed or removed: a signal from now on ends the run as it would have without it. */
function keepOnSignal(file: string): void {
  if (!temporaries.delete(file) || temporaries.size > 0) return;
  for (const signal of ENDING_SIGNALS) process.off(signal, removeTemporaries);
}

/**
 * The path a file that does not exist is to be created at: `file` itself, or, when it is a link
 * to nothing yet (through further links), the path the last link names, so that the link stays.
 * Only called when following `file` ends in nothing (ENOENT), so the links form no cycle.
 */
function pathLinksName(file: string): string {
  let named = file;
  while (lstatOrNone(named)?.isSymbolicLink()) named = path.resolve(path.dirname(named), readlinkSync(named));
  return named;
}

function lstatOrNone(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/**
 * How every command meets a failing standard output. A reader that closes the pipe early
 * (`bimetal check … | head`) has taken what it wanted: what the command still writes is dropped
 * (each write fails the same way, quietly), but the command runs to its end and exits with its own
 * status, 1 when there are errors, so that `set -o pipefail; bimetal check … | grep -q …` still
 * fails on broken files; `score` alone stops making records no one can read (commands/score.ts). Any other failure (a full disk, `> /dev/full`) is an I/O error: one line
 * on standard error and exit 2. Without a listener, Node prints the error's stack as an unhandled
 * 'error' event and exits 1.
 */
export function handleStandardOutputErrors(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`bimetal: cannot write standard output: ${describeFileError(error, 'write')}\n`);
    process.exit(2);
  });
  // Standard error closed by its reader (`2>&1 | head`) has nowhere left to report its own failure;
  // unheard, it made Node exit 1, an error diagnostic there was none of.
  process.stderr.on('error', () => undefined);
}
