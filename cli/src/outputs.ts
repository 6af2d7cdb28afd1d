/**
 * What the command line writes: the files named by `--out` (`import`, `calibrate`) and standard
 * output (every command). A file is replaced whole or not at all, never by one of the run's own
 * inputs; a write that fails is one `bimetal: cannot write …` message and exit 2, whichever
 * command wrote.
 */
import { randomBytes } from 'node:crypto';
import { fstatSync, type Stats } from 'node:fs';
import { open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from './inputs';

/** A write error in words; the system's message for anything rarer than these. */
export function describeWriteError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EFBIG':
      return 'the file is larger than this process may write (ulimit -f)';
    case 'ENOENT':
      return 'its folder does not exist';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return (error as Error).message;
  }
}

/**
 * Refuses an output file that is one of the inputs (`-`: whatever standard input was redirected
 * from), under whatever name: the same file after links, hard ones included, as the system
 * identifies it. Writing it would replace what the run reads, and for `import` the rejected rows,
 * which exist nowhere else. Called before any work, so the refusal costs nothing.
 */
export async function refuseInputAsOutput(out: string, inputs: readonly string[]): Promise<void> {
  const target = await stat(out).catch(() => undefined);
  // A file that does not exist yet is no input.
  if (!target) return;
  for (const input of inputs) {
    const read = input === '-' ? standardInputFile() : await stat(input).catch(() => undefined);
    if (read && read.dev === target.dev && read.ino === target.ino) {
      const named = input === '-' ? 'standard input' : input === out ? 'an input' : `the input ${input}`;
      throw new InputError(`--out ${out} is ${named}: writing it would replace what is being read; name another file`);
    }
  }
}

/** What standard input reads from (a file it was redirected from, a pipe, a terminal), if the system says. */
function standardInputFile(): Stats | undefined {
  try {
    return fstatSync(0);
  } catch {
    return undefined;
  }
}

/**
 * Writes `text` to `file` whole or not at all: into a new file beside it, flushed to the disk, then
 * renamed over it, so a full disk or a crash leaves the previous file as it was (never a truncated
 * one that still looks usable) and the new file is only seen complete. The temporary file is
 * removed when anything fails. Through a link, the file it points to is replaced and the link
 * stays; the replaced file's permissions are kept.
 */
export async function writeFileWhole(file: string, text: string): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const previous = await stat(target).catch(() => undefined);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx');
    if (previous?.isFile()) await handle.chmod(previous.mode & 0o7777);
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new InputError(`cannot write ${file}: ${describeWriteError(error)}`);
  }
}

/**
 * How every command meets a failing standard output. A reader that closes the pipe early
 * (`bimetal check … | head`) has taken what it wanted: the run stops quietly, with 0. Any other
 * failure (a full disk, `> /dev/full`) is an I/O error: one line on standard error and exit 2.
 * Without a listener, Node prints the error's stack as an unhandled 'error' event and exits 1.
 */
export function handleStandardOutputErrors(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`bimetal: cannot write standard output: ${describeWriteError(error)}\n`);
    process.exit(2);
  });
}
