/**
 * Reads a file named by a user's document (a recipe's `structure "…"`, a featurize input's
 * structure path) without trusting it: only a regular file is read, never a device, pipe, socket
 * or a /proc or /sys pseudo-file, and never more than `maxBytes`, so `/dev/zero` cannot hang the
 * tool and a huge file cannot exhaust its memory. Node only.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { describeFileError } from './fileErrors';
import { mebibytes } from './numberText';

export type BoundedRead = { text: string } | { reason: string };

/** Pseudo-file systems whose "regular files" are generated on read (and may be endless or secret). */
const SYSTEM_FOLDERS = ['/proc/', '/sys/', '/dev/'];

export function readRegularFileSync(file: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    // The link's target decides: a link named core.xyz may point into /proc.
    const real = realpathSync(file);
    if (SYSTEM_FOLDERS.some((folder) => real.startsWith(folder))) return { reason: 'it is a system file (/proc, /sys or /dev), not a file on disk' };
    // Non-blocking, so opening a FIFO with no writer returns at once instead of waiting forever.
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { reason: describeFileError(error, 'read') };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { reason: 'it is a folder' };
    if (!stat.isFile()) return { reason: 'it is not a regular file (a device, pipe or socket)' };
    if (stat.size > maxBytes) return { reason: `it is ${mebibytes(stat.size)}, over the ${mebibytes(maxBytes)} limit` };
    // Read at most one byte past the limit: a file that grows while being read is still caught.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return { reason: `it is over the ${mebibytes(maxBytes)} limit` };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    return { reason: describeFileError(error, 'read') };
  } finally {
    closeSync(fd);
  }
}

