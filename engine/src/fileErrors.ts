/**
 * A file system error in words, the same wherever the command line or the editor meets it. Only a
 * missing path reads differently by what was being done: a file read is missing, a file written
 * lacks its folder, a folder asked for is missing. Codes rarer than these keep the system's message.
 * A file written can also be refused ENOENT by a folder that exists: a virtual file system such as
 * /proc creates no files (`--out /proc/x.bimetal` was told "its folder does not exist"). Whether
 * the folder exists is the caller's to find out (this module reads no file system, for the Web
 * Worker's sake), and to say as `folderExists`.
 */
export type FileAccess = 'read' | 'write' | 'folder';

const MISSING: Record<FileAccess, string> = {
  read: 'no such file',
  write: 'its folder does not exist',
  folder: 'no such folder',
};

const WORDS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  // A non-blocking open of a FIFO or device (boundedFile.ts opens so, to never wait on one).
  EAGAIN: 'it is not a regular file (a device, pipe or socket)',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this process may write (ulimit -f)',
  EROFS: 'the file system is read-only',
};

/** What ENOENT on a write means when the folder is there after all. */
const NOT_CREATED = 'its folder exists but takes no new files (a virtual file system, such as /proc)';

export function describeFileError(error: unknown, access: FileAccess, folderExists = false): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return access === 'write' && folderExists ? NOT_CREATED : MISSING[access];
  if (typeof code === 'string' && Object.hasOwn(WORDS, code)) return WORDS[code];
  return error instanceof Error ? error.message : String(error);
}
