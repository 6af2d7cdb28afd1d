/**
 * Predictions as they cross from the inference worker to the language server's thread.
 *
 * Structured clone writes every object's property names and every string in full, and the
 * receiving thread parses them all back: an E_form prediction is a dozen objects, with term
 * texts of a few hundred characters that are the same for thousands of rows. So a batch travels
 * as two typed arrays (transferred, not copied) and one table of its distinct strings. Each string
 * crosses once per batch, and the predictions read back share it with those of earlier batches
 * (sharedText). The table belongs to its batch alone: nothing accumulates in a long-running worker,
 * and a batch nobody waits for any more need not be read.
 */
import { sharedText } from '../sharedText';
import type { EnergyTerm, EnergyTermKey } from './energyTerms';
import type { CalibrationPart, Prediction } from './runtime';
import { NO_SITE_TERMS, type SiteBreakdown, type SiteTermLayout, type SiteTermPart } from './siteTerms';

/** A batch of predictions, packed by `packPredictions`. */
export interface PackedPredictions {
  /** Counts, flags and indices into `strings`, in the order `unpackPredictions` reads them. */
  codes: Int32Array;
  /** The numbers, in the order `unpackPredictions` reads them. */
  numbers: Float64Array;
  strings: string[];
}

/** Stands for a null calibration group; term inputs mark their values' type with the next two. */
const NULL = -1;
const NUMBER = -2;
const STRING = -3;
/** Begins a list of calibration parts not sent before in the batch (later predictions name it by its index). */
const NEW_PARTS = -4;

/** The typed arrays of a packed batch, to list as a postMessage transfer. */
export function transferables(packed: PackedPredictions): ArrayBuffer[] {
  return [packed.codes.buffer as ArrayBuffer, packed.numbers.buffer as ArrayBuffer];
}

/** An append-only typed array that doubles when full. */
class Growing<T extends Int32Array | Float64Array> {
  private length = 0;
  constructor(private array: T) {}
  push(value: number): void {
    if (this.length === this.array.length) {
      const grown = new (this.array.constructor as new (length: number) => T)(this.array.length * 2);
      grown.set(this.array);
      this.array = grown;
    }
    this.array[this.length++] = value;
  }
  done(): T {
    return this.array.slice(0, this.length) as T;
  }
}

/** About what an E_form prediction with four terms takes, so that a batch seldom grows its arrays. */
const CODES_PER_PREDICTION = 96;
const NUMBERS_PER_PREDICTION = 24;

export function packPredictions(predictions: readonly Prediction[]): PackedPredictions {
  const codes = new Growing(new Int32Array(CODES_PER_PREDICTION * predictions.length + 1));
  codes.push(predictions.length);
  const numbers = new Growing(new Float64Array(NUMBERS_PER_PREDICTION * predictions.length + 1));
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const string = (text: string): number => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  // The predictions of one composed group share their parts (LoadedModel.predict): each list crosses once a batch.
  const partLists = new Map<readonly CalibrationPart[], number>();
  for (const p of predictions) {
    numbers.push(p.point);
    numbers.push(p.modelPoint);
    numbers.push(p.lower);
    numbers.push(p.upper);
    numbers.push(p.coverage);
    numbers.push(p.calibrationPoints);
    const sent = partLists.get(p.calibrationParts);
    if (sent !== undefined) codes.push(sent);
    else {
      partLists.set(p.calibrationParts, partLists.size);
      codes.push(NEW_PARTS);
      codes.push(p.calibrationParts.length);
      for (const part of p.calibrationParts) {
        codes.push(string(part.role));
        codes.push(string(part.group));
        numbers.push(part.points);
        numbers.push(part.share);
        numbers.push(part.level);
      }
    }
    codes.push(string(p.model));
    codes.push(p.calibrationGroup === null ? NULL : string(p.calibrationGroup));
    codes.push(p.calibrationRule === null ? NULL : string(p.calibrationRule));
    codes.push(+p.bounded);
    codes.push(+p.inDomain);
    codes.push(p.domainReasons.length);
    for (const reason of p.domainReasons) codes.push(string(reason));
    codes.push(p.terms.length);
    for (const term of p.terms) {
      numbers.push(term.value);
      codes.push(string(term.key));
      codes.push(string(term.symbol));
      codes.push(string(term.unit));
      codes.push(string(term.definition));
      codes.push(string(term.source));
      codes.push(+term.supported);
      const names = Object.keys(term.inputs);
      codes.push(names.length);
      for (const name of names) {
        const value = term.inputs[name];
        codes.push(string(name));
        if (typeof value === 'number') {
          codes.push(NUMBER);
          numbers.push(value);
        } else {
          codes.push(STRING);
          codes.push(string(value));
        }
      }
    }
    const site = p.siteTerms;
    if (site === undefined) {
      codes.push(NULL);
      continue;
    }
    codes.push(site.folds.length);
    for (const k of site.folds) codes.push(k);
    if (site.complete === undefined) codes.push(NULL);
    else {
      codes.push(site.complete.folds.length);
      for (const k of site.complete.folds) codes.push(k);
      numbers.push(site.complete.share);
    }
    codes.push(site.problem === undefined ? NULL : string(site.problem));
    // The layout is the model's: its strings cross once a batch (the string table), its codes once a prediction.
    const { layout } = site;
    codes.push(layout.source === undefined ? NULL : string(layout.source));
    codes.push(layout.keys.length);
    for (const list of [layout.keys, layout.symbols, layout.definitions, layout.parts, layout.names, layout.units, layout.gates]) for (const text of list) codes.push(string(text));
    codes.push(site.closedGates ?? 0);
    codes.push(site.inputs.length);
    for (const x of site.inputs) numbers.push(x);
    for (const w of site.weights) numbers.push(w);
  }
  return { codes: codes.done(), numbers: numbers.done(), strings };
}

/** The predictions of a packed batch: equal to those packed, term inputs in the same key order. */
export function unpackPredictions(packed: PackedPredictions): Prediction[] {
  const { codes, numbers } = packed;
  // Texts repeat from batch to batch (a term's source, a domain reason): the kept predictions share one string of each.
  // Not `map`: its builtin makes a packed list and its inlined form in optimised code a holey one, so the
  // reads below saw a list of another map after this function was optimised, and V8 deoptimised and
  // compiled it again (about 150 ms of its background threads' time in each warm open of the bench's mixed file).
  const strings = new Array<string>(packed.strings.length);
  for (let i = 0; i < strings.length; i++) strings[i] = sharedText(packed.strings[i]);
  let at = 0;
  let nextNumber = 0;
  const code = (): number => {
    if (at >= codes.length) throw new Error('a packed prediction batch ends in the middle of a prediction');
    return codes[at++];
  };
  const number = (): number => numbers[nextNumber++];
  const string = (): string => {
    const index = code();
    const text = strings[index];
    if (text === undefined) throw new Error(`a packed prediction refers to string ${index} of ${strings.length}`);
    return text;
  };
  const predictions: Prediction[] = [];
  // As packed: the predictions of one composed group share one list of its parts.
  const partLists: CalibrationPart[][] = [];
  const newParts = (): CalibrationPart[] => {
    const parts = new Array<CalibrationPart>(code());
    for (let i = 0; i < parts.length; i++) {
      const role = string() as CalibrationPart['role'];
      const group = string();
      parts[i] = { role, group, points: number(), share: number(), level: number() };
    }
    partLists.push(parts);
    return parts;
  };
  // A batch's site predictions share their model's layout and, per fold pair, its weights (SiteBreakdown): one of each here too.
  const layouts = new Map<string, SiteTermLayout>();
  const weightLists = new Map<string, number[][]>();
  const sharedWeights = (key: string, count: number): number[] => {
    const weights = new Array<number>(count);
    for (let i = 0; i < count; i++) weights[i] = number();
    let seen = weightLists.get(key);
    if (!seen) weightLists.set(key, (seen = []));
    const same = seen.find((w) => w.every((v, i) => Object.is(v, weights[i])));
    if (same) return same;
    seen.push(weights);
    return weights;
  };
  for (let count = code(); predictions.length < count; ) {
    const point = number();
    const modelPoint = number();
    const lower = number();
    const upper = number();
    const coverage = number();
    const calibrationPoints = number();
    const calibrationParts = code() === NEW_PARTS ? newParts() : partLists[codes[at - 1]];
    if (calibrationParts === undefined) throw new Error(`a packed prediction refers to parts list ${codes[at - 1]} of ${partLists.length}`);
    const model = string();
    const calibrationGroup = codes[at] === NULL ? (at++, null) : string();
    const calibrationRule = codes[at] === NULL ? (at++, null) : string();
    const bounded = code() === 1;
    const inDomain = code() === 1;
    // Lists of their exact length (a list grown by push keeps room for 17): the editor keeps every prediction.
    const domainReasons = new Array<string>(code());
    for (let i = 0; i < domainReasons.length; i++) domainReasons[i] = string();
    const terms = new Array<EnergyTerm>(code());
    for (let i = 0; i < terms.length; i++) {
      const value = number();
      const key = string() as EnergyTermKey;
      const symbol = string();
      const unit = string();
      const definition = string();
      const source = string();
      const supported = code() === 1;
      const inputs: Record<string, number | string> = {};
      for (let k = code(); k > 0; k--) {
        const name = string();
        inputs[name] = code() === NUMBER ? number() : string();
      }
      terms[i] = { key, symbol, value, unit, definition, source, inputs, supported };
    }
    const prediction: Prediction = { point, modelPoint, lower, upper, coverage, model, bounded, calibrationGroup, calibrationRule, calibrationPoints, calibrationParts, inDomain, domainReasons, terms };
    const foldCount = code();
    if (foldCount !== NULL) {
      const folds = new Array<number>(foldCount);
      for (let i = 0; i < folds.length; i++) folds[i] = code();
      const completeCount = code();
      let complete: SiteBreakdown['complete'];
      if (completeCount !== NULL) {
        const completeFolds = new Array<number>(completeCount);
        for (let i = 0; i < completeCount; i++) completeFolds[i] = code();
        complete = { folds: completeFolds, share: number() };
      }
      const problem = codes[at] === NULL ? (at++, undefined) : string();
      const start = at;
      const source = codes[at] === NULL ? (at++, undefined) : string();
      const terms = code();
      const lists = Array.from({ length: 7 }, () => {
        const list = new Array<string>(terms);
        for (let i = 0; i < terms; i++) list[i] = string();
        return list;
      });
      // Within a batch a string's index is the string: equal codes, equal layout.
      const signature = codes.subarray(start, at).join(',');
      let layout = layouts.get(signature);
      if (!layout) {
        const [keys, symbols, definitions, parts, names, units, gates] = lists;
        layout = terms === 0 && source === undefined ? NO_SITE_TERMS : { keys, symbols, definitions, parts: parts as SiteTermPart[], names, units, gates, ...(source === undefined ? {} : { source }) };
        layouts.set(signature, layout);
      }
      const closedGates = code();
      const inputs = new Array<number>(code());
      for (let i = 0; i < inputs.length; i++) inputs[i] = number();
      const breakdown: SiteBreakdown = { layout, inputs, weights: sharedWeights(signature, inputs.length), folds };
      if (complete) breakdown.complete = complete;
      if (problem !== undefined) breakdown.problem = problem;
      if (closedGates !== 0) breakdown.closedGates = closedGates;
      prediction.siteTerms = breakdown;
    }
    predictions.push(prediction);
  }
  if (at !== codes.length || nextNumber !== numbers.length) throw new Error('a packed prediction batch holds more than its predictions');
  return predictions;
}
