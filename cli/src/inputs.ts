/**
 * Reads the documents named on the command line (files, or `-` for standard input). A file that
 * cannot be read becomes an InputError naming it, so one bad argument does not stop the others.
 */
import { fstatSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describeFileError } from '../../engine/src/fileErrors';
import { decodeText, textEncodingOf } from '../../engine/src/textDecoding';
import { CODES, fileSizeMessage, LineIndex, MAX_DOCUMENT_CHARS } from '../../grammar/src/index';

/** One document named on the command line: a file, or `-` for standard input. */
export interface InputDocument {
  /** The name printed in diagnostics and records: the path as given, or `<stdin>`. */
  name: string;
  text: string;
  /** Folder that relative `structure` paths are resolved against. */
  baseDir: string;
}

export const STDIN_NAME = '<stdin>';

/** A file the user named that cannot be read, or written (outputs.ts): main prints the message alone and exits 2. */
export class InputError extends Error {}

class TooLarge extends Error {
  /** The file's size, or 'unknown' for a stream stopped at the limit. */
  constructor(readonly size: number | 'unknown') {
    super('too large');
  }
}

/** Reads a stream up to the document size limit; a longer one (a device, an endless pipe) stops there. */
async function readBounded(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_DOCUMENT_CHARS) throw new TooLarge('unknown');
    chunks.push(bytes);
  }
  return decodeText(Buffer.concat(chunks));
}

/** Refuses a file over the size limit from its size alone, before reading it; streams anything else with the bound. */
async function readFileBounded(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > MAX_DOCUMENT_CHARS) throw new TooLarge(info.size);
    return await readBounded(handle.createReadStream({ autoClose: false }));
  } finally {
    await handle.close();
  }
}

/**
 * Bytes that are not UTF-8 (a table or recipe file saved as Windows-1252: `café`, `Å`) decode to
 * U+FFFD, which a note, a string or a comment would take in unseen: said once, at the first, with
 * why such a file is not UTF-8 and how to save it so.
 */
export function notUtf8Note(input: Pick<InputDocument, 'name' | 'text'>, what: string, why: string, saveAs: string): string[] {
  const at = input.text.indexOf('\uFFFD');
  if (at < 0) return [];
  const { line, character } = new LineIndex(input.text).positionAt(at);
  return [`${input.name}:${line + 1}:${character + 1}: note: ${what} is not UTF-8 here (${why}), so these characters are read as �; ${saveAs} to keep them`];
}

/** What a command reads, as a folder given in its place is told it is not. */
const RECIPE_FILE = 'a .bimetal file';

/** Why `file` cannot be read, with its code (BM123) as a file over the size limit has BM120, so both are looked up alike. */
function describeReadError(file: string, error: unknown, kind: string): string {
  return `${file}: ${unreadableInputText(error, kind)}`;
}

/**
 * Why a file the command reads, `kind`, cannot be read, after its code BM123: every input's read
 * failure carries it (recipe files, `import`'s table, `featurize`'s input, `--calibration`'s file).
 */
export function unreadableInputText(error: unknown, kind: string): string {
  const why = (error as NodeJS.ErrnoException).code === 'EISDIR' ? `is a directory, not ${kind}` : describeFileError(error, 'read');
  return `${CODES.unreadableInput.code} ${why}`;
}

/**
 * The file an argument reads (`-`: whatever standard input was redirected from) as the system
 * identifies it, the same under any name, links and hard links included; undefined when it has no
 * such file (one that does not exist). In bigint: 64-bit file ids (NTFS's) lose their low bits as
 * Numbers, so two files could compare equal.
 */
export function inputFileId(arg: string): string | undefined {
  try {
    const found = arg === '-' ? fstatSync(0, { bigint: true }) : statSync(arg, { bigint: true });
    return `${found.dev}:${found.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * An argument with the file it reads (inputFileId), looked up once and handed to everything that
 * compares files: distinctInputs, and refuseInputAsOutput for a command that writes a file.
 */
export interface IdentifiedInput {
  readonly arg: string;
  readonly fileId: string | undefined;
}

/** Each argument with its file, one lookup each. */
export function identifyInputs(args: readonly string[]): IdentifiedInput[] {
  return args.map((arg) => ({ arg, fileId: inputFileId(arg) }));
}

/**
 * The arguments that name distinct documents, in order, each as first written: a file named twice
 * (`a.bimetal a.bimetal`, `a.bimetal ./a.bimetal`, a link to it, standard input redirected from it,
 * a glob that matches a file also named beside it) is one document and is read once. Read twice,
 * its labels conflicted with themselves (BM420) and a BM421 counted each of its members twice, on
 * both copies.
 */
export function distinctInputs(inputs: readonly IdentifiedInput[]): string[] {
  const seen = new Set<string>();
  const distinct = inputs.filter(({ arg, fileId }) => {
    const document = fileId ?? (arg === '-' ? arg : path.resolve(arg));
    if (seen.has(document)) return false;
    seen.add(document);
    return true;
  });
  return distinct.map((input) => input.arg);
}

/**
 * Reads one argument; throws InputError with a message naming the file when it cannot be read.
 * `kind` names what the command reads, for that message.
 */
export async function readInput(arg: string, kind = RECIPE_FILE): Promise<InputDocument> {
  const name = arg === '-' ? STDIN_NAME : arg;
  try {
    if (arg === '-') return { name, text: await readBounded(process.stdin), baseDir: process.cwd() };
    return { name, text: await readFileBounded(arg), baseDir: path.dirname(path.resolve(arg)) };
  } catch (error) {
    if (error instanceof TooLarge) throw new InputError(`${name}: ${fileSizeMessage(error.size, MAX_DOCUMENT_CHARS, kind)}`);
    throw new InputError(describeReadError(arg, error, kind));
  }
}

/** A readable stream of the argument's bytes (`-`: standard input); throws InputError when the file, `kind`, cannot be opened. */
export async function openInputStream(arg: string, kind: string): Promise<NodeJS.ReadableStream> {
  if (arg === '-') return Readable.from(decodedText(process.stdin));
  let handle: FileHandle | undefined;
  try {
    handle = await open(arg, 'r');
    // A folder opens on Linux; only its read fails, with a bare EISDIR.
    if ((await handle.stat()).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    return Readable.from(decodedText(handle.createReadStream()));
  } catch (error) {
    await handle?.close();
    throw new InputError(describeReadError(arg, error, kind));
  }
}

/**
 * A stream's text, decoded as readInput's files are (decodeText): UTF-8 or, after its byte order
 * mark, UTF-16, the mark dropped. Decoded as it comes, so a stream of any length stays a stream.
 */
async function* decodedText(bytes: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0);
  for await (const chunk of bytes) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!decoder) {
      // The mark takes two bytes, which a pipe may hand over one at a time.
      head = Buffer.concat([head, data]);
      if (head.length < 2) continue;
      decoder = new TextDecoder(textEncodingOf(head));
      const text = decoder.decode(head, { stream: true });
      if (text) yield text;
      continue;
    }
    const text = decoder.decode(data, { stream: true });
    if (text) yield text;
  }
  const rest = decoder ? decoder.decode() : new TextDecoder().decode(head);
  if (rest) yield rest;
}
