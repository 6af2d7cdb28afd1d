/**
 * Finds and reads the `.bimetal` files of the workspace folders (for workspace symbols,
 * `bimetal/scoreWorkspace` and closed files' diagnostics). In Node from the file system, imported
 * lazily so the Web Worker bundle never loads it; in the Web Worker through the client, which
 * reads the workspace with VS Code's file system API.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { isNode } from '../../engine/src/platform';
import { decodeText } from '../../engine/src/textDecoding';
import { inFolders, LIST_WORKSPACE_FILES, READ_WORKSPACE_FILE } from '../../report/src/protocol';
import { pathToUri, uriToPath } from './uris';

export interface WorkspaceFiles {
  list(folderUris: readonly string[]): Promise<string[]>;
  read(uri: string): Promise<string>;
}

/**
 * The text of each closed `.bimetal` file of `folders`, in listing order: open ones are skipped
 * (the editor's text wins) and unreadable ones passed over. A cancelled request stops the reading.
 */
export async function* closedFileTexts(
  files: WorkspaceFiles,
  folders: readonly string[],
  isOpen: (uri: string) => boolean,
  token?: CancellationToken,
): AsyncGenerator<{ uri: string; text: string }> {
  for (const uri of await files.list(folders)) {
    if (token?.isCancellationRequested) return;
    if (isOpen(uri)) continue;
    const text = await files.read(uri).catch(() => undefined);
    if (text !== undefined) yield { uri, text };
  }
}

/** Folders never worth descending into when looking for recipe files. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', '.vscode-test-web']);

export function nodeWorkspaceFiles(): WorkspaceFiles | undefined {
  if (!isNode()) return undefined;
  const fs = import('node:fs/promises');
  return {
    async list(folderUris) {
      const { readdir } = await fs;
      const found: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
          const child = `${dir}/${entry.name}`;
          if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(child);
          else if (entry.isFile() && entry.name.endsWith('.bimetal')) found.push(pathToUri(child));
        }
      };
      // A folder added inside another (proj/ and proj/sub/) is walked once, as part of the outer one.
      const outermost = folderUris.filter((folder) => !inFolders(folder, folderUris.filter((other) => other !== folder)));
      for (const folder of new Set(outermost)) {
        const root = uriToPath(folder);
        if (root) await walk(root.replace(/\/$/, ''));
      }
      return found.sort();
    },
    async read(uri) {
      const { readFile } = await fs;
      const file = uriToPath(uri);
      if (!file) throw new Error(`${uri} is not a file`);
      // Decoded as the editor decodes a file it opens (and as the client answers in the Web Worker).
      return decodeText(await readFile(file));
    },
  };
}

/**
 * The workspace's files as the server reaches them: from the file system for `file:` folders
 * where there is one (Node), and through the client for the rest: every folder in the Web Worker,
 * and a virtual folder (GitHub Repositories, a remote file system) that only the editor can read.
 * A client that does not answer (a terminal editor, which has only `file:` folders) lists none.
 */
export function workspaceFilesFor(connection: Connection): WorkspaceFiles {
  const local = nodeWorkspaceFiles();
  const client = clientWorkspaceFiles(connection);
  if (!local) return client;
  const onDisk = (uri: string) => uri.startsWith('file:');
  return {
    async list(folders) {
      const virtual = folders.filter((f) => !onDisk(f));
      const [found, listed] = await Promise.all([local.list(folders.filter(onDisk)), virtual.length > 0 ? client.list(virtual).catch(() => []) : []]);
      return [...found, ...listed].sort();
    },
    read: (uri) => (onDisk(uri) ? local.read(uri) : client.read(uri)),
  };
}

function clientWorkspaceFiles(connection: Connection): WorkspaceFiles {
  return {
    list: (folders) => connection.sendRequest<string[]>(LIST_WORKSPACE_FILES, { folders }),
    read: async (uri) => {
      const text = await connection.sendRequest<unknown>(READ_WORKSPACE_FILE, { uri });
      // A client that does not know the request may answer null instead of refusing it.
      if (typeof text !== 'string') throw new Error('the editor sent no text for it');
      return text;
    },
  };
}
