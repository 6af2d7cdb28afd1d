/**
 * Custom requests returning the CLI's JSON records (LANGUAGE.md §5):
 *   `bimetal/scoreDocument` {uri} → ScoreRecord[]
 *   `bimetal/scoreWorkspace`      → ScoreRecord[] for every .bimetal file of the workspace folders.
 * Open documents are scored from the editor's text (through the document model's cache); closed
 * files are read from disk.
 */
import type { CancellationToken } from 'vscode-languageserver';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { Scorer } from '../../pipeline/src/index';
import { CancelledError, untilCancelled } from './cancellation';
import type { DocumentScores } from './documentModel';
import { dirnameOf, uriToPath } from './uris';
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
  /** Called before each file, for work-done progress. */
  onFile?(index: number, total: number, uri: string): void;
}

/** A scored member as the requests need it: its recipe (for labels) and its record. */
export interface ScoredRecord {
  spec: RecipeSpec;
  record: ScoreRecord;
}

export async function scoreWorkspace(input: ScoreFilesInput): Promise<ScoredRecord[]> {
  const records: ScoredRecord[] = [];
  for (const [index, uri] of input.uris.entries()) {
    if (input.token.isCancellationRequested) throw new CancelledError();
    input.onFile?.(index, input.uris.length, uri);
    const open = input.open(uri);
    if (open) {
      const scored = await untilCancelled(open, input.token);
      for (const members of scored.byRecipe.values()) records.push(...members.map((m) => ({ spec: m.spec, record: m.record })));
      continue;
    }
    if (!input.files) continue;
    const text = await input.files.read(uri);
    const file = uriToPath(uri);
    const controller = new AbortController();
    const subscription = input.token.onCancellationRequested(() => controller.abort());
    try {
      const scorer = await input.scorer();
      const result = await scorer.scoreText(text, { file: file ?? uri, baseDir: file ? dirnameOf(file) : undefined, signal: controller.signal, ...input.fileAccess });
      records.push(...result.members.map((m) => ({ spec: m.spec, record: m.record })));
    } finally {
      subscription.dispose();
    }
  }
  return records;
}
