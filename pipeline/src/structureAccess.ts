/**
 * Which files a recipe's `structure "…"` may name. A recipe file is untrusted input: it may come
 * from anyone, and opening it must not read (and then describe) files elsewhere on the machine. So
 * a structure path must lie inside the recipe file's folder or another allowed root (the editor's
 * workspace folders, or folders given on the command line), both as written and after following
 * symbolic links, and nothing is read at all in an untrusted workspace. Every refusal happens
 * before the file is opened. Structure files are read only from a folder on disk: where there is
 * none (the Web Worker, a document in a virtual file system) the refusal says so before anything
 * of Node is loaded, so the Web Worker build refuses here too.
 */
import { describeFileError } from '../../engine/src/fileErrors';
import { isNode } from '../../engine/src/platform';

/**
 * Who gives the further folders, so that a refusal names them and says how to allow one the way
 * the reader of the message can: the editor's workspace folders, or the command line's
 * `--structure-root` (the default, as for every caller that is not the editor).
 */
export type StructureRootsOrigin = 'workspace' | 'command line';

const ROOTS: Record<StructureRootsOrigin, { named: string; allowOne: string }> = {
  workspace: { named: 'the workspace folders', allowOne: 'add its folder to the workspace' },
  'command line': { named: 'the --structure-root folders', allowOne: 'allow its folder with --structure-root DIR' },
};

export interface StructureAccess {
  /** The recipe file's folder: relative paths resolve against it, and it is always allowed; without it, a relative path is refused. */
  baseDir?: string;
  /** Further folders structure files may lie in: the editor's workspace folders, or the command line's `--structure-root`; a path outside them all is refused. */
  allowedRoots?: readonly string[];
  /** Where `allowedRoots` come from, for the words of a refusal; default the command line. */
  rootsFrom?: StructureRootsOrigin;
  /** False in an untrusted workspace: no file the document names is read. Default true. */
  trusted?: boolean;
  /**
   * The URI scheme of the virtual file system the document lies in (`vscode-vfs` for a GitHub
   * repository opened without a clone), which the server cannot read: no file it names is read.
   */
  virtualFileSystem?: string;
}

export type AllowedPath = { file: string } | { refusal: string };

/** How to get a structure file read, said to a document without a folder on disk. */
const FROM_DISK_ONLY = 'structure files are read only from a folder on disk: open the folder from disk in desktop VS Code, or use the command line';

/**
 * Why there is no folder on disk to read the document's structure files from, if there is none.
 * Neither trusting the workspace nor saving the document would give it one, so this is said first.
 */
function noFolderOnDisk(access: StructureAccess): string | undefined {
  if (!isNode()) return 'VS Code for the Web has no file system';
  if (access.virtualFileSystem !== undefined) return `this document is in a virtual file system (${access.virtualFileSystem}:)`;
  return undefined;
}

/** The allowed real path of `requested`, or why it may not be read. */
export async function allowedStructurePath(requested: string, access: StructureAccess): Promise<AllowedPath> {
  // Resolved, an empty path is the document's own folder, and its refusal named the folder.
  if (requested.trim() === '') return { refusal: 'the structure path is empty: name an XYZ file, e.g. structure "core.xyz"' };
  const quoted = JSON.stringify(requested);
  const noFolder = noFolderOnDisk(access);
  if (noFolder !== undefined) return { refusal: `Structure file ${quoted} was not read: ${noFolder}, and ${FROM_DISK_ONLY}` };
  if (access.trusted === false) {
    return { refusal: `Structure file ${quoted} was not read: this workspace is not trusted (Restricted Mode). Trust the workspace to use structure files` };
  }
  const [{ realpath }, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  if (!path.isAbsolute(requested) && access.baseDir === undefined) {
    return { refusal: `Structure file ${quoted} is relative, but this document has no folder to resolve it against; save the file first` };
  }
  const roots = [access.baseDir, ...(access.allowedRoots ?? [])].filter((r): r is string => r !== undefined).map((r) => path.resolve(r));
  const inside = (root: string, file: string) => {
    const relative = path.relative(root, file);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  };
  const origin = ROOTS[access.rootsFrom ?? 'command line'];
  const where = access.allowedRoots?.length ? `the recipe file's folder or ${origin.named}` : "the recipe file's folder";
  const file = path.resolve(access.baseDir ?? '', requested);
  if (!roots.some((root) => inside(root, file))) {
    return { refusal: `Structure file ${quoted} is outside ${where}, so it is not read; move it there, or ${origin.allowOne}` };
  }
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { refusal: missing ? `Structure file ${quoted} not found (looked for ${file})` : `Structure file ${quoted} cannot be read (${describeFileError(error, 'read')})` };
  }
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  if (!realRoots.some((root) => inside(root, real))) {
    return { refusal: `Structure file ${quoted} is a link to a file outside ${where}, so it is not read` };
  }
  return { file: real };
}
