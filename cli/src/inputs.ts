/**
 * Reads the documents named on the command line (files, or `-` for standard input). A file that
 * cannot be read becomes an InputError naming it, so one bad argument does not stop the others.
 */
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One document named on the command line: a file, or `-` for standard input. */
export interface InputDocument {
  /** The name printed in diagnostics and records: the path as given, or `<stdin>`. */
  name: string;
  text: string;
  /** Folder that relative `structure` paths are resolved against. */
  baseDir: string;
}

export const STDIN_NAME = '<stdin>';

export class InputError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function describeReadError(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${file}: no such file`;
  if (code === 'EISDIR') return `${file}: is a directory, not a .bimetal file`;
  if (code === 'EACCES') return `${file}: permission denied`;
  return `${file}: cannot be read (${(error as Error).message})`;
}

/** Reads one argument; throws InputError with a message naming the file when it cannot be read. */
export async function readInput(arg: string): Promise<InputDocument> {
  if (arg === '-') return { name: STDIN_NAME, text: await readStdin(), baseDir: process.cwd() };
  try {
    const text = await readFile(arg, 'utf8');
    return { name: arg, text, baseDir: path.dirname(path.resolve(arg)) };
  } catch (error) {
    throw new InputError(describeReadError(arg, error));
  }
}

/** A readable stream of the argument's bytes (`-`: standard input); throws InputError when the file cannot be opened. */
export async function openInputStream(arg: string): Promise<NodeJS.ReadableStream> {
  if (arg === '-') return process.stdin;
  try {
    const handle = await open(arg, 'r');
    return handle.createReadStream({ encoding: 'utf8' });
  } catch (error) {
    throw new InputError(describeReadError(arg, error));
  }
}
