/**
 * Parsed copies of the workspace's closed `.bimetal` files, for workspace symbols. Each file is
 * re-parsed only when its text changed since the last query.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../../grammar/src/index';
import type { ParsedFile } from './symbols';
import type { WorkspaceFiles } from './workspaceFiles';

export class WorkspaceIndex {
  private readonly parsed = new Map<string, ParsedFile>();

  constructor(private readonly files: WorkspaceFiles) {}

  /** The closed files among `uris` (open ones are skipped: the editor's text wins). */
  async closedFiles(folders: readonly string[], isOpen: (uri: string) => boolean): Promise<ParsedFile[]> {
    const uris = (await this.files.list(folders)).filter((uri) => !isOpen(uri));
    const result: ParsedFile[] = [];
    for (const uri of uris) {
      const text = await this.files.read(uri).catch(() => undefined);
      if (text === undefined) continue;
      let entry = this.parsed.get(uri);
      if (entry?.document.getText() !== text) {
        entry = { document: TextDocument.create(uri, 'bimetal', 0, text), ast: parseDocument(text).ast };
        this.parsed.set(uri, entry);
      }
      result.push(entry);
    }
    // Forget files that are gone or now open.
    const kept = new Set(uris);
    for (const uri of this.parsed.keys()) if (!kept.has(uri)) this.parsed.delete(uri);
    return result;
  }
}
