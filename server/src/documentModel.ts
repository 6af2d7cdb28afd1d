/**
 * The server's view of each open document. Every version moves through explicit states
 * (DocumentState, as Langium's documents do): changed → parsed (incrementally, see grammar's
 * IncrementalParser) → validated → expanded → scored. Parsing and expansion run in time slices
 * (TimeSlices), so the first parse of a 10,000-recipe file does not hold up requests on other
 * files; validation follows the parse, for the phase-1 diagnostics; expansion runs once, when
 * scoring starts or a feature needs members first. Scoring receives this very analysis
 * (Scorer.scoreAnalysis), so a version's text is parsed once and its families expanded once,
 * whoever asks — diagnostics, hover, lenses, hints.
 * A new version aborts the stale scoring run through its AbortSignal instead of letting it finish;
 * the pipeline caches member results by content (pipeline/src/memberCache.ts), so recipes an edit
 * did not touch are not recomputed.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { BimetalFile, RecipeDecl } from '../../grammar/src/ast';
import { compareDiagnostics } from '../../grammar/src/diagnostics';
import { documentSizeDiagnostic, emptyFile, expandSteps, IncrementalParser, LineIndex, validateSteps, type ExpandResult, type FamilyHead } from '../../grammar/src/index';
import type { DocumentAnalysis, Scorer, ScoredMember } from '../../pipeline/src/index';
import { TimeSlices } from '../../report/src/timeSlices';
import { CancelledError } from './cancellation';
import { documentLocation } from './uris';
import type { FileAccessContext } from './workspaceTrust';

/** How far a document version has come; each state implies the ones before it. */
export enum DocumentState {
  /** A new version arrived; its parse is under way. */
  Changed = 0,
  /** The AST and syntax diagnostics exist. */
  Parsed = 1,
  /** Semantic diagnostics exist: the phase-1 diagnostics are complete. */
  Validated = 2,
  /** Families are expanded into members (when scoring starts, or on first use: phase 1 does not need them). */
  Expanded = 3,
  /** Descriptors and predictions of every member exist (DocumentScores). */
  Scored = 4,
}

/** Where one recipe's members lie in a version's member list, and so in its scores: `start` to `end`, exclusive. */
export interface MemberSpan {
  readonly start: number;
  readonly end: number;
}

/** The items of `list`, which holds one item per member of a version in file order, that `span` covers. */
function membersIn<T>(list: readonly T[], span: MemberSpan | undefined): readonly T[] {
  return span ? list.slice(span.start, span.end) : [];
}

/**
 * Each recipe's span, from the expansion's family heads: a recipe block expands to one family, in
 * file order. A second block with a name already used is an error (BM215) and is not expanded, so
 * every name has one span.
 */
function spansOf(families: readonly FamilyHead[]): Map<string, MemberSpan> {
  const spans = new Map<string, MemberSpan>();
  let start = 0;
  for (const { first, size } of families) {
    spans.set(first.recipe, { start, end: start + size });
    start += size;
  }
  return spans;
}

/** One version, parsed and validated; expanded on first use. */
export class AnalysedDocument {
  /** Recipe blocks in source order, for finding the recipe under a cursor by binary search. */
  readonly recipes: readonly RecipeDecl[];
  /** Syntax and semantic diagnostics (BM1xx, BM2xx), sorted: available without the chemistry engine. */
  readonly diagnostics: readonly BimetalDiagnostic[];
  private expansion?: Generator<void, ExpandResult>;
  private lineIndex?: LineIndex;
  private expanded?: { members: RecipeSpec[]; families: FamilyHead[]; spans: ReadonlyMap<string, MemberSpan>; diagnostics: readonly BimetalDiagnostic[] };

  constructor(
    /** A snapshot of this version: the editor's TextDocument object is updated in place by later edits. */
    readonly document: TextDocument,
    readonly ast: BimetalFile,
    syntax: readonly BimetalDiagnostic[],
    semantic: readonly BimetalDiagnostic[],
    private readonly maxFamilySize: number,
  ) {
    this.recipes = [...ast.recipes].sort((a, b) => a.start - b.start);
    this.diagnostics = [...syntax, ...semantic].sort(compareDiagnostics);
  }

  get uri(): string {
    return this.document.uri;
  }

  get version(): number {
    return this.document.version; // the snapshot's, fixed
  }

  /** Line starts of this version's text, made on first use and shared by scoring and semantic tokens. */
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.document.getText());
    return this.lineIndex;
  }

  /** Validated, or Expanded once the members exist (Scored is the document model's: see DocumentModel.state). */
  get state(): DocumentState.Validated | DocumentState.Expanded {
    return this.expanded ? DocumentState.Expanded : DocumentState.Validated;
  }

  /** Expanded members of every recipe without errors, in file order. */
  get members(): readonly RecipeSpec[] {
    return this.expand().members;
  }

  /** Each expanded recipe's first member and number of members, in file order. */
  get families(): readonly FamilyHead[] {
    return this.expand().families;
  }

  /** Where each recipe's members lie in `members`, by recipe name, in file order. */
  get spans(): ReadonlyMap<string, MemberSpan> {
    return this.expand().spans;
  }

  /**
   * Where the members of recipe block `recipe` lie in `members`: none while it has errors. A block
   * that repeats a name is one (BM215), and the span of that name is another block's.
   */
  spanOf(recipe: RecipeDecl): MemberSpan | undefined {
    const span = recipe.name && this.spans.get(recipe.name.text);
    if (!span) return undefined;
    const block = this.members[span.start].ranges?.recipe;
    return block === undefined || block.start === recipe.start ? span : undefined;
  }

  /** The members of recipe block `recipe`: one, or its family's; none while it has errors. */
  membersOf(recipe: RecipeDecl): readonly RecipeSpec[] {
    return membersIn(this.members, this.spanOf(recipe));
  }

  /** What the scorer needs: this analysis, with the expansion's own diagnostic (a family over the size limit). */
  toDocumentAnalysis(): DocumentAnalysis {
    const { members, families, diagnostics } = this.expand();
    return {
      text: this.document.getText(),
      ast: this.ast,
      diagnostics: diagnostics.length === 0 ? [...this.diagnostics] : [...this.diagnostics, ...diagnostics].sort(compareDiagnostics),
      members,
      families,
      lines: this.lines,
    };
  }

  /** Expands one more recipe; true once every recipe is expanded. */
  expandStep(): boolean {
    if (this.expanded) return true;
    this.expansion ??= expandSteps(this.ast, { maxFamilySize: this.maxFamilySize });
    const step = this.expansion.next();
    if (!step.done) return false;
    const { members, families, diagnostics } = step.value;
    this.expanded = { members, families, spans: spansOf(families), diagnostics };
    return true;
  }

  /** The expansion, finished at once when a feature needs it before scoring has expanded it. */
  private expand() {
    while (!this.expandStep());
    return this.expanded!;
  }
}

export interface DocumentScores {
  /** The version that was scored. */
  readonly analysed: AnalysedDocument;
  /** Every diagnostic of the document, syntax to model (the pipeline re-reports the grammar's). */
  readonly diagnostics: readonly BimetalDiagnostic[];
  /** Scored members in file order, one per member of `analysed.members` (its very `spec`), so `analysed.spans` finds a recipe's. */
  readonly members: readonly ScoredMember[];
}

/** The scored members of recipe block `recipe`, or of the recipe named so: one, or its family's. */
export function scoredMembersOf(scores: DocumentScores, recipe: RecipeDecl | string): readonly ScoredMember[] {
  const { analysed } = scores;
  return membersIn(scores.members, typeof recipe === 'string' ? analysed.spans.get(recipe) : analysed.spanOf(recipe));
}

/** One document's newest version and the work under way for it. */
class Entry {
  /** Changed or Parsed while the analysis runs; afterwards the analysis and scores say. */
  phase: DocumentState.Changed | DocumentState.Parsed = DocumentState.Changed;
  /** Aborts this version's analysis (a newer version arrived, or the document closed). */
  readonly controller = new AbortController();
  /** This version's parse and validation. */
  analysis: Promise<AnalysedDocument> | undefined;
  analysed?: AnalysedDocument;
  scoring?: { controller: AbortController; result: Promise<DocumentScores> };
  scored?: DocumentScores;

  constructor(
    readonly version: number,
    readonly parser: IncrementalParser,
  ) {}
}

export interface DocumentModelOptions {
  maxFamilySize(): number;
  scorer(): Promise<Scorer>;
  /** Which files named by documents scoring may read (workspace folders, trust); default: each recipe's own folder. */
  fileAccess?(): FileAccessContext;
}

export class DocumentModel {
  private readonly entries = new Map<string, Entry>();
  /** The scorer of the latest run: it keeps each open document's member analyses until the document closes. */
  private scorer: Scorer | undefined;

  constructor(private readonly options: DocumentModelOptions) {}

  /**
   * Brings the document's current version to DocumentState.Validated, once per version however
   * many callers ask. A newer version abandons this one: its callers get a CancelledError.
   */
  analyse(document: TextDocument): Promise<AnalysedDocument> {
    const cached = this.entries.get(document.uri);
    if (cached?.analysis && cached.version === document.version) return cached.analysis;
    // A request or timer holding an older version must not replace the newer analysis.
    if (cached && cached.version > document.version) return Promise.reject(new CancelledError());
    cached?.controller.abort();
    cached?.scoring?.controller.abort();
    // The editor's TextDocument object is updated in place by later edits: keep this version's text.
    const snapshot = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
    const entry = new Entry(document.version, cached?.parser ?? new IncrementalParser());
    this.entries.set(document.uri, entry);
    const analysis = this.parsed(snapshot, entry).then((analysed) => (entry.analysed = analysed));
    // A version abandoned before anyone awaited it must not surface as an unhandled rejection.
    analysis.catch(() => undefined);
    entry.analysis = analysis;
    return analysis;
  }

  /** How far the newest version of `uri` has come; undefined when the document is not open. */
  state(uri: string): DocumentState | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    return entry.scored ? DocumentState.Scored : (entry.analysed?.state ?? entry.phase);
  }

  /** A document over the size limit is not parsed: its analysis is empty but for the error saying so. */
  private async parsed(snapshot: TextDocument, entry: Entry): Promise<AnalysedDocument> {
    const text = snapshot.getText();
    const maxFamilySize = this.options.maxFamilySize();
    const tooLarge = documentSizeDiagnostic(text.length);
    if (tooLarge) return new AnalysedDocument(snapshot, emptyFile(text.length), [tooLarge], [], maxFamilySize);
    const slices = new TimeSlices(entry.controller.signal);
    const parsed = await inSlices(entry.parser.steps(text), slices);
    entry.phase = DocumentState.Parsed;
    const semantic = await inSlices(validateSteps(parsed.ast), slices);
    return new AnalysedDocument(snapshot, parsed.ast, parsed.diagnostics, semantic, maxFamilySize);
  }

  /** Brings the document's current version to DocumentState.Scored: one scoring run per version, however many features ask. */
  async score(document: TextDocument): Promise<DocumentScores> {
    const analysed = await this.analyse(document);
    const entry = this.entries.get(document.uri);
    if (!entry || entry.analysed !== analysed) throw new CancelledError();
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

  /** Whether this analysis is still the document's newest. */
  isCurrent(analysed: AnalysedDocument): boolean {
    return this.entries.get(analysed.uri)?.analysed === analysed;
  }

  /**
   * Drops every analysis and its scores (a setting the expansion reads changed: the family size
   * limit). The next request parses again, reusing each document's incremental parser.
   */
  invalidateAnalyses(): void {
    for (const [uri, entry] of this.entries) {
      entry.controller.abort();
      entry.scoring?.controller.abort();
      this.entries.set(uri, new Entry(entry.version, entry.parser));
    }
  }

  /** Drops the scores of every document (settings or models changed), or of `uri` alone (a file it reads changed); analyses stay valid. */
  invalidateScores(uri?: string): void {
    for (const [key, entry] of this.entries) {
      if (uri !== undefined && key !== uri) continue;
      entry.scoring?.controller.abort();
      entry.scoring = undefined;
      entry.scored = undefined;
    }
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
    entry?.controller.abort();
    entry?.scoring?.controller.abort();
    this.entries.delete(uri);
    // Its member analyses, kept for the next edit, would otherwise stay for the scorer's life.
    this.scorer?.forget(documentLocation(uri).file);
  }

  private async runScoring(analysed: AnalysedDocument, signal: AbortSignal): Promise<DocumentScores> {
    const slices = new TimeSlices(signal);
    while (!analysed.expandStep()) if (slices.due) await slices.next();
    // The scorer's setup (the analysis handed over, ligands, models) runs before its first turn of the
    // event loop: when the expansion used up this slice, it starts in the next one.
    await slices.next();
    const scorer = await this.options.scorer();
    signal.throwIfAborted();
    this.scorer = scorer;
    const { diagnostics, members } = await scorer.scoreAnalysis(analysed.toDocumentAnalysis(), {
      ...documentLocation(analysed.uri),
      signal,
      ...this.options.fileAccess?.(),
    });
    return { analysed, diagnostics, members };
  }
}

/**
 * Runs stepwise work to its end, yielding to the event loop whenever a time slice is used up: a
 * small document (or an edit the incremental parser mostly reuses) finishes within the call.
 */
async function inSlices<T>(steps: Generator<void, T>, slices: TimeSlices): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    if (slices.due) await slices.next();
    step = steps.next();
  }
  return step.value;
}

/** The innermost recipe block containing `offset` (end inclusive, so a cursor just after `}` still counts). */
export function recipeAt(analysed: AnalysedDocument, offset: number): RecipeDecl | undefined {
  const recipes = analysed.recipes;
  let lo = 0;
  let hi = recipes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const recipe = recipes[mid];
    if (offset < recipe.start) hi = mid - 1;
    else if (offset > recipe.end) lo = mid + 1;
    else return recipe;
  }
  return undefined;
}
