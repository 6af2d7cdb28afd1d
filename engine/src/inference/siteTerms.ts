/**
 * The site model's terms (`site-v2.terms.json`, models/FORMAT.md): each fold model is a sum of
 * weight · part(column) over a few physics columns of the feature row, so a site prediction can be
 * broken into what moves the dopant to the surface (a positive contribution) and what holds it in
 * the core (a negative one). The point is one fold model's output, or the mean of two
 * (conformal.ts CalibrationGroup.medianFolds): its terms are that model's, or the mean of the two
 * models' weights; a shell over part of the surface blends two such points by its coverage θ
 * (conformal.ts pointOf), and its weights are blended alike. Every breakdown is checked against the graph's own fold outputs; one that does
 * not add up is not shown.
 */
import { FEATURE_DEFINITIONS } from '../features/schema';

export const SITE_TERMS_SCHEMA = 'bimetal-site-terms-1';

/** Which part of its column a term weighs: x, max(x, 0), min(x, 0), or x where the term's gate holds (else 0). */
export type SiteTermPart = 'all' | 'positive' | 'negative' | 'gated';

const PARTS: readonly SiteTermPart[] = ['all', 'positive', 'negative', 'gated'];

/** A gated term counts only in rows whose `below` column is less than their `above` column (H_mix: a dopant left of its host). */
export interface SiteTermGate {
  below: string;
  above: string;
}

/** A gate as the views write it: `dopant_group < host_group`; '' for a term without one. */
function gateRule(gate: SiteTermGate | undefined): string {
  return gate ? `${gate.below} < ${gate.above}` : '';
}

export interface SiteTermsFileTerm {
  /** The coefficient's name, e.g. `h_mix`, `surface_energy_diff<0`. */
  key: string;
  /** A feature column of the card. */
  column: string;
  part: SiteTermPart;
  /** Where a `gated` term counts (and only there). */
  gate?: SiteTermGate;
  /** How the term is written for people; default: the column. */
  symbol?: string;
  /** One weight per fold model, fold order, eV per unit of the column. */
  weights: number[];
}

export interface SiteTermsFile {
  schema: typeof SITE_TERMS_SCHEMA;
  form?: string;
  definition?: string;
  source?: string;
  folds?: number;
  terms: SiteTermsFileTerm[];
}

/**
 * What every breakdown of one model shares, per term in the file's order: made once per model (and
 * once per batch through the worker), never per prediction.
 */
export interface SiteTermLayout {
  readonly keys: readonly string[];
  readonly symbols: readonly string[];
  /** The input column's definition (the featuriser's), with the part the term weighs. */
  readonly definitions: readonly string[];
  readonly parts: readonly SiteTermPart[];
  /** The input column of each term. */
  readonly names: readonly string[];
  readonly units: readonly string[];
  /** Each term's gate as gateRule writes it, '' for a term without one. */
  readonly gates: readonly string[];
  /** What the weights were fitted on (the file's `form` and `source`). */
  readonly source?: string;
}

/** The layout of a breakdown without terms. */
export const NO_SITE_TERMS: SiteTermLayout = { keys: [], symbols: [], definitions: [], parts: [], names: [], units: [], gates: [] };

/**
 * A site prediction's terms, or why it has none, in numbers: the editor keeps every prediction, and
 * an object per term (with its input's) held 1.9 kB a prediction of eight terms (184 MB for 98,600
 * members with a site call), where this holds about 0.2 kB: the layout and the weights are shared.
 * The record's `site.terms` (records.ts) are the terms' objects.
 */
export interface SiteBreakdown {
  layout: SiteTermLayout;
  /** Per term, the value of its input column in this row, as the model read it (float32); empty where `problem` says why there are no terms. */
  inputs: number[];
  /** Per term, eV per unit of its input: the fold model's weight, or the mean of the two fold models' (shared by the rows of those folds). */
  weights: readonly number[];
  /** The fold models (0-based) whose weights the terms carry: one, or the two whose outputs' mean is the point. */
  folds: number[];
  /**
   * A shell over part of the surface: its point is (1 − share) times the mean of `folds` (weighed as a
   * bare surface's) plus `share` (θ, `ligand_coverage`) times the mean of these folds (weighed as the
   * complete shell's), and `weights` are blended alike.
   */
  complete?: { folds: number[]; share: number };
  /** Bit i set: term i is gated and its gate does not hold in this row, so it counts 0 (absent: every gate holds or none). */
  closedGates?: number;
  /** Why the prediction has no terms: the file is invalid, or its terms do not sum to the model's output. */
  problem?: string;
}

/** Whether term i counts in this row: every term but a gated one whose gate does not hold. */
export function siteTermCounts(b: SiteBreakdown, i: number): boolean {
  return ((b.closedGates ?? 0) & (1 << i)) === 0;
}

/** Term i's contribution, weight · part(input), eV (0 where its gate does not hold). */
export function siteTermValue(b: SiteBreakdown, i: number): number {
  return siteTermCounts(b, i) ? b.weights[i] * partOf(b.inputs[i], b.layout.parts[i]) : 0;
}

/** A breakdown without terms, and why. */
export function siteTermsProblem(problem: string, folds: number[] = []): SiteBreakdown {
  return { layout: NO_SITE_TERMS, inputs: [], weights: [], folds, problem };
}

/**
 * The fold models a point is made of (conformal.ts pointOf): the two of the middle ranks of its group's
 * median (one fold twice where they fall in one), and for a shell over part of the surface those of the
 * complete shell's median with θ, its share of the point.
 */
export interface PointFolds {
  folds: readonly [number, number];
  complete?: { folds: readonly [number, number]; share: number };
}

/** One fold, or the two distinct ones of a median's middle ranks. */
function distinctFolds([low, high]: readonly [number, number]): number[] {
  return low === high ? [low] : [low, high];
}

/** How far (eV) the terms may miss a fold model's output: float32 rounding of the graph's sums, and no more. */
const SITE_TERMS_TOLERANCE = 1e-4;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks a parsed terms file against the card's features and the fold count; throws an Error saying what is wrong. */
export function validateSiteTerms(value: unknown, features: readonly string[], folds: number): SiteTermsFile {
  const fail = (why: string): never => {
    throw new Error(`invalid site terms file: ${why}`);
  };
  if (!isObject(value)) return fail('not a JSON object');
  if (value.schema !== SITE_TERMS_SCHEMA) fail(`schema must be "${SITE_TERMS_SCHEMA}", got ${JSON.stringify(value.schema)}`);
  if (value.folds !== undefined && value.folds !== folds) fail(`folds is ${JSON.stringify(value.folds)}, but the model has ${folds} fold models`);
  for (const prose of ['form', 'definition', 'source']) if (value[prose] !== undefined && typeof value[prose] !== 'string') fail(`${prose} must be text`);
  const terms = value.terms;
  if (!Array.isArray(terms) || terms.length === 0) return fail('terms must list the terms');
  const keys = new Set<string>();
  const sides = new Set<string>();
  terms.forEach((t: unknown, i) => {
    if (!isObject(t)) return fail(`terms[${i}] is not an object`);
    if (typeof t.key !== 'string' || keys.has(t.key)) fail(`terms[${i}].key must be a name of its own`);
    keys.add(t.key as string);
    if (typeof t.column !== 'string' || !features.includes(t.column)) fail(`terms[${i}].column ${JSON.stringify(t.column)} is no feature of the model`);
    if (!PARTS.includes(t.part as SiteTermPart)) fail(`terms[${i}].part must be one of ${PARTS.join(', ')}`);
    if (t.part === 'gated') {
      const gate = t.gate;
      if (!isObject(gate) || ![gate.below, gate.above].every((c) => typeof c === 'string' && features.includes(c))) {
        fail(`terms[${i}].gate must name two feature columns of the model, below and above`);
      }
    } else if (t.gate !== undefined) fail(`terms[${i}] has a gate but its part is ${t.part}, not gated`);
    // The graph holds one bit per term in a row's closed gates (SiteBreakdown.closedGates).
    if (i >= 31) fail('a terms file holds at most 31 terms');
    // A column weighs once, or once per side.
    for (const side of t.part === 'all' || t.part === 'gated' ? ['positive', 'negative'] : [t.part as string]) {
      if (sides.has(`${t.column}:${side}`)) fail(`terms[${i}] weighs the ${side} side of ${t.column} a second time`);
      sides.add(`${t.column}:${side}`);
    }
    if (t.symbol !== undefined && typeof t.symbol !== 'string') fail(`terms[${i}].symbol must be text`);
    const weights = t.weights;
    if (!Array.isArray(weights) || weights.length !== folds || !weights.every((w) => typeof w === 'number' && Number.isFinite(w))) {
      fail(`terms[${i}].weights must hold ${folds} finite numbers, one per fold model`);
    }
  });
  return value as unknown as SiteTermsFile;
}

function partText(t: SiteTermsFileTerm): string {
  if (t.part === 'gated') return ` (counted only where ${gateRule(t.gate)}, else 0)`;
  return t.part === 'positive' ? ' (its positive part, max(x, 0))' : t.part === 'negative' ? ' (its negative part, min(x, 0))' : '';
}

/** The part of x a term weighs (a gated term's gate is checked apart, siteTermCounts). */
function partOf(x: number, part: SiteTermPart): number {
  return part === 'positive' ? Math.max(x, 0) : part === 'negative' ? Math.min(x, 0) : x;
}

/** A checked terms file, ready to break predictions of the model with these features into terms. */
export class SiteTermsModel {
  readonly layout: SiteTermLayout;
  /** Each term's column in the feature row. */
  private readonly columns: number[];
  /** Each gated term's gate columns (below, above) in the feature row; null for a term without one. */
  private readonly gateColumns: Array<[number, number] | null>;
  /** The weights of each fold pair's mean (`low,high`; one fold: `k,k`), made once. */
  private readonly weightsOf = new Map<string, readonly number[]>();

  constructor(
    readonly file: SiteTermsFile,
    features: readonly string[],
  ) {
    const definitions = new Map(FEATURE_DEFINITIONS.map((d) => [d.name, d]));
    const source = [file.form, file.source].filter((text) => typeof text === 'string' && text.length > 0).join('; ');
    const definition = (t: SiteTermsFileTerm) => `${definitions.get(t.column)?.definition ?? t.column}${partText(t)}`;
    this.layout = {
      keys: file.terms.map((t) => t.key),
      symbols: file.terms.map((t) => t.symbol ?? t.column),
      definitions: file.terms.map(definition),
      parts: file.terms.map((t) => t.part),
      names: file.terms.map((t) => t.column),
      units: file.terms.map((t) => definitions.get(t.column)?.unit ?? '–'),
      gates: file.terms.map((t) => gateRule(t.gate)),
      ...(source ? { source } : {}),
    };
    this.columns = file.terms.map((t) => features.indexOf(t.column));
    this.gateColumns = file.terms.map((t) => (t.gate ? [features.indexOf(t.gate.below), features.indexOf(t.gate.above)] : null));
  }

  /** Bit i set where term i's gate does not hold in this row. */
  private closedGates(data: ArrayLike<number>, rowOffset: number): number {
    let closed = 0;
    for (let i = 0; i < this.gateColumns.length; i++) {
      const gate = this.gateColumns[i];
      if (gate && !(data[rowOffset + gate[0]] < data[rowOffset + gate[1]])) closed |= 1 << i;
    }
    return closed;
  }

  private weights(low: number, high: number): readonly number[] {
    const key = `${low},${high}`;
    let weights = this.weightsOf.get(key);
    if (!weights) this.weightsOf.set(key, (weights = this.file.terms.map((t) => (t.weights[low] + t.weights[high]) / 2)));
    return weights;
  }

  /** What fold model `k` gives for row `row` (starting at `rowOffset` of `data`), from its terms. */
  private foldSum(data: ArrayLike<number>, rowOffset: number, k: number, closed: number): number {
    const terms = this.file.terms;
    let sum = 0;
    for (let i = 0; i < terms.length; i++) if ((closed & (1 << i)) === 0) sum += terms[i].weights[k] * partOf(data[rowOffset + this.columns[i]], terms[i].part);
    return sum;
  }

  /**
   * The terms of the point `point` of one row: the model of one fold, or the mean of two
   * (CalibrationGroup.medianFolds), or a partial shell's blend of two such (PointFolds). Each fold
   * model's sum of terms is checked against the graph's output for it (`foldOutputs[foldOffset + k]`),
   * and the terms against the point: beyond SITE_TERMS_TOLERANCE the breakdown has no terms and says why.
   */
  breakdown(data: ArrayLike<number>, rowOffset: number, foldOutputs: ArrayLike<number>, foldOffset: number, point: PointFolds, pointValue: number): SiteBreakdown {
    const folds = distinctFolds(point.folds);
    const complete = point.complete && { folds: distinctFolds(point.complete.folds), share: point.complete.share };
    const closed = this.closedGates(data, rowOffset);
    for (const k of complete ? [...folds, ...complete.folds] : folds) {
      const sum = this.foldSum(data, rowOffset, k, closed);
      const output = foldOutputs[foldOffset + k];
      if (!(Math.abs(sum - output) <= SITE_TERMS_TOLERANCE)) {
        return siteTermsProblem(`its terms sum to ${sum.toPrecision(6)} eV where fold model ${k + 1} gives ${output.toPrecision(6)} eV: the terms file does not describe this model, so no terms are shown`, folds);
      }
    }
    const own = this.weights(point.folds[0], point.folds[1]);
    let weights = own;
    if (complete) {
      const full = this.weights(point.complete!.folds[0], point.complete!.folds[1]);
      weights = own.map((w, i) => (1 - complete.share) * w + complete.share * full[i]);
    }
    const breakdown: SiteBreakdown = { layout: this.layout, inputs: this.columns.map((c) => data[rowOffset + c]), weights, folds };
    if (complete) breakdown.complete = complete;
    if (closed !== 0) breakdown.closedGates = closed;
    let total = 0;
    for (let i = 0; i < breakdown.inputs.length; i++) total += siteTermValue(breakdown, i);
    if (!(Math.abs(total - pointValue) <= SITE_TERMS_TOLERANCE)) {
      return siteTermsProblem(`its terms sum to ${total.toPrecision(6)} eV where the point is ${pointValue.toPrecision(6)} eV, so no terms are shown`, folds);
    }
    return breakdown;
  }
}
