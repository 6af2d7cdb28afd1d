/**
 * The pipeline's public types: what a scorer is given (options, context) and what it returns.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { DescriptorSet } from '../../engine/src/descriptors';
import type { DescriptorRecord, PhiVerdict, RecordDiagnostic, ScoreRecord } from '../../engine/src/scoreRecord';
import type { DescriptorKey } from '../../report/src/quantities';
import type { ModelCard, Prediction } from '../../engine/src/inference/runtime';
import type { AnalysisResult, FamilyAnalysis, FamilyHead, LineIndex } from '../../grammar/src/index';
import type { InferenceMode, ModelStage } from './modelStage';
import type { SwappedSiteCall } from './siteCall';
import type { StructureAccess } from './structureAccess';

export interface ScorerOptions {
  /** Folder with the shipped models (models/FORMAT.md); default: `models/` beside the bundle. */
  modelDir?: string;
  /** Coverage of the conformal interval, in (0, 1). Default 0.9. */
  coverage?: number;
  /** φ below this is flagged as hard to synthesise. Default −0.3 (first paper). */
  phiThreshold?: number;
  /** Largest family a recipe may expand to. Default 100,000 (LANGUAGE.md §3.4). */
  maxFamilySize?: number;
  /** Folder (path or URL) holding `ort-wasm-simd-threaded.wasm` (and, for a browser, its `.mjs`); default: beside the bundle. */
  wasmDir?: string;
  /** URL or path of `RDKit_minimal.wasm`; needed in a Web Worker, found beside the script in Node. */
  rdkitWasmUrl?: string;
  /**
   * Where the models run: `in-process` (default) or `worker`, a Node worker thread, so predicting
   * a large family does not block the caller's event loop. The command line runs in-process; the
   * Node language servers use the worker; see InferenceMode.
   */
  inference?: InferenceMode;
  /**
   * A model runtime made by the caller, used in place of one of the scorer's own (`modelDir`,
   * `wasmDir` and `inference` are then ignored). The language server makes a new scorer whenever a
   * scoring setting changes, and the models depend on none of them: each new scorer takes the
   * runtime already running instead of starting another, and the caller releases it. Scorers may
   * share it while they run: coverage goes with each request, and each scorer caches its own
   * predictions.
   */
  models?: ModelStage;
  /**
   * A batch run (the command line) scores each member once and has no one waiting on its event
   * loop. By default (false, for editors) the scorer keeps each member's results keyed by content,
   * so re-scoring after an edit recomputes only what changed, and hands the event loop a turn every
   * few milliseconds (timeSlices.ts); in a batch the cache would only hold a whole family in memory,
   * and the turns only cost time.
   */
  batch?: boolean;
}

/** What a document's records are named by, and (as the structure stage's StructureAccess) where its structure files may be read from. */
export interface ScoreContext extends StructureAccess {
  /** Name the records and diagnostics carry (a path, a URI, or `<stdin>`). */
  file: string;
  /** Aborts the run between stages (throws an `AbortError`). */
  signal?: AbortSignal;
  /**
   * False: keep none of this run's member analyses for the next (a closed file, scored once). By
   * default an editor's scorer (not `batch`) keeps them under `file`, so that re-scoring the
   * document after an edit recomputes only what changed, until `Scorer.forget(file)`.
   */
  keepMembers?: boolean;
}

/** One expanded recipe with everything computed for it. */
export interface ScoredMember {
  spec: RecipeSpec;
  /**
   * Every descriptor with its inputs, source and definition (for hover, `--explain`, a recipe's
   * detail and its few hundred background members). An editor's member computes them anew when
   * they are read (MemberAnalysis.pack): what is read of every member of a family is read through
   * the three methods below.
   */
  readonly descriptors: DescriptorSet;
  /** The record's `descriptors` alone, made anew without building or keeping the record (the calibrated E_form reads it). */
  descriptorRecord(): DescriptorRecord;
  /** One value of the record's `descriptors`, without making it (a family's ranking by φ reads it). */
  descriptorValue(key: DescriptorKey): number | null;
  /** The record's φ verdict, without making the record. */
  phiVerdict(): PhiVerdict;
  /**
   * Each ligand use's molecule, in the order of `spec.ligands`: RDKit's canonical SMILES where the
   * ligand stage described it (ligandMolecule), so one molecule written two ways is one material.
   */
  ligandMolecules(): readonly string[];
  /** E_form, eV per metal atom, with its CV+ interval and domain verdict; null without a model. */
  prediction: Prediction | null;
  /** ΔE = E(core) − E(surface), eV; only when the dopant is the minority and the site model loaded. */
  site: Prediction | null;
  /**
   * A majority dopant's site call with the roles swapped, which prices its stated site: what was
   * asked, its ΔE′ with its interval and domain verdict (siteCall.ts); null for any other member.
   * No record field holds it: the ordering term's inputs and its BM404 show it.
   */
  swappedSite: SwappedSiteCall | null;
  /** Why a stated core or surface site has no ΔE to price it, not even with the roles swapped (BM405: E_form's upper end is open); undefined otherwise. */
  unpricedSite: string | undefined;
  /** Cards of the loaded models by name (`prediction.model`), for what each model knows and does not; shared by every member. */
  cards: Readonly<Record<string, ModelCard>>;
  /** Diagnostics that concern this member alone (chemistry, structure file, model, domain). */
  diagnostics: BimetalDiagnostic[];
  /** The member's `bimetal score` record, built when first read and then kept: hovers, lenses and the calibration read it again. */
  record: ScoreRecord;
  /**
   * The same record without keeping it (the kept one, when it was read before), for requests that
   * read every member's record once, such as the results panel's: kept, a 98,600-member family's
   * records stayed in the language server for the life of the document.
   */
  buildRecord(): ScoreRecord;
  /**
   * One of the member's diagnostics as its record states it (1-based line and column): a calibrated
   * record's BM412, decided against the calibrated interval (calibration/apply.ts), in place of the
   * shipped one among the record's diagnostics.
   */
  recordDiagnostic(diagnostic: BimetalDiagnostic): RecordDiagnostic;
  /**
   * The structure file the member was scored with, as a material (structureStage.ts: a hash of
   * the metal core it holds); undefined when it names none or the file could not be read.
   */
  structureIdentity: string | undefined;
}

export interface ScoredDocument {
  /** Every diagnostic of the document: syntax, semantics, chemistry, model; no duplicates. */
  diagnostics: BimetalDiagnostic[];
  /** One record per expanded recipe, in source order (same order as `members`). */
  records: ScoreRecord[];
  members: ScoredMember[];
  /** Each expanded recipe's first member and number of members, in source order: where each family lies in `members`. */
  families: readonly FamilyHead[];
}

/** The text an analysis came from, with its line index when the caller keeps one for this version (the scorer builds its own otherwise). */
interface AnalysedText {
  text: string;
  lines?: LineIndex;
}

/** A document the grammar has already parsed, validated and expanded, with the text it came from. */
export interface DocumentAnalysis extends AnalysisResult, AnalysedText {}

/**
 * A document as scoreStream takes it: analysed like DocumentAnalysis, with members that may be made
 * a slice at a time (`analyzeFamilies`, `memberArray` for members already in an array).
 */
export interface StreamedDocument extends FamilyAnalysis, AnalysedText {}

/** Where `Scorer.scoreStream` hands its members, a chunk at a time, in source order. */
export interface ScoreStream {
  /**
   * Takes one chunk of scored members; the next chunk is scored once the returned promise settles,
   * so a slow consumer (a full pipe) holds the scorer back instead of letting chunks pile up.
   */
  onChunk(members: readonly ScoredMember[]): void | Promise<void>;
  /** Members per chunk (default 256, BATCH_CHUNK_MEMBERS and EDITOR_CHUNK_MEMBERS in scorer.ts). */
  chunkSize?: number;
  /**
   * Which members' diagnostics the returned document diagnostics summarise (default all). The
   * command line prints only errors; keeping the names of a family's members for a warning they
   * all share would grow with the family.
   */
  summarise?: (diagnostic: BimetalDiagnostic) => boolean;
  /**
   * Asked before each chunk: true when no more members are wanted (`bimetal score … | head`, whose
   * reader has gone). The members left are not scored; the document's own diagnostics (its
   * declarations, models, structure files, the members scored) are still returned.
   */
  enough?: () => boolean;
}

export interface Scorer {
  /** Parses, validates and expands `text` with this scorer's family limit, then scores it (scoreAnalysis). */
  scoreText(text: string, context: ScoreContext): Promise<ScoredDocument>;
  /**
   * Scores a document analysed by the caller (the language server keeps one analysis per
   * version), so the text is not parsed or expanded a second time. `diagnostics` must hold the
   * grammar's diagnostics, expansion included: they are re-reported with the document's.
   */
  scoreAnalysis(analysis: DocumentAnalysis, context: ScoreContext): Promise<ScoredDocument>;
  /**
   * scoreAnalysis a chunk of members at a time: each chunk is taken from `document.members`, goes
   * to `stream.onChunk` and is not kept, so memory stays bounded for any family size when the
   * members are made a slice at a time. Resolves to the document's diagnostics (those of
   * scoreAnalysis, with member diagnostics filtered by `stream.summarise`).
   */
  scoreStream(document: StreamedDocument, context: ScoreContext, stream: ScoreStream): Promise<BimetalDiagnostic[]>;
  /**
   * The ligand names (canonical SMILES for an inline ligand) that the members' records may list
   * under `descriptors.logP`, in first-use order: a streamed CSV needs its columns before the first record.
   */
  ligandLabels(document: StreamedDocument): Promise<string[]>;
  /** Frees the model sessions (or stops the inference worker) unless they were given (`models`); the scorer reloads them if used again. */
  dispose(): Promise<void>;
  /**
   * Drops the member analyses kept for runs of `file` (the language server: a document that
   * closed); a run of it under way keeps nothing more.
   */
  forget(file: string): void;
  /** How many member analyses are kept for the next run: for `file`, or in all. */
  keptMembers(file?: string): number;
}
