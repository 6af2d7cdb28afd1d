/**
 * The declarations of the workspace's closed `.bimetal` files, for workspace symbols. Each file is
 * parsed again only when its text changed since the last query. Only its symbols are kept, with
 * the text they were read from: a syntax tree takes ~13× its text (11.5 MB for the server bench's
 * 10,000-recipe file), and an index of trees grew with every file the workspace holds.
 */
import type { CancellationToken, SymbolInformation } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../../grammar/src/index';
import { declaredSymbols } from './symbols';
import { closedFileTexts, type WorkspaceFiles } from './workspaceFiles';

interface IndexedFile {
  text: string;
  symbols: SymbolInformation[];
}

export class WorkspaceIndex {
  private readonly indexed = new Map<string, IndexedFile>();

  constructor(private readonly files: WorkspaceFiles) {}

  /**
   * The declarations of the closed files of `folders` (open ones are skipped: the editor's text
   * wins). A cancelled query (the user typed on) stops reading and answers what it has.
   */
  async closedFileSymbols(folders: readonly string[], isOpen: (uri: string) => boolean, token?: CancellationToken): Promise<SymbolInformation[]> {
    const result: SymbolInformation[] = [];
    const read = new Set<string>();
    for await (const { uri, text } of closedFileTexts(this.files, folders, isOpen, token)) {
      read.add(uri);
      let entry = this.indexed.get(uri);
      if (entry?.text !== text) {
        entry = { text, symbols: declaredSymbols({ document: TextDocument.create(uri, 'bimetal', 0, text), ast: parseDocument(text).ast }) };
        this.indexed.set(uri, entry);
      }
      // One at a time: spread into push, a file's 120,000 declarations overflow the stack.
      for (const symbol of entry.symbols) result.push(symbol);
    }
    if (token?.isCancellationRequested) return result;
    // Forget files that are gone, unreadable or now open.
    for (const uri of this.indexed.keys()) if (!read.has(uri)) this.indexed.delete(uri);
    return result;
  }
}
