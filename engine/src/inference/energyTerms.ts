/**
 * The physics anchor of E_form (`NAME.terms.json`, models/FORMAT.md): the per-element size law and
 * the environment coefficients that the runtime adds to the learned mixing term, and the shape of
 * one term as it is shown to the user. This module only reads and checks the file; the arithmetic
 * is in energyAnchor.ts.
 */

export const ENERGY_TERMS_SCHEMA = 'bimetal-energy-terms-1';

/**
 * The parts of E_form, in the order they are summed and shown; `calibration` is the shift a user's
 * calibration adds on top of the shipped model's (pipeline/src/calibration/apply.ts).
 */
export type EnergyTermKey = 'size' | 'mixing' | 'environment' | 'ordering' | 'calibration';

/** One additive part of E_form, with what it was computed from (hover, `--explain`, the record). */
export interface EnergyTerm {
  key: EnergyTermKey;
  /** How the term is written for people, e.g. `E_size`, `ΔE_mix`. */
  symbol: string;
  /** eV per metal atom. */
  value: number;
  unit: string;
  definition: string;
  source: string;
  /**
   * What it was computed from, each number as records print it (tidy: six significant digits; a
   * count of atoms whole, as the term read it), made where the term is made and never changed
   * after: a score record shares this object (pipeline/src/records.ts) rather than copying it for
   * every member of a family.
   */
  inputs: Readonly<Record<string, number | string>>;
  /** False when no data stands behind the value (a fallback estimate, or 0 for an unknown environment). */
  supported: boolean;
}

export const ENERGY_UNIT = 'eV/atom';

/** One element's fitted size law E_el(N) = eBulk + a·N^(−1/3) + b·N^(−2/3), eV/atom. */
export interface SizeLawFit {
  eBulk: number;
  a: number;
  b: number;
  /** What the fit was made on, for people. */
  fitted?: string;
  /** Smallest N the fit saw; below it the law is extrapolated. */
  nMin?: number;
}

/** The size law of elements without their own fit: eBulk = −(eCohScale·E_coh + eCohShift), a and b shared. */
/**
 * The law of an element without its own fit, from its experimental cohesive energy E_coh:
 * E(N) = −(eCohScale·E_coh + eCohShift) + (a + aPerCohesive·E_coh)·N^(−1/3) + b·N^(−2/3).
 */
export interface SizeLawFallback {
  a: number;
  /** How the surface term grows with E_coh (the liquid-drop law); 0 when absent. */
  aPerCohesive?: number;
  b: number;
  eCohScale: number;
  eCohShift: number;
  definition?: string;
}

/** One environment coefficient and what it was fitted on. */
export interface EnvironmentCoefficient {
  value: number;
  unit?: string;
  fittedOn?: string[];
  n?: number;
  /** A ligand class's ligands per metal atom (ligands_per_metal · its share) on the recipes it was fitted on. */
  ligandsPerMetal?: { min: number; max: number };
  /** A ligand class's hosts on the recipes it was fitted on: a shell binds its host's surface, and on another metal the term is extrapolated. */
  hosts?: string[];
  /** A support kind's cluster sizes (N_metal) on the recipes it was fitted on: its per-atom term is extrapolated beyond them. */
  nMetal?: { min: number; max: number };
}

/**
 * The mixing term's coefficients as the ONNX graph applies them (float32), ΔE_mix = c_M·miedema_mixing +
 * c_O·bcm_ordering in every fold model: c_M per fold, c_O the same in all of them, so the point (the
 * calibration-weighted median of the fold outputs, their plain median in a group without points) is the
 * model of the same median of c_M.
 */
export interface MixingCoefficients {
  form?: string;
  definition?: string;
  source?: string;
  /** c_M of each CV+ fold model, fold order. */
  cM: number[];
  cO: number;
  /** For people: the c_M of the point of each calibration group (the median of `cM` over the group's points' folds). */
  cMPoint?: Record<string, number>;
}

export interface EnergyTermsFile {
  schema: typeof ENERGY_TERMS_SCHEMA;
  reference: string;
  sizeLaw: {
    form?: string;
    definition?: string;
    source?: string;
    elements: Record<string, SizeLawFit>;
    fallback: SizeLawFallback;
  };
  /** Optional: without it the mixing term shows its inputs but not its coefficients. */
  mixing?: MixingCoefficients;
  environment: {
    form?: string;
    definition?: string;
    source?: string;
    /** eV per ligand per metal atom, by ligand class. */
    perLigand: Record<string, EnvironmentCoefficient>;
    /** eV/atom, by support kind. */
    perSupport: Record<string, EnvironmentCoefficient>;
    /**
     * The terms each fitted recipe had at once (`ligand:CLASS`, `support:KIND`): a row whose terms are
     * no subset of one of these adds terms never fitted together. Absent: no combination is checked.
     */
    fittedTogether?: string[][];
  };
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks a parsed terms file; throws an Error saying what is wrong. */
export function validateEnergyTerms(value: unknown): EnergyTermsFile {
  const fail = (why: string): never => {
    throw new Error(`invalid energy terms file: ${why}`);
  };
  if (!isObject(value)) return fail('not a JSON object');
  if (value.schema !== ENERGY_TERMS_SCHEMA) fail(`schema must be "${ENERGY_TERMS_SCHEMA}", got ${JSON.stringify(value.schema)}`);
  if (typeof value.reference !== 'string') fail('reference must state the energy reference in words');
  const sizeLaw = value.sizeLaw;
  if (!isObject(sizeLaw) || !isObject(sizeLaw.elements) || !isObject(sizeLaw.fallback)) return fail('sizeLaw must have elements and fallback');
  for (const [symbol, fit] of Object.entries(sizeLaw.elements)) {
    if (!isObject(fit) || !isFiniteNumber(fit.eBulk) || !isFiniteNumber(fit.a) || !isFiniteNumber(fit.b)) {
      fail(`sizeLaw.elements.${symbol} must have finite eBulk, a and b`);
    }
  }
  const fallback = sizeLaw.fallback;
  for (const key of ['a', 'b', 'eCohScale', 'eCohShift']) {
    if (!isFiniteNumber(fallback[key])) fail(`sizeLaw.fallback.${key} must be a finite number`);
  }
  if (fallback.aPerCohesive !== undefined && !isFiniteNumber(fallback.aPerCohesive)) fail('sizeLaw.fallback.aPerCohesive must be a finite number');
  const environment = value.environment;
  if (!isObject(environment) || !isObject(environment.perLigand) || !isObject(environment.perSupport)) {
    return fail('environment must have perLigand and perSupport');
  }
  for (const [table, entries] of [['perLigand', environment.perLigand], ['perSupport', environment.perSupport]] as const) {
    for (const [name, c] of Object.entries(entries)) {
      if (!isObject(c) || !isFiniteNumber(c.value)) fail(`environment.${table}.${name}.value must be a finite number`);
      const hosts = (c as Record<string, unknown>).hosts;
      if (hosts !== undefined && !(Array.isArray(hosts) && hosts.every((h) => typeof h === 'string'))) fail(`environment.${table}.${name}.hosts must be a list of element symbols`);
      for (const range of ['ligandsPerMetal', 'nMetal']) {
        const fitted = (c as Record<string, unknown>)[range];
        if (fitted !== undefined && !(isObject(fitted) && isFiniteNumber(fitted.min) && isFiniteNumber(fitted.max) && fitted.min <= fitted.max)) {
          fail(`environment.${table}.${name}.${range} must be { min, max } with min ≤ max`);
        }
      }
    }
  }
  const together = environment.fittedTogether;
  if (together !== undefined && !(Array.isArray(together) && together.every((t) => Array.isArray(t) && t.every((name) => typeof name === 'string')))) {
    fail('environment.fittedTogether must be a list of lists of term names');
  }
  const mixing = value.mixing;
  if (mixing !== undefined) {
    if (!isObject(mixing) || !Array.isArray(mixing.cM) || mixing.cM.length === 0 || !mixing.cM.every(isFiniteNumber) || !isFiniteNumber(mixing.cO)) {
      fail('mixing must have cM, a finite number per fold, and a finite cO');
    }
  }
  return value as unknown as EnergyTermsFile;
}

/** Whether an element has a size law of its own (else the cohesive-energy fallback is used). */
export function hasOwnSizeLaw(terms: EnergyTermsFile, symbol: string): boolean {
  return Object.hasOwn(terms.sizeLaw.elements, symbol);
}
