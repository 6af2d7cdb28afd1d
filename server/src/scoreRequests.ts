/**
 * Custom requests returning the CLI's JSON records (LANGUAGE.md §5):
 *   `bimetal/scoreDocument` {uri} → ScoreRecord[]
 *   `bimetal/scoreWorkspace`      → ScoreRecord[] for every .bimetal file of the workspace folders.
 * Open documents are scored from the editor's text (through the document model's cache); closed
 * files are read from disk.
 */
import type { CancellationToken } from 'vscode-languageserver';
import { describeFileError } from '../../engine/src/fileErrors';
import type { Scorer, ScoredMember } from '../../pipeline/src/index';
import { CancelledError, untilCancelled } from './cancellation';
import type { DocumentScores } from './documentModel';
import { documentLocation } from './uris';
import type { WorkspaceFiles } from './workspaceFiles';
import type { FileAccessContext } from './workspaceTrust';

export interface ScoreFilesInput {
  uris: readonly string[];
  /** The scores of an open document, or undefined when the file is not open. */
  open(uri: string): Promise<DocumentScores> | undefined;
  files: WorkspaceFiles | undefined;
  scorer(): Promise<Scorer>;
  /** Which files named by the recipes may be read (workspace folders, trust). */
  fileAccess: FileAccessContext;
  token: CancellationToken;
  /** Called for a closed file that cannot be read (`reason` in words), which is skipped unless this throws. */
  unreadable(uri: string, reason: string): void;
  /** Called before each file, for work-done progress. */
  onFile?(index: number, total: number, uri: string): void;
}

/** The scored members of every file, in order; their records are built by whoever reads them (labelledRecords). */
export async function scoreWorkspace(input: ScoreFilesInput): Promise<ScoredMember[]> {
  const members: ScoredMember[] = [];
  for (const [index, uri] of input.uris.entries()) {
    if (input.token.isCancellationRequested) throw new CancelledError();
    input.onFile?.(index, input.uris.length, uri);
    const open = input.open(uri);
    if (open) {
      const scored = await untilCancelled(open, input.token);
      for (const m of scored.members) members.push(m);
      continue;
    }
    if (!input.files) continue;
    let text: string;
    try {
      text = await input.files.read(uri);
    } catch (error) {
      input.unreadable(uri, describeFileError(error, 'read'));
      continue;
    }
    const controller = new AbortController();
    const subscription = input.token.onCancellationRequested(() => controller.abort());
    try {
      const scorer = await input.scorer();
      // A closed file: its member analyses are not kept for an edit.
      const result = await scorer.scoreText(text, { ...documentLocation(uri), signal: controller.signal, keepMembers: false, ...input.fileAccess });
      for (const m of result.members) members.push(m);
    } finally {
      subscription.dispose();
    }
  }
  return members;
}
