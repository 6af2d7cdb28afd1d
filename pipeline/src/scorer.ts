/**
 * The scorer: a document's text through grammar, ligand chemistry, structure files, descriptors
 * and models to diagnostics and records. Member results are cached by content, so re-scoring after
 * an edit recomputes only the recipes that changed.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { modelFailureDiagnostic } from '../../engine/src/inference/diagnostics';
import type { LigandDescription } from '../../engine/src/ligands';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { analyzeText, LineIndex } from '../../grammar/src/index';
import { DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from '../../report/src/defaults';
import { checkAborted } from './abort';
import { familyDiagnostics } from './familyDiagnostics';
import { notFeaturisableFinding, placeFinding } from './findings';
import { DocumentLigands, ligandLocator, ToolkitLoader, toolkitUnavailableDiagnostic, type MemberLigands } from './ligandStage';
import { LruCache } from './lruCache';
import { analyzeMember, memberKey, type MemberAnalysis } from './memberAnalysis';
import { ModelStage } from './modelStage';
import { predictMembers } from './predictionStage';
import { toScoreRecord } from './records';
import { needsSite } from './siteCall';
import { declaredLigandSources } from './sourceLiterals';
import { StructureFiles, type StructureResult } from './structureStage';
import { TimeSlices } from './timeSlices';
import type { DocumentAnalysis, ScoreContext, ScoredDocument, ScoredMember, Scorer, ScorerOptions } from './types';

export { DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from '../../report/src/defaults';

/** Enough for the largest family the editor accepts, so re-scoring a sweep reuses every member. */
const MEMBER_CACHE_CAPACITY = 100_000;

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

/** Diagnostics inside a recipe block belong to every member expanded from it. */
function diagnosticsWithin(diagnostics: readonly BimetalDiagnostic[], block: OffsetRange | undefined): BimetalDiagnostic[] {
  if (!block) return [];
  return diagnostics.filter((d) => d.range.start >= block.start && d.range.start < block.end);
}

interface MemberWork {
  spec: RecipeSpec;
  ligands: MemberLigands;
  structure: StructureResult;
  analysis: MemberAnalysis;
}

const NO_LIGANDS: MemberLigands = { map: new Map<string, LigandDescription>(), diagnostics: [], failed: [] };

class DocumentScorer implements Scorer {
  private readonly options: ResolvedOptions;
  private readonly toolkit: ToolkitLoader;
  private readonly models: ModelStage;
  private readonly structures = new StructureFiles();
  private readonly members = new LruCache<string, MemberAnalysis>(MEMBER_CACHE_CAPACITY);

  constructor(options: ScorerOptions) {
    this.options = resolveOptions(options);
    this.toolkit = new ToolkitLoader(options.rdkitWasmUrl);
    this.models = new ModelStage({ modelDir: options.modelDir, wasmDir: options.wasmDir, inference: options.inference });
  }

  async scoreText(text: string, context: ScoreContext): Promise<ScoredDocument> {
    checkAborted(context.signal);
    return this.scoreAnalysis({ text, ...analyzeText(text, { maxFamilySize: this.options.maxFamilySize }) }, context);
  }

  async scoreAnalysis(analysis: DocumentAnalysis, context: ScoreContext): Promise<ScoredDocument> {
    const { signal } = context;
    checkAborted(signal);
    const { text, ast, diagnostics: grammarDiagnostics, members: specs } = analysis;
    const documentDiagnostics: BimetalDiagnostic[] = [...grammarDiagnostics];
    const firstAnchor = specs[0]?.ranges?.name ?? { start: 0, end: 0 };

    const chemistry = specs.length > 0 ? await this.toolkit.load() : undefined;
    checkAborted(signal);
    let ligands: DocumentLigands | undefined;
    if (chemistry?.ok) ligands = new DocumentLigands(chemistry.toolkit, text, ligandLocator(text, declaredLigandSources(ast)));
    else if (chemistry) {
      const firstUse = specs.find((s) => s.ligands.length > 0);
      if (firstUse) documentDiagnostics.push(toolkitUnavailableDiagnostic(chemistry.message, firstUse.ranges?.ligands?.[0] ?? firstAnchor));
    }

    const work: MemberWork[] = [];
    const structureOf = this.structures.forDocument({ baseDir: context.baseDir, allowedRoots: context.allowedRoots, trusted: context.trusted });
    const slices = new TimeSlices(signal);
    for (const spec of specs) {
      const memberLigands = ligands?.forMember(spec) ?? NO_LIGANDS;
      const structure = await structureOf(spec);
      work.push({ spec, ligands: memberLigands, structure, analysis: this.analysis(spec, memberLigands, structure) });
      await slices.next();
    }
    checkAborted(signal);

    const cards = await this.predict(work, specs.length > 0, firstAnchor, documentDiagnostics);
    checkAborted(signal);

    const positions = new LineIndex(text);
    const scored: ScoredMember[] = [];
    for (const w of work) {
      scored.push(this.scoredMember(w, grammarDiagnostics, context.file, positions, cards));
      await slices.next();
    }
    documentDiagnostics.push(...familyDiagnostics(scored));
    return { diagnostics: documentDiagnostics, records: scored.map((m) => m.record), members: scored };
  }

  dispose(): Promise<void> {
    return this.models.release();
  }

  /** Descriptors and features, from the cache when this exact recipe (and structure file) was seen before. */
  private analysis(spec: RecipeSpec, ligands: MemberLigands, structure: StructureResult): MemberAnalysis {
    const key = memberKey(spec, structure.stamp);
    // A recipe whose ligands could not be described is not cached: its result depends on the toolkit's state.
    const cacheable = ligands !== NO_LIGANDS || spec.ligands.length === 0;
    const cached = cacheable ? this.members.get(key) : undefined;
    if (cached) return cached;
    const analysis = analyzeMember({ spec, ligands: ligands.map, geometry: structure.geometry, phiThreshold: this.options.phiThreshold });
    // A member whose ligand or structure file is broken already has an error saying why it has no prediction.
    if (analysis.featureError && ligands.failed.length === 0 && !structure.diagnostic) {
      analysis.findings.push(notFeaturisableFinding(analysis.featureError));
    }
    if (cacheable) this.members.set(key, analysis);
    return analysis;
  }

  /**
   * Predicts the members not predicted before; a model that cannot load yields one document
   * diagnostic. Returns the cards of the models that loaded.
   */
  private async predict(work: MemberWork[], hasMembers: boolean, anchor: OffsetRange, out: BimetalDiagnostic[]): Promise<ScoredMember['cards']> {
    if (!hasMembers) return {};
    const state = await this.models.load();
    if (!state.ok) {
      out.push(modelFailureDiagnostic(state.error, anchor));
      return {};
    }
    // Identical members of a family share one cached analysis; predict each analysis once.
    const seen = new Set<MemberAnalysis>();
    const pending = work.filter((w) => !w.analysis.predicted && !seen.has(w.analysis) && seen.add(w.analysis));
    const { siteFailure } = await predictMembers(state.runtime, pending, this.options.coverage);
    const siteProblem = siteFailure ?? state.runtime.problems[0];
    if (siteProblem && work.some((w) => needsSite(w.spec))) out.push(modelFailureDiagnostic(siteProblem, anchor));
    return state.runtime.cards;
  }

  private scoredMember(
    w: MemberWork,
    grammarDiagnostics: readonly BimetalDiagnostic[],
    file: string,
    positions: LineIndex,
    cards: ScoredMember['cards'],
  ): ScoredMember {
    const { spec, analysis } = w;
    const own: BimetalDiagnostic[] = [...w.ligands.diagnostics];
    if (w.structure.diagnostic) own.push(w.structure.diagnostic);
    own.push(...analysis.findings.map((f) => placeFinding(spec, f)));
    const prediction = analysis.prediction;
    const site = needsSite(spec) ? analysis.site : null;
    const record = toScoreRecord({
      file,
      spec,
      descriptors: analysis.descriptorRecord,
      prediction,
      site,
      diagnostics: [...diagnosticsWithin(grammarDiagnostics, spec.ranges?.recipe), ...own],
      positions,
    });
    return { spec, descriptors: analysis.descriptors, prediction, site, cards, diagnostics: own, record };
  }
}

export function createScorer(options: ScorerOptions = {}): Scorer {
  return new DocumentScorer(options);
}
