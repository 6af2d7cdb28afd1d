/**
 * Reads a model's files (models/FORMAT.md) from a folder path or a URL.
 *
 * Node reads paths and `file:` URLs from disk; a browser Web Worker fetches `http(s):`/other
 * URLs. Node-only modules are imported lazily so a browser bundle never evaluates them.
 */
import { describeFileError } from '../fileErrors';
import { isNode, isUrl, withTrailingSlash } from '../platform';

/** A model file is missing or unreadable (the runtime maps this to BM401). */
export class ModelFileMissingError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'ModelFileMissingError';
  }
}

/** A model file exists but does not follow models/FORMAT.md (the runtime maps this to BM402). */
export class ModelFileInvalidError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'ModelFileInvalidError';
  }
}

/** The location of `fileName` inside `modelDir`, as a path (Node, on disk) or a URL (fetched). */
async function locate(modelDir: string | URL, fileName: string): Promise<{ path: string } | { url: URL }> {
  const dirUrl = typeof modelDir === 'string' && !isUrl(modelDir) ? undefined : new URL(String(modelDir));
  if (dirUrl && dirUrl.protocol !== 'file:') {
    return { url: new URL(fileName, withTrailingSlash(dirUrl.href)) };
  }
  if (!isNode()) throw new ModelFileMissingError(`cannot read ${fileName}: a model folder path needs Node; pass a URL in a browser`, fileName);
  const path = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const dir = dirUrl ? fileURLToPath(dirUrl) : (modelDir as string);
  return { path: path.join(dir, fileName) };
}

export async function readModelBytes(modelDir: string | URL, fileName: string): Promise<Uint8Array> {
  const where = await locate(modelDir, fileName);
  if ('path' in where) {
    const { readFile } = await import('node:fs/promises');
    try {
      return new Uint8Array(await readFile(where.path));
    } catch (error) {
      throw new ModelFileMissingError(`${where.path}: ${describeFileError(error, 'read')}`, where.path);
    }
  }
  let response: Response;
  try {
    response = await fetch(where.url);
  } catch (error) {
    throw new ModelFileMissingError(`${where.url.href}: ${(error as Error).message}`, where.url.href);
  }
  if (!response.ok) throw new ModelFileMissingError(`${where.url.href}: HTTP ${response.status}`, where.url.href);
  return new Uint8Array(await response.arrayBuffer());
}

export async function readModelJson(modelDir: string | URL, fileName: string): Promise<unknown> {
  const bytes = await readModelBytes(modelDir, fileName);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelFileInvalidError(`${fileName} is not valid JSON: ${(error as Error).message}`, fileName);
  }
}
