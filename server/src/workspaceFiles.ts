/**
 * Finds and reads the `.bimetal` files of the workspace folders (for workspace symbols and
 * `bimetal/scoreWorkspace`). Node only: the file system is imported lazily so the Web Worker
 * bundle, which has none, never loads it and falls back to the open documents.
 */
import { isNode } from '../../engine/src/platform';
import { pathToUri, uriToPath } from './uris';

export interface WorkspaceFiles {
  list(folderUris: readonly string[]): Promise<string[]>;
  read(uri: string): Promise<string>;
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
      for (const folder of folderUris) {
        const root = uriToPath(folder);
        if (root) await walk(root.replace(/\/$/, ''));
      }
      return found.sort();
    },
    async read(uri) {
      const { readFile } = await fs;
      const file = uriToPath(uri);
      if (!file) throw new Error(`${uri} is not a file`);
      return readFile(file, 'utf8');
    },
  };
}
