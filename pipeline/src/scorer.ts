/**
 * The scorer: a document's text through grammar, ligand chemistry, structure files, descriptors
 * and models to diagnostics and records. Member results are cached by content, so re-scoring after
 * an edit recomputes only the recipes that changed.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { ligandKey, ligandLabel } from '../../engine/src/descriptors';
import { FEATURE_NAMES } from '../../engine/src/features';
import { modelFailureDiagnostic } from '../../engine/src/inference/diagnostics';
import type { LigandDescription } from '../../engine/src/ligands';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { DescriptorRecord, PhiVerdict, RecordDiagnostic, ScoreRecord } from '../../engine/src/scoreRecord';
import { rangeOf } from '../../grammar/src/ast';
import { analyzeText, LineIndex, memberArray } from '../../grammar/src/index';
import { DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from '../../report/src/defaults';
import type { DescriptorKey } from '../../report/src/quantities';
import { checkAborted } from './abort';
import { DiagnosticsByBlock } from './diagnosticsByBlock';
import { FamilySummary } from './familyDiagnostics';
import { notFeaturisableFinding, placeFinding, type Finding } from './findings';
import { DocumentLigands, ligandLocator, ToolkitLoader, toolkitUnavailableDiagnostic, type MemberLigands } from './ligandStage';
import { analyzeMember, type FeatureRow, type MemberAnalysis } from './memberAnalysis';
import { MemberCache, type MemberWalk } from './memberCache';
import { ModelStage, type ModelState, type Predictor } from './modelStage';
import { predictMembers } from './predictionStage';
import { toRecordDiagnostic, toScoreRecord } from './records';
import { sharedText } from '../../engine/src/sharedText';
import { needsSite } from './siteCall';
import { declaredLigandSources } from './sourceLiterals';
import { StructureFiles, type StructureResult } from './structureStage';
import { TimeSlices } from '../../report/src/timeSlices';
import type { DocumentAnalysis, ScoreContext, ScoredDocument, ScoredMember, Scorer, ScorerOptions, ScoreStream, StreamedDocument } from './types';

export { DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from '../../report/src/defaults';

/** Enough for the largest family the editor accepts, so re-scoring a sweep reuses every member. */
const MEMBER_CACHE_CAPACITY = 100_000;

/**
 * Members a batch takes from analysis to record at once. Small, so that a chunk's objects die in
 * the young generation before the next scavenge: scoring the 98,600-member sweep in process took
 * a median 3.2 CPU-s with chunks of 128 against 5.0 with 1,024 (five alternating runs), while the
 * model runs it adds cost about 0.1 ms each. Since then 256 has done a little better than 128
 * (`bimetal score --format csv` of the sweep, medians of alternating runs: 1,897 against 1,963 ms,
 * 1,962 against 2,023, 2,000 against 2,024, and 2,155 against 2,135; 512 took 1,980).
 */
export const BATCH_CHUNK_MEMBERS = 256;
/**
 * The editor's chunks: between time slices, each chunk's model results are received from the
 * inference worker and turned into ordering terms and findings in one synchronous step, which is
 * what a hover on another file waits behind; with 512, hover p95 rose from 41–53 to 68–81 ms.
 */
const EDITOR_CHUNK_MEMBERS = 256;

interface ResolvedOptions {
  coverage: number;
  phiThreshold: number;
  maxFamilySize: number;
}

function resolveOptions(options: ScorerOptions): ResolvedOptions {
  const coverage = options.coverage ?? DEFAULT_COVERAGE;
  if (!(coverage > 0 && coverage < 1)) throw new RangeError(`coverage must lie strictly between 0 and 1, got ${coverage}`);
  return {
    coverage,
    phiThreshold: options.phiThreshold ?? DEFAULT_PHI_THRESHOLD,
    maxFamilySize: options.maxFamilySize ?? DEFAULT_MAX_FAMILY_SIZE,
  };
}

interface MemberWork {
  spec: RecipeSpec;
  /**
   * What the ligand and structure stages say about this member: one object per place, shared by
   * every member that uses the same ligand or structure file. They come first among the member's
   * diagnostics, and FamilySummary.add takes their number.
   */
  stageDiagnostics: readonly BimetalDiagnostic[];
  analysis: MemberAnalysis;
  /** StructureResult.identity, for the scored member to make when asked. */
  structureIdentity: (() => string) | undefined;
}

const NO_LIGANDS: MemberLigands = { map: new Map<string, LigandDescription>(), diagnostics: [], failed: [] };

class DocumentScorer implements Scorer {
  private readonly options: ResolvedOptions;
  private readonly toolkit: ToolkitLoader;
  private readonly models: ModelStage;
  /** Whether `models` is this scorer's own to release (not given in its options). */
  private readonly ownsModels: boolean;
  private readonly structures = new StructureFiles();
  /** Undefined when the caller scores each member once (the command line): caching would only hold memory. */
  private readonly members: MemberCache | undefined;
  private readonly batch: boolean;
  private readonly inferenceInWorker: boolean;

  constructor(options: ScorerOptions) {
    this.options = resolveOptions(options);
    this.toolkit = new ToolkitLoader(options.rdkitWasmUrl);
    this.models = options.models ?? new ModelStage({ modelDir: options.modelDir, wasmDir: options.wasmDir, inference: options.inference });
    this.ownsModels = options.models === undefined;
    this.members = options.batch ? undefined : new MemberCache(MEMBER_CACHE_CAPACITY);
    this.batch = options.batch === true;
    this.inferenceInWorker = this.models.inWorker;
  }

  async scoreText(text: string, context: ScoreContext): Promise<ScoredDocument> {
    checkAborted(context.signal);
    return this.scoreAnalysis({ text, ...analyzeText(text, { maxFamilySize: this.options.maxFamilySize }) }, context);
  }

  async scoreAnalysis(analysis: DocumentAnalysis, context: ScoreContext): Promise<ScoredDocument> {
    const members: ScoredMember[] = [];
    const diagnostics = await this.scoreStream({ ...analysis, members: memberArray(analysis.members, analysis.families) }, context, {
      onChunk: (chunk) => {
        for (const m of chunk) members.push(m);
      },
    });
    return {
      diagnostics,
      members,
      families: analysis.families,
      get records() {
        return members.map((m) => m.record);
      },
    };
  }

  async scoreStream(document: StreamedDocument, context: ScoreContext, stream: ScoreStream): Promise<BimetalDiagnostic[]> {
    const { signal } = context;
    checkAborted(signal);
    const { text, diagnostics: grammarDiagnostics, members, lines } = document;
    const documentDiagnostics: BimetalDiagnostic[] = [...grammarDiagnostics];
    const firstAnchor = members.families[0]?.first.ranges?.name ?? { start: 0, end: 0 };

    // The models start loading before the ligand stage waits for RDKit, so that the two start-ups overlap.
    const modelsLoading = members.length > 0 ? this.loadModels() : undefined;
    const ligands = await this.documentLigands(document, documentDiagnostics);
    // Every declaration is checked, used or not; the members that use one share these objects.
    const declarationDiagnostics = ligands?.declarations(document.ast.ligands) ?? [];
    for (const d of declarationDiagnostics) documentDiagnostics.push(d);
    checkAborted(signal);
    const models = await modelsLoading;
    if (models && !models.ok) documentDiagnostics.push(modelFailureDiagnostic(models.error, firstAnchor));
    checkAborted(signal);

    const slices = this.batch ? undefined : new TimeSlices(signal);
    const structureOf = await this.structures.forDocument(members.families, context, slices);
    checkAborted(signal);
    const recordContext: RecordContext = { file: context.file, grammarDiagnostics: new DiagnosticsByBlock(grammarDiagnostics), positions: lines ?? new LineIndex(text) };
    const summary = new FamilySummary(members.families, stream.summarise);
    summary.reported(declarationDiagnostics);
    // Indexing a large document's lines and families may use up a slice: yield before the first member if it did.
    if (slices) await slices.next();
    const chunkSize = stream.chunkSize ?? (this.batch ? BATCH_CHUNK_MEMBERS : EDITOR_CHUNK_MEMBERS);
    let siteProblem: unknown;
    let needsSiteModel = false;
    const cards = models?.ok ? models.runtime.cards : {};
    // Kept under the document's name (ScoreContext.keepMembers), so that closing it can drop them (forget).
    const cached = context.keepMembers === false ? undefined : this.members?.walk(members.families, context.file);
    // One chunk at a time from analysis to record, so a family of any size holds at most one chunk's
    // members. The next chunk is not analysed while the models run on this one: in the editor they
    // run on the worker's thread, and on two cores that overlap made hovers wait (p95 42–62 → 71 ms).
    for (let start = 0; start < members.length && !stream.enough?.(); start += chunkSize) {
      const chunk = members.slice(start, start + chunkSize);
      const work: MemberWork[] = [];
      // A batch keeps nothing between chunks, so its members' feature rows can share one matrix;
      // an editor's cached members must not, or each would keep a whole chunk's matrix alive.
      const matrix = this.batch ? new Float32Array(chunk.length * FEATURE_NAMES.length) : undefined;
      for (const spec of chunk) {
        const memberLigands = spec.ligands.length === 0 ? NO_LIGANDS : (ligands?.forMember(spec) ?? NO_LIGANDS);
        const structure = structureOf(spec);
        const into = matrix && { matrix, row: work.length };
        const stageDiagnostics = structure.diagnostics.length > 0 ? [...memberLigands.diagnostics, ...structure.diagnostics] : memberLigands.diagnostics;
        work.push({ spec, stageDiagnostics, analysis: this.analysis(spec, memberLigands, structure, into, cached), structureIdentity: structure.identity });
        needsSiteModel ||= needsSite(spec);
        if (slices?.due) await slices.next();
      }
      checkAborted(signal);
      if (models?.ok) siteProblem ??= await this.predict(models.runtime, work);
      // A batch member's features are a view of its chunk's matrix, and its scored member holds its
      // analysis: a caller that keeps the members would keep every chunk's matrix. The model step
      // releases those it predicts (predictMembers); without models, nothing else would.
      if (this.batch && !models?.ok) for (const w of work) w.analysis.features = null;
      checkAborted(signal);
      const scored: ScoredMember[] = [];
      for (const w of work) {
        scored.push(this.scoredMember(w, recordContext, cards));
        if (slices?.due) await slices.next();
      }
      summary.add(scored, (i) => work[i].stageDiagnostics.length);
      await stream.onChunk(scored);
    }
    if (models?.ok) siteProblem ??= models.runtime.problems[0];
    if (siteProblem && needsSiteModel) documentDiagnostics.push(modelFailureDiagnostic(siteProblem, firstAnchor));
    // One push per diagnostic: spread into one call, the 150,000 errors of a file of one-row recipes (what `import` writes) overflowed V8's stack.
    for (const d of summary.diagnostics()) documentDiagnostics.push(d);
    return documentDiagnostics;
  }

  async ligandLabels(document: StreamedDocument): Promise<string[]> {
    const ligands = await this.documentLigands(document, []);
    const labels = new Set<string>();
    // The members of one recipe differ in counts only, never in which ligands they use.
    for (const { first } of document.members.families) {
      const described = ligands?.forMember(first).map;
      for (const use of first.ligands) labels.add(ligandLabel(use, described?.get(ligandKey(use))));
    }
    return [...labels];
  }

  async dispose(): Promise<void> {
    if (this.ownsModels) await this.models.release();
  }

  forget(file: string): void {
    this.members?.forget(file);
  }

  keptMembers(file?: string): number {
    return this.members?.kept(file) ?? 0;
  }

  /**
   * Descriptors and features, from the cache when this exact recipe (and structure file) was seen
   * before. `cached` is this run's walk over the cache, moved on here for every member.
   */
  private analysis(spec: RecipeSpec, ligands: MemberLigands, structure: StructureResult, into: FeatureRow | undefined, cached: MemberWalk | undefined): MemberAnalysis {
    // A recipe whose ligands could not be described is not cached: its result depends on the toolkit's state.
    const cacheable = ligands !== NO_LIGANDS || spec.ligands.length === 0;
    const kept = cached?.next(spec, structure.stamp, cacheable);
    if (kept) return kept;
    const analysis = analyzeMember({ spec, ligands: ligands.map, geometry: structure.geometry, arrangement: structure.arrangement, phiThreshold: this.options.phiThreshold }, into);
    // A member whose ligand or structure file is broken already has an error saying why it has no prediction.
    if (analysis.featureError && ligands.failed.length === 0 && !structure.diagnostics.some((d) => d.severity === 'error')) {
      analysis.findings.push(notFeaturisableFinding(analysis.featureError));
    }
    cached?.keep(analysis);
    return analysis;
  }

  /**
   * The model runtime, loaded on first use. Models in a worker thread leave this thread idle while
   * they start (half a second and more), so RDKit starts then too, whether or not this document has
   * ligands: the first document with ligands, often a large one opened next, does not wait for it.
   * That costs a document without ligands in a fresh server about 0.2 s (the two start-ups share
   * two cores) and 60 MB of resident memory (RDKit's heap) if no ligand ever comes. In process (the
   * command line, a Web Worker) there is no idle time to fill: there, only ligands start RDKit.
   */
  private loadModels(): Promise<ModelState> {
    const models = this.models.load();
    if (this.inferenceInWorker) void this.toolkit.load();
    return models;
  }

  /** The ligand stage of a document, or undefined with a diagnostic saying why when the toolkit is unavailable. */
  private async documentLigands(document: StreamedDocument, out: BimetalDiagnostic[]): Promise<DocumentLigands | undefined> {
    const { text, ast, members } = document;
    // Starting the chemistry toolkit (RDKit's WebAssembly) takes most of a second; bare cores
    // without ligand declarations do not need it.
    const firstUse = members.families.find((f) => f.first.ligands.length > 0)?.first;
    const firstDeclaration = ast.ligands.find((d) => d.smiles !== undefined)?.smiles;
    if (!firstUse && !firstDeclaration) return undefined;
    const chemistry = await this.toolkit.load();
    if (chemistry.ok) return new DocumentLigands(chemistry.toolkit, text, ligandLocator(text, declaredLigandSources(ast)));
    const at = firstUse ? (firstUse.ranges?.ligands?.[0] ?? members.families[0].first.ranges?.name) : firstDeclaration && rangeOf(firstDeclaration);
    out.push(toolkitUnavailableDiagnostic(chemistry.message, at ?? { start: 0, end: 0 }));
    return undefined;
  }

  /**
   * Predicts the members not predicted before; returns why the site model failed, if it did. A
   * member whose cached analysis is being predicted already (for another document with the same
   * recipe, scored at the same time) is not predicted again: its run is awaited instead.
   *
   * The run is marked on the analysis itself, not kept in a map of the scorer's: a long-lived Map
   * that gains and loses a chunk's analyses each chunk leaves each outgrown hash table linked to
   * the next, so the young generation's collections found every chunk's members alive through the
   * dead tables and promoted them. On the 98,600-member sweep that was 300–380 MB promoted and
   * about 1.2 s of scavenges (`npm run bench -- batch`).
   */
  private async predict(runtime: Predictor, work: MemberWork[]): Promise<unknown> {
    const pending: MemberWork[] = [];
    const chosen = new Set<MemberAnalysis>();
    const running = new Set<Promise<unknown>>();
    for (const w of work) {
      if (w.analysis.predicted || chosen.has(w.analysis)) continue;
      const run = w.analysis.predictionRun;
      if (run) running.add(run);
      else {
        chosen.add(w.analysis);
        pending.push(w);
      }
    }
    const own = predictMembers(runtime, pending, this.options.coverage);
    for (const w of pending) w.analysis.predictionRun = own;
    try {
      const { siteFailure } = await own;
      // A member's findings are complete once it is predicted, and its descriptors are read only
      // for records and views from then on: an editor keeps them packed (MemberAnalysis.pack).
      if (this.members) {
        for (const w of pending) {
          w.analysis.findings = keptFindings(w.analysis.findings);
          w.analysis.pack();
        }
      }
      await Promise.allSettled(running);
      return siteFailure;
    } finally {
      for (const w of pending) w.analysis.predictionRun = undefined;
    }
  }

  private scoredMember(w: MemberWork, context: RecordContext, cards: ScoredMember['cards']): ScoredMember {
    const { spec, analysis } = w;
    // One concat, which allocates the exact length: spread and push leave room for 17 or more, in every member an editor keeps.
    const own = w.stageDiagnostics.concat(analysis.findings.map((f) => placeFinding(spec, f)));
    return new RecordOnDemand(spec, analysis, needsSite(spec) ? analysis.site : null, cards, own, w.structureIdentity, context);
  }
}

/** What a member's record needs from its document besides the member itself. */
interface RecordContext {
  file: string;
  /** Those inside a recipe block belong to every member expanded from it. */
  grammarDiagnostics: DiagnosticsByBlock;
  positions: LineIndex;
}

/**
 * A scored member whose record is built when first read: the editor publishes diagnostics for a
 * whole file but reads records only for what the user looks at (hover, lens, panel), and building
 * and rounding a record costs about as much as scoring the member.
 */
class RecordOnDemand implements ScoredMember {
  /** As predicted when the member was scored, like its site and diagnostics (another run may predict a shared analysis later). */
  readonly prediction: ScoredMember['prediction'];
  readonly swappedSite: ScoredMember['swappedSite'];
  readonly unpricedSite: ScoredMember['unpricedSite'];
  private built: ScoreRecord | undefined;

  constructor(
    readonly spec: RecipeSpec,
    private readonly analysis: MemberAnalysis,
    readonly site: ScoredMember['site'],
    readonly cards: ScoredMember['cards'],
    readonly diagnostics: BimetalDiagnostic[],
    private readonly identityOf: (() => string) | undefined,
    private readonly context: RecordContext,
  ) {
    this.prediction = analysis.prediction;
    this.swappedSite = analysis.swappedSite;
    this.unpricedSite = analysis.unpricedSite;
  }

  get descriptors(): ScoredMember['descriptors'] {
    // The analysis may be another recipe's of the same content (MemberCache's key leaves names out).
    const set = this.analysis.descriptors;
    return set.recipe === this.spec.name ? set : { ...set, recipe: this.spec.name };
  }

  descriptorRecord(): DescriptorRecord {
    return this.analysis.descriptorRecord();
  }

  descriptorValue(key: DescriptorKey): number | null {
    return this.analysis.descriptorValue(key);
  }

  phiVerdict(): PhiVerdict {
    return this.analysis.phiVerdict();
  }

  ligandMolecules(): readonly string[] {
    return this.analysis.ligandMolecules();
  }

  get structureIdentity(): string | undefined {
    return this.identityOf?.();
  }

  get record(): ScoreRecord {
    this.built ??= this.buildRecord();
    return this.built;
  }

  buildRecord(): ScoreRecord {
    return this.built ?? toScoreRecord({
      file: this.context.file,
      spec: this.spec,
      ligandMolecules: this.analysis.ligandMolecules(),
      descriptors: this.analysis.descriptorRecord(),
      prediction: this.prediction,
      site: this.site,
      ligandCoverage: this.site ? this.analysis.ligandCoverage() : undefined,
      // The grammar's diagnostics inside the recipe first.
      diagnostics: [...this.context.grammarDiagnostics.within(this.spec.ranges?.recipe), ...this.diagnostics].map((d) => this.recordDiagnostic(d)),
    });
  }

  recordDiagnostic(diagnostic: BimetalDiagnostic): RecordDiagnostic {
    return toRecordDiagnostic(diagnostic, this.context.positions);
  }
}

/**
 * The findings of a member kept for later: messages shared with equal ones of other members
 * (sharedText), in a list of exactly their length (grown by push, it keeps room for 17).
 */
function keptFindings(findings: readonly Finding[]): Finding[] {
  for (const f of findings) f.message = sharedText(f.message);
  return findings.slice();
}

export function createScorer(options: ScorerOptions = {}): Scorer {
  return new DocumentScorer(options);
}
