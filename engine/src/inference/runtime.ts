/**
 * The shipped models (models/FORMAT.md) loaded into onnxruntime-web, and their predictions: point,
 * CV+ interval and applicability domain per recipe. A broken site model leaves E_form working.
 * The E_form model learns only the mixing term; its physics anchor (size and environment terms,
 * energyAnchor.ts) is added here, to the point and to both interval ends alike, because it is the
 * same for every fold model.
 */
import type { InferenceSession } from 'onnxruntime-web/wasm';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION } from '../features/schema';
import { CalibrationGroup, levelAtShare, MondrianCvPlus, pointOf, type ComposedPart, type GroupByContext, type GroupChoice } from './conformal';
import { ApplicabilityDomain, domainProblem, type CardDomain } from './domain';
import { EnergyAnchor, mixingSource } from './energyAnchor';
import { hasOwnSizeLaw, validateEnergyTerms, type EnergyTerm, type EnergyTermsFile } from './energyTerms';
import { ModelLoadError } from './errors';
import { ModelFileInvalidError, ModelFileMissingError, readModelBytes, readModelJson } from './modelFiles';
import { noveltyOf, type NoveltyContext } from './noveltyGroup';
import { getOrt, RuntimeInitError, type Ort } from './ortRuntime';
import { SiteTermsModel, siteTermsProblem, validateSiteTerms, type PointFolds, type SiteBreakdown } from './siteTerms';

export const EFORM_MODEL = 'eform-v2';
export const SITE_MODEL = 'site-v2';
/**
 * How each model NAME's files are named (models/FORMAT.md): the runtime reads its graph, card and
 * conformal calibration; the card for people and the parity sample ship beside them.
 */
export const MODEL_FILE_SUFFIXES = { graph: '.onnx', card: '.card.json', conformal: '.conformal.json', cardForPeople: '.card.md', parity: '.parity.json' } as const;
/** Model `name`'s file of `part` (`eform-v2.onnx`). */
export function modelFile(name: string, part: keyof typeof MODEL_FILE_SUFFIXES): string {
  return `${name}${MODEL_FILE_SUFFIXES[part]}`;
}
/** The E_form model's physics anchor (models/FORMAT.md). */
export const ENERGY_TERMS_FILE = `${EFORM_MODEL}.terms.json`;
/** The site model's terms (models/FORMAT.md): optional, for the breakdown of ΔE only. */
export const SITE_TERMS_FILE = `${SITE_MODEL}.terms.json`;
/**
 * Every name a models folder holds a file under (models/FORMAT.md): each model's files and the
 * terms. One that is absent is still looked for on every load (the site model and its terms are
 * optional), so no other file may be written under it.
 */
export const MODEL_FILES: readonly string[] = [
  ...[EFORM_MODEL, SITE_MODEL].flatMap((name) => (Object.keys(MODEL_FILE_SUFFIXES) as Array<keyof typeof MODEL_FILE_SUFFIXES>).map((part) => modelFile(name, part))),
  ENERGY_TERMS_FILE,
  SITE_TERMS_FILE,
];

/** Rows of features, row-major: `data[r * cols + c]`. */
export interface FeatureMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/**
 * One prediction with its CV+ interval. `lower`/`upper` are ±Infinity when the calibration group
 * is too small for the coverage (`bounded: false`); JSON.stringify writes those as `null`.
 */
export interface Prediction {
  /**
   * The estimate: the calibration-weighted median of the fold models' predictions over the same
   * calibration points as the interval (conformal.ts), so lower ≤ point ≤ upper for every
   * coverage ≥ 0.5; for a group without points (unbounded at every coverage) the plain median of
   * the fold predictions. The ONNX graph's own `point` output can lie outside the CV+ interval,
   * because that interval is centred on the fold models of the recipe's calibration group.
   */
  point: number;
  /**
   * The ONNX graph's `point` output (models/FORMAT.md: the all-data model; for the shipped
   * models the unweighted median of the K fold outputs), plus the same anchor as `point`, kept for
   * transparency and comparison.
   */
  modelPoint: number;
  lower: number;
  upper: number;
  coverage: number;
  /** Model file name, e.g. 'eform-v2'. */
  model: string;
  bounded: boolean;
  /**
   * Mondrian calibration group used, or null when the recipe's group was unseen and all points were
   * pooled; for a composed interval (conformal.ts ComposedGroup) the mixing group's and each
   * element's size group's names joined by ' + ' (`pair + unary-Au + unary-Pd`), for people: a
   * group's own name may hold ' + ', so the groups are read from `calibrationParts`.
   */
  calibrationGroup: string | null;
  /**
   * Which of the rules a shared `calibrationGroup` serves placed the recipe there: its Mondrian key
   * (for `groupBy` "novelty", a rule of noveltyGroup.ts), where the group serves several keys
   * (`uncalibrated`: `size-new`, `element-new-small` and `pair-far-small`) or the interval is
   * composed; null where the group's name says it.
   */
  calibrationRule: string | null;
  /**
   * How many calibration points the interval was built from (the group's, a composed interval's
   * mixing group's, or all of them pooled).
   * 0 for a group no calibrated recipe resembles: its interval is unbounded at every coverage.
   */
  calibrationPoints: number;
  /**
   * A composed interval's groups as it was composed of them (conformal.ts MondrianCvPlus), in the
   * order calibrationGroup names them, each with the level its residuals were taken at: BM405 says
   * which part is short, --explain and BM405 name each. Empty for one group or the pooled set.
   * Read-only: the predictions of one composed group in a batch share one list (LoadedModel.predict,
   * and predictionWire.ts reads it back so), so a change made for one would be made for all.
   */
  calibrationParts: readonly CalibrationPart[];
  inDomain: boolean;
  domainReasons: string[];
  /**
   * The additive parts of `point` (E_form: size, mixing, environment, and ordering once the
   * pipeline knows the site), which sum to it; empty for a model without terms (site).
   */
  terms: EnergyTerm[];
  /**
   * The site model's point broken into its terms (siteTerms.ts), or why it is not; absent for
   * E_form and where the site model ships no terms file.
   */
  siteTerms?: SiteBreakdown;
}

/** A composed interval's group (conformal.ts ComposedPart), with the coverage its residuals were taken at: 1 − α/share. */
export interface CalibrationPart extends ComposedPart {
  readonly level: number;
}

/** The raw model outputs for a batch: `point[r]`, and `folds[r * folds + k]` = μ̂₋ₖ(x_r). */
export interface ModelOutputs {
  point: Float32Array;
  folds: Float32Array;
  foldCount: number;
}

/** The parts of `NAME.card.json` the runtime uses (the rest is for people and tools). */
export interface ModelCard {
  name: string;
  version: string | number;
  target?: unknown;
  features: string[];
  featureSchema: string;
  domain?: CardDomain;
  /** What the model was trained on, in short phrases for people (hover, cards). */
  knows?: string[];
  /** What it was not trained on and so cannot know. */
  doesNotKnow?: string[];
  [key: string]: unknown;
}

export interface PredictOptions {
  coverage: number;
}

export interface ModelRuntime {
  /** Names of the models that loaded. E_form is always among them. */
  readonly models: readonly string[];
  readonly cards: Readonly<Record<string, ModelCard>>;
  /** Models that could not be loaded (e.g. no site model shipped), with why. */
  readonly problems: readonly ModelLoadError[];
  predictEForm(rows: Float32Array[] | FeatureMatrix, options: PredictOptions): Promise<Prediction[]>;
  /** ΔE = E(core) − E(surface); rejects with the site model's ModelLoadError when it did not load. */
  predictSite(rows: Float32Array[] | FeatureMatrix, options: PredictOptions): Promise<Prediction[]>;
  /** Runs a model without intervals (parity checks, benchmarks). */
  evaluate(model: string, rows: Float32Array[] | FeatureMatrix): Promise<ModelOutputs>;
  release(): Promise<void>;
}

export interface LoadModelOptions {
  modelDir: string | URL;
  /** Folder (path prefix or URL ending in '/') of ort-wasm-simd-threaded.wasm (and, for a browser, its .mjs); see ortRuntime.ts for the default. */
  wasmPaths?: string;
}

/** Largest number of rows sent to onnxruntime in one `run`, to bound the memory of one call. */
const MAX_ROWS_PER_RUN = 8192;

/**
 * The rows as one matrix. Rows that already lie one after another in one buffer (a batch writes
 * its chunk's features into one matrix: `featurizeInto`) are returned as a view of that memory,
 * not copied; otherwise the matrix is a new array of exactly rows × cols values.
 */
export function toFeatureMatrix(rows: Float32Array[] | FeatureMatrix, cols: number): FeatureMatrix {
  if (!Array.isArray(rows)) {
    if (rows.cols !== cols) throw new RangeError(`feature matrix has ${rows.cols} columns, the model expects ${cols}`);
    if (rows.data.length < rows.rows * rows.cols) throw new RangeError('feature matrix data is shorter than rows × cols');
    return rows;
  }
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new RangeError(`feature row ${r} has ${row.length} values, the model expects ${cols}`);
  });
  if (rows.length > 0 && consecutive(rows)) {
    return { data: new Float32Array(rows[0].buffer, rows[0].byteOffset, rows.length * cols), rows: rows.length, cols };
  }
  const data = new Float32Array(rows.length * cols);
  rows.forEach((row, r) => data.set(row, r * cols));
  return { data, rows: rows.length, cols };
}

/** Whether each row starts in the same buffer where the one before it ends. */
function consecutive(rows: readonly Float32Array[]): boolean {
  const { buffer } = rows[0];
  for (let r = 1; r < rows.length; r++) {
    const previous = rows[r - 1];
    if (rows[r].buffer !== buffer || rows[r].byteOffset !== previous.byteOffset + previous.byteLength) return false;
  }
  return true;
}

class LoadedModel {
  /** onnxruntime-web runs one call at a time per session; this chain keeps callers in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly card: ModelCard,
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    readonly calibration: MondrianCvPlus,
    readonly domain: ApplicabilityDomain,
    /** The physics anchor added to every output (E_form), or undefined for a model without one. */
    readonly anchor?: EnergyAnchor,
    /** The terms each output is the sum of (site), or why the terms file cannot say; undefined without a terms file. */
    readonly siteTerms?: SiteTermsModel | { problem: string },
  ) {}

  async evaluate(matrix: FeatureMatrix): Promise<ModelOutputs> {
    const run = this.queue.then(() => this.runBatches(matrix));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runBatches(m: FeatureMatrix): Promise<ModelOutputs> {
    const K = this.calibration.folds;
    const point = new Float32Array(m.rows);
    const folds = new Float32Array(m.rows * K);
    for (let start = 0; start < m.rows; start += MAX_ROWS_PER_RUN) {
      const count = Math.min(MAX_ROWS_PER_RUN, m.rows - start);
      const input = new this.ort.Tensor('float32', m.data.subarray(start * m.cols, (start + count) * m.cols), [count, m.cols]);
      const out = await this.session.run({ features: input });
      const p = out.point;
      const f = out.folds;
      if (!p || !f || f.dims[1] !== K || p.data.length !== count) {
        throw new ModelLoadError('invalid', this.name, `${modelFile(this.name, 'graph')} returned outputs of unexpected shape (expected point [N] and folds [N, ${K}])`);
      }
      point.set(p.data as Float32Array, start);
      folds.set(f.data as Float32Array, start * K);
    }
    return { point, folds, foldCount: K };
  }

  async predict(matrix: FeatureMatrix, coverage: number): Promise<Prediction[]> {
    if (!(coverage > 0 && coverage < 1)) throw new RangeError(`coverage must lie strictly between 0 and 1, got ${coverage}`);
    const { point, folds, foldCount } = await this.evaluate(matrix);
    const predictions: Prediction[] = new Array(matrix.rows);
    const fitted = this.anchor?.terms.mixing?.source;
    const mixing = { weighted: mixingSource(this.name, foldCount, fitted), plain: mixingSource(this.name, foldCount, fitted, 'plain') };
    const coefficientsM = this.anchor?.terms.mixing?.cM;
    // c_O is the same in every fold model, so the point's median fold output is the model of the
    // same median c_M: one per calibration group (a composed interval's mixing group), not per row.
    const coefficientMedians = new Map<CalibrationGroup, number>();
    const coefficientMOf = (group: CalibrationGroup): number | undefined => {
      if (!coefficientsM) return undefined;
      let median = coefficientMedians.get(group);
      if (median === undefined) coefficientMedians.set(group, (median = group.median(coefficientsM)));
      return median;
    };
    // A batch has few composed groups, and one coverage: each one's parts with their levels are made once.
    const partsAtCoverage = new Map<readonly ComposedPart[], CalibrationPart[]>();
    const calibrationParts = (parts: readonly ComposedPart[]): CalibrationPart[] => {
      let atCoverage = partsAtCoverage.get(parts);
      if (!atCoverage) partsAtCoverage.set(parts, (atCoverage = parts.map((part) => ({ ...part, level: levelAtShare(coverage, part.share) }))));
      return atCoverage;
    };
    for (let r = 0; r < matrix.rows; r++) {
      // A "predicted:" Mondrian key bins the model's own point output, as training does.
      const choice = this.calibration.choose(matrix.data, r, point[r]);
      const { lower, upper } = choice.group.interval(folds, coverage, r * foldCount);
      const learned = pointOf(choice, folds, r * foldCount);
      const siteTerms = this.siteTerms && this.breakdown(this.siteTerms, matrix, r, folds, foldCount, choice, learned);
      const anchor = this.anchor?.evaluate(matrix.data, r);
      const domainReasons = this.domain.reasons(matrix.data, r, anchor?.reasons);
      if (choice.name === undefined) {
        domainReasons.push(`no calibration group "${choice.key}" (grouped by ${this.calibration.groupBy}): the interval pools all training points`);
      }
      const shift = anchor?.total ?? 0;
      const mixingGroup = choice.group instanceof CalibrationGroup ? choice.group : choice.group.mixing;
      const coefficientM = coefficientMOf(mixingGroup);
      // The mixing term is the mixing group's, whose c_M the terms file lists by that group's name: the
      // group the point is the median over, a shell's or support's environment group where composed.
      const outer = choice.parts.find((part) => part.role === 'environment') ?? choice.parts.find((part) => part.role === 'mixing');
      const mixingName = choice.name === undefined ? null : (outer?.group ?? choice.name);
      const terms: EnergyTerm[] = this.anchor && anchor ? [anchor.size, this.anchor.mixing(matrix.data, r, learned, coefficientM, this.name, mixingName, choice.group.weightsFolds ? mixing.weighted : mixing.plain), anchor.environment] : [];
      predictions[r] = {
        point: learned + shift,
        modelPoint: point[r] + shift,
        lower: lower + shift,
        upper: upper + shift,
        coverage,
        model: this.name,
        bounded: Number.isFinite(lower) && Number.isFinite(upper),
        calibrationGroup: choice.name ?? null,
        calibrationRule: choice.shared ? choice.key : null,
        calibrationPoints: choice.group.n,
        calibrationParts: calibrationParts(choice.parts),
        inDomain: domainReasons.length === 0,
        domainReasons,
        terms,
      };
      if (siteTerms) predictions[r].siteTerms = siteTerms;
    }
    return predictions;
  }

  /** Row r's point (`learned`, pointOf the fold outputs) in terms, or why not (an invalid file: every row says so). */
  private breakdown(
    model: SiteTermsModel | { problem: string },
    matrix: FeatureMatrix,
    r: number,
    folds: Float32Array,
    foldCount: number,
    choice: GroupChoice,
    learned: number,
  ): SiteBreakdown {
    if (!(model instanceof SiteTermsModel)) return siteTermsProblem(model.problem);
    const offset = r * foldCount;
    const { complete } = choice;
    const point: PointFolds = { folds: choice.group.medianFolds(folds, offset) };
    if (complete) point.complete = { folds: complete.group.medianFolds(folds, offset), share: complete.share };
    return model.breakdown(matrix.data, r * matrix.cols, folds, offset, point, learned);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

function validateCard(name: string, value: unknown): ModelCard {
  const card = value as Partial<ModelCard> | null;
  const fail = (why: string): never => {
    throw new ModelLoadError('invalid', name, `${modelFile(name, 'card')}: ${why}`);
  };
  if (!card || typeof card !== 'object') return fail('not a JSON object');
  if (!Array.isArray(card.features)) fail('features must list the feature names');
  if (card.featureSchema !== FEATURE_SCHEMA_VERSION) {
    fail(`trained with feature schema ${JSON.stringify(card.featureSchema)}, but this build's featuriser is ${FEATURE_SCHEMA_VERSION}; retrain or update the extension`);
  }
  const features = card.features as string[];
  const mismatch = FEATURE_NAMES.findIndex((n, i) => features[i] !== n);
  if (features.length !== FEATURE_NAMES.length || mismatch >= 0) {
    fail(`its ${features.length} features do not match the featuriser's ${FEATURE_NAMES.length} (first difference at column ${mismatch >= 0 ? mismatch : Math.min(features.length, FEATURE_NAMES.length)})`);
  }
  const problem = card.domain === undefined ? undefined : domainProblem(card.domain, features);
  if (problem) fail(problem);
  return card as ModelCard;
}

/** Turns file and runtime errors into the one ModelLoadError the diagnostics understand. */
function asLoadError(model: string, error: unknown): ModelLoadError {
  if (error instanceof ModelLoadError) return error;
  if (error instanceof ModelFileMissingError) return new ModelLoadError('missing', model, `model ${model} is not installed: ${error.message}`);
  if (error instanceof RuntimeInitError) return new ModelLoadError('runtime', model, error.message);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ModelFileInvalidError) return new ModelLoadError('invalid', model, `model ${model}: ${message}`);
  return new ModelLoadError('invalid', model, `model ${model} could not be loaded: ${message}`);
}

/** The energy terms file, read and checked once for both models (E_form's anchor, and the novelty key of either). */
async function loadEnergyTerms(options: LoadModelOptions): Promise<EnergyTermsFile> {
  const json = await readModelJson(options.modelDir, ENERGY_TERMS_FILE);
  try {
    return validateEnergyTerms(json);
  } catch (error) {
    throw new ModelFileInvalidError(`${ENERGY_TERMS_FILE}: ${(error as Error).message}`, ENERGY_TERMS_FILE);
  }
}

/**
 * The site model's terms file: undefined where it is not there (no breakdown, nothing wrong), and
 * where it breaks models/FORMAT.md the reason, which every site prediction then gives for having
 * no terms: the file only explains predictions, so it never costs one.
 */
async function loadSiteTerms(options: LoadModelOptions, features: readonly string[], folds: number): Promise<SiteTermsModel | { problem: string } | undefined> {
  let json: unknown;
  try {
    json = await readModelJson(options.modelDir, SITE_TERMS_FILE);
  } catch (error) {
    if (error instanceof ModelFileMissingError) return undefined;
    return { problem: `${SITE_TERMS_FILE} is invalid (${(error as Error).message}), so no terms are shown` };
  }
  try {
    return new SiteTermsModel(validateSiteTerms(json, features, folds), features);
  } catch (error) {
    return { problem: `${SITE_TERMS_FILE} is invalid (${(error as Error).message}), so no terms are shown` };
  }
}

/**
 * The `"novelty"` calibration key needs the card's pairs, mixing range and bimetallic sizes, and the
 * size laws and environment terms of the terms file.
 */
function groupByContext(card: ModelCard, terms: EnergyTermsFile | undefined): GroupByContext {
  if (!terms || !card.domain?.pairs) return {};
  const file = terms;
  const sizeLaw = (symbol: string) => (hasOwnSizeLaw(file, symbol) ? file.sizeLaw.elements[symbol] : undefined);
  const lawStarts = Object.values(file.sizeLaw.elements).flatMap((law) => (law.nMin === undefined ? [] : [law.nMin]));
  const context: NoveltyContext = {
    pairs: card.domain.pairs,
    sizeLaw,
    smallestSize: card.domain.features?.n_metal?.min,
    lawsFrom: lawStarts.length > 0 ? Math.min(...lawStarts) : undefined,
    pairSizes: card.domain.bimetallicSizes?.bare?.min,
    mixingRange: card.domain.features?.miedema_mixing,
    environment: file.environment,
  };
  return { novelty: noveltyOf(card.features, context) };
}

/**
 * A model's applicability domain. The site model predicts the dopant's site itself, and E_form meets
 * the stated site only through the ordering term, so the site a recipe states is no domain question
 * for either model; a model with a physics anchor leaves ligands and supports its terms cover to them.
 */
export function modelDomain(card: ModelCard, anchored: boolean): ApplicabilityDomain {
  return new ApplicabilityDomain(card.domain ?? {}, card.features, { ignoreSite: true, environmentByTerm: anchored });
}

/**
 * Loads one model. `terms` is the E_form model's anchor: required by E_form (its ONNX graph
 * predicts the mixing term only), used by the site model only for a "novelty" calibration key.
 */
async function loadModel(name: string, options: LoadModelOptions, termsFile: Promise<EnergyTermsFile>): Promise<LoadedModel> {
  try {
    const anchored = name === EFORM_MODEL;
    const [bytes, cardJson, conformalJson, terms] = await Promise.all([
      readModelBytes(options.modelDir, modelFile(name, 'graph')),
      readModelJson(options.modelDir, modelFile(name, 'card')),
      readModelJson(options.modelDir, modelFile(name, 'conformal')),
      anchored ? termsFile : termsFile.catch(() => undefined),
    ]);
    const card = validateCard(name, cardJson);
    let anchor: EnergyAnchor | undefined;
    try {
      anchor = anchored && terms ? new EnergyAnchor(terms, card.features) : undefined;
    } catch (error) {
      throw new ModelLoadError('invalid', name, `${ENERGY_TERMS_FILE}: ${(error as Error).message}`);
    }
    let calibration: MondrianCvPlus;
    try {
      calibration = MondrianCvPlus.fromFile(conformalJson, card.features, groupByContext(card, terms));
    } catch (error) {
      throw new ModelLoadError('invalid', name, `${modelFile(name, 'conformal')}: ${(error as Error).message}`);
    }
    const coefficientsM = anchor?.terms.mixing?.cM;
    if (coefficientsM && coefficientsM.length !== calibration.folds) {
      throw new ModelLoadError('invalid', name, `${ENERGY_TERMS_FILE}: mixing.cM has ${coefficientsM.length} coefficients, but ${name} has ${calibration.folds} fold models`);
    }
    const ort = await getOrt(options.wasmPaths);
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    } catch (error) {
      throw new ModelLoadError('invalid', name, `${modelFile(name, 'graph')} is not a model onnxruntime-web can run: ${(error as Error).message}`);
    }
    const missing = ['point', 'folds'].filter((o) => !session.outputNames.includes(o));
    if (!session.inputNames.includes('features') || missing.length > 0) {
      await session.release();
      throw new ModelLoadError('invalid', name, `${modelFile(name, 'graph')} must take input "features" and give outputs "point" and "folds"`);
    }
    const siteTerms = name === SITE_MODEL ? await loadSiteTerms(options, card.features, calibration.folds) : undefined;
    return new LoadedModel(name, card, ort, session, calibration, modelDomain(card, anchor !== undefined), anchor, siteTerms);
  } catch (error) {
    throw asLoadError(name, error);
  }
}

/**
 * Loads the shipped models from `modelDir`. Rejects with a ModelLoadError when the E_form model
 * cannot be used; a missing or broken site model is recorded in `problems` instead, so E_form
 * predictions still work without it.
 */
export async function loadModelRuntime(options: LoadModelOptions): Promise<ModelRuntime> {
  const terms = loadEnergyTerms(options);
  // Each model handles a failure of the terms file itself; this keeps Node from calling it unhandled.
  terms.catch(() => undefined);
  const [eform, site] = await Promise.allSettled([loadModel(EFORM_MODEL, options, terms), loadModel(SITE_MODEL, options, terms)]);
  if (eform.status === 'rejected') {
    if (site.status === 'fulfilled') await site.value.release();
    throw eform.reason;
  }
  const loaded = new Map<string, LoadedModel>([[EFORM_MODEL, eform.value]]);
  const problems: ModelLoadError[] = [];
  if (site.status === 'fulfilled') loaded.set(SITE_MODEL, site.value);
  else problems.push(site.reason as ModelLoadError);

  const get = (name: string): LoadedModel => {
    const model = loaded.get(name);
    if (model) return model;
    throw problems.find((p) => p.model === name) ?? new ModelLoadError('missing', name, `model ${name} is not loaded`);
  };
  return {
    models: [...loaded.keys()],
    cards: Object.fromEntries([...loaded].map(([n, m]) => [n, m.card])),
    problems,
    predictEForm: async (rows, o) => predictWith(get(EFORM_MODEL), rows, o),
    predictSite: async (rows, o) => predictWith(get(SITE_MODEL), rows, o),
    evaluate: async (name, rows) => {
      const model = get(name);
      return model.evaluate(toFeatureMatrix(rows, model.card.features.length));
    },
    release: async () => {
      await Promise.all([...loaded.values()].map((m) => m.release()));
    },
  };
}

function predictWith(model: LoadedModel, rows: Float32Array[] | FeatureMatrix, options: PredictOptions): Promise<Prediction[]> {
  return model.predict(toFeatureMatrix(rows, model.card.features.length), options.coverage);
}
