/**
 * The server's view of each open document, moving through explicit states:
 *   analysed (parsed + validated + family-expanded, synchronous, every version)
 *   → scored (descriptors + predictions from the pipeline, asynchronous).
 * Both are cached per URI and keyed by version. A new version aborts the stale scoring run through
 * its AbortSignal instead of letting it finish; the pipeline caches per-member results by content,
 * so recipes an edit did not touch are not recomputed.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import type { BimetalFile, RecipeDecl } from '../../grammar/src/ast';
import { analyzeText } from '../../grammar/src/index';
import type { Scorer, ScoredMember } from '../../pipeline/src/index';
import { CancelledError } from './cancellation';
import { dirnameOf, uriToPath } from './uris';

export interface AnalysedDocument {
  readonly uri: string;
  readonly version: number;
  readonly document: TextDocument;
  readonly ast: BimetalFile;
  /** Syntax and semantic diagnostics (BM1xx, BM2xx): available without the chemistry engine. */
  readonly diagnostics: readonly BimetalDiagnostic[];
  readonly members: readonly RecipeSpec[];
  /** Expanded members grouped by the recipe block they came from. */
  readonly membersByRecipe: ReadonlyMap<string, readonly RecipeSpec[]>;
  /** Recipe blocks in source order, for finding the recipe under a cursor by binary search. */
  readonly recipes: readonly RecipeDecl[];
}

export interface DocumentScores {
  readonly version: number;
  /** Every diagnostic of the document, syntax to model (the pipeline re-reports the grammar's). */
  readonly diagnostics: readonly BimetalDiagnostic[];
  readonly records: readonly ScoreRecord[];
  /** Scored members grouped by the recipe block they came from. */
  readonly byRecipe: ReadonlyMap<string, readonly ScoredMember[]>;
}

interface Entry {
  analysed: AnalysedDocument;
  scoring?: { controller: AbortController; result: Promise<DocumentScores> };
  scored?: DocumentScores;
}

export interface DocumentModelOptions {
  maxFamilySize(): number;
  scorer(): Promise<Scorer>;
}

export class DocumentModel {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: DocumentModelOptions) {}

  analyse(document: TextDocument): AnalysedDocument {
    const cached = this.entries.get(document.uri);
    if (cached && cached.analysed.version === document.version) return cached.analysed;
    // A request or timer holding an older version must not replace the newer analysis.
    if (cached && cached.analysed.version > document.version) throw new CancelledError();
    cached?.scoring?.controller.abort();
    const { ast, diagnostics, members } = analyzeText(document.getText(), { maxFamilySize: this.options.maxFamilySize() });
    const analysed: AnalysedDocument = {
      uri: document.uri,
      version: document.version,
      document,
      ast,
      diagnostics,
      members,
      membersByRecipe: groupBy(members, (m) => m.recipe),
      recipes: [...ast.recipes].sort((a, b) => a.range.start - b.range.start),
    };
    this.entries.set(document.uri, { analysed });
    return analysed;
  }

  /** Scores the document's current version once, however many features ask for it. */
  score(document: TextDocument): Promise<DocumentScores> {
    const analysed = this.analyse(document);
    const entry = this.entries.get(document.uri)!;
    if (entry.scoring) return entry.scoring.result;
    const controller = new AbortController();
    const result = this.runScoring(analysed, controller.signal).then((scored) => {
      if (this.entries.get(document.uri) === entry) entry.scored = scored;
      return scored;
    });
    // A run nobody awaits (aborted by a newer edit) must not surface as an unhandled rejection.
    result.catch(() => undefined);
    entry.scoring = { controller, result };
    return result;
  }

  isCurrent(document: TextDocument): boolean {
    return this.entries.get(document.uri)?.analysed.version === document.version;
  }

  /** The scored state if the current version already has it, without starting work. */
  scoredNow(uri: string, version: number): DocumentScores | undefined {
    const entry = this.entries.get(uri);
    return entry?.scored?.version === version ? entry.scored : undefined;
  }

  /** Drops all scores (settings or models changed); analyses stay valid. */
  invalidateScores(): void {
    for (const entry of this.entries.values()) {
      entry.scoring?.controller.abort();
      entry.scoring = undefined;
      entry.scored = undefined;
    }
  }

  close(uri: string): void {
    this.entries.get(uri)?.scoring?.controller.abort();
    this.entries.delete(uri);
  }

  private async runScoring(analysed: AnalysedDocument, signal: AbortSignal): Promise<DocumentScores> {
    const scorer = await this.options.scorer();
    signal.throwIfAborted();
    const file = uriToPath(analysed.uri);
    const { diagnostics, records, members } = await scorer.scoreText(analysed.document.getText(), {
      file: file ?? analysed.uri,
      baseDir: file ? dirnameOf(file) : undefined,
      signal,
    });
    return { version: analysed.version, diagnostics, records, byRecipe: groupBy(members, (m) => m.spec.recipe) };
  }
}

/** The innermost recipe block containing `offset` (end inclusive, so a cursor just after `}` still counts). */
export function recipeAt(analysed: AnalysedDocument, offset: number): RecipeDecl | undefined {
  const recipes = analysed.recipes;
  let lo = 0;
  let hi = recipes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = recipes[mid].range;
    if (offset < range.start) hi = mid - 1;
    else if (offset > range.end) lo = mid + 1;
    else return recipes[mid];
  }
  return undefined;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
