/**
 * The physics anchor of E_form: the size term (each element's size law at the cluster's N,
 * composition-weighted) and the environment term (ligand shell and support), computed from one
 * feature row and a terms file (energyTerms.ts). The runtime adds their sum to the learned mixing
 * term, so the model only has to learn what the physics leaves out.
 *
 * Columns are found by name, never by position: the feature schema grows by appending columns.
 */
import { withArticle } from '../article';
import { BoundedCache } from '../boundedCache';
import { getElement } from '../elements';
import { tidy } from '../significant';
import { LIGAND_CLASS_COLUMNS, SUPPORT_COLUMNS } from '../features/schema';
import { roundedText } from '../numberText';
import { farBeyond, type DomainReason } from './domain';
import { ENERGY_UNIT, type EnergyTerm, type EnergyTermsFile, type EnvironmentCoefficient } from './energyTerms';
import { symbolOfZ } from './rowChemistry';

/** The anchor of one row: its two physics terms, and why parts of them are estimates. */
export interface AnchorTerms {
  size: EnergyTerm;
  environment: EnergyTerm;
  /** size + environment, eV/atom. */
  total: number;
  /** Readable reasons for the applicability domain (estimated or unknown parts of the anchor). */
  reasons: DomainReason[];
}

const DEFAULT_SIZE_DEFINITION =
  'E_size = (n_host·E_host(N) + n_dopant·E_dopant(N)) / N with each element\'s size law E_el(N) = eBulk + a·N^(−1/3) + b·N^(−2/3): the energy per atom of the pure metals at this size (zero mixing)';
const DEFAULT_MIXING_DEFINITION =
  'ΔE_mix = c_M·miedema_mixing + c_O·bcm_ordering, miedema_mixing = 4x(1−x)·H_mix: what mixing the two metals adds to the pure metals\' size laws, learned on bimetallic clusters; it depends on the pair (H_mix), the composition (x) and a structure file\'s ordering, not on the size';
const DEFAULT_ENVIRONMENT_DEFINITION =
  'ΔE_env = ligands_per_metal · Σ_class ligand_frac_class · perLigand[class] + Σ_kind support_kind · perSupport[kind]: what the ligand shell or the support adds per metal atom';

const TEXT_CACHE_CAPACITY = 4096;

/** One element's size law, whichever way it was found, and where it came from. */
interface ElementLaw {
  eBulk: number;
  a: number;
  b: number;
  /** Its own fit, the cohesive-energy fallback, or the median bulk energy (no cohesive energy either). */
  basis: 'fit' | 'cohesive' | 'median';
  source: string;
  nMin?: number;
}

/** The file's `form` and prose `definition` together, or the contract's own wording when it gives neither. */
function definitionOf(part: { form?: string; definition?: string }, fallback: string): string {
  return [part.form, part.definition].filter(Boolean).join(': ') || fallback;
}

/** An element's law at N: N below 1 comes from no recipe; it is held at 1 so a malformed row gives a number, not ∞. */
function energyAt(law: ElementLaw, n: number): number {
  const size = Math.max(n, 1);
  return law.eBulk + law.a * size ** (-1 / 3) + law.b * size ** (-2 / 3);
}

/**
 * `law` with the coefficients it is evaluated with stated in its source, however they were found
 * (a fit, or the fallback from E_coh): the term's inputs give E_el(N), and with these the definition's
 * eBulk + a·N^(−1/3) + b·N^(−2/3) recomputes it. In the source, not the inputs: they are the
 * element's, the same for every member, and the source text is made once per element.
 */
function withCoefficients(law: ElementLaw): ElementLaw {
  return { ...law, source: `${law.source} (eBulk = ${tidy(law.eBulk)}, a = ${tidy(law.a)}, b = ${tidy(law.b)} eV/atom)` };
}

/** A term's source: the file's own, then each part's, joined with "; ". */
function sourceText(head: string | undefined, sources: readonly string[]): string {
  return [head, ...sources].filter(Boolean).join('; ');
}

/** sourceText, built once per distinct list of sources. */
function joinedOnce(cache: BoundedCache<string, string>, head: string | undefined, sources: readonly string[]): string {
  return cache.getOrAdd(sources.join('\u0000'), () => sourceText(head, sources));
}

function sizeInputNamesOf(symbol: string): { count: string; energy: string } {
  return { count: `n_${symbol}`, energy: `E_${symbol}(N)` };
}

/**
 * Whether `classPerMetal` ligands of one class per metal atom lie beyond the shells its term was
 * fitted on (the domain's farBeyond rule): there the linear term is extrapolated, its value as
 * unknown as that of a class without a term (noveltyGroup.ts calibrates both alike).
 */
export function beyondFittedShells(coefficient: EnvironmentCoefficient, classPerMetal: number): boolean {
  const fitted = coefficient.ligandsPerMetal;
  return fitted !== undefined && farBeyond(classPerMetal, fitted.min, fitted.max) > 0;
}

/**
 * The metals a ligand shell binds, as a row gives them: the majority metal, whichever was written as
 * the host (E_form tells host from dopant nowhere else: Au1Ag24 and Ag24Au1 are one cluster), and
 * both at equal counts. Empty for a row without its elements.
 */
export function shellMetals(data: ArrayLike<number>, base: number, col: { hostZ: number; dopantZ: number; nHost: number; nDopant: number }): string[] {
  const host = symbolOfZ(data[base + col.hostZ]);
  const dopant = symbolOfZ(data[base + col.dopantZ]);
  const nHost = data[base + col.nHost];
  const nDopant = data[base + col.nDopant];
  if (dopant === undefined || dopant === host || !(nDopant >= nHost)) return host === undefined ? [] : [host];
  return nDopant > nHost || host === undefined ? [dopant] : [host, dopant];
}

/** Whether a ligand class's term, fitted on clusters of its `hosts` only, is extrapolated to a shell on `metals` (shellMetals): one of them is none of its hosts. */
export function onUnfittedMetal(coefficient: EnvironmentCoefficient, metals: readonly string[]): boolean {
  const hosts = coefficient.hosts;
  return hosts !== undefined && (metals.length === 0 || metals.some((metal) => !hosts.includes(metal)));
}

/** Whether a support's per-atom term, fitted on clusters of `fitted` sizes only, is extrapolated to N atoms (farBeyond). */
export function beyondFittedSizes(coefficient: EnvironmentCoefficient, n: number): boolean {
  const fitted = coefficient.nMetal;
  return fitted !== undefined && farBeyond(n, fitted.min, fitted.max) > 0;
}

/** Whether the environment terms a row applies (`ligand:CLASS`, `support:KIND`) were never fitted together on one recipe. */
export function neverFittedTogether(fittedTogether: readonly (readonly string[])[] | undefined, applied: readonly string[]): boolean {
  return fittedTogether !== undefined && !fittedTogether.some((fitted) => applied.every((term) => fitted.includes(term)));
}

/** Why a shell's term is extrapolated: the linear term was fitted only on shells of `fitted` ligands per metal atom. */
function extrapolatedShell(name: string, perMetal: number, fitted: { min: number; max: number }, clusters: number | undefined): string {
  const on = fitted.min === fitted.max ? roundedText(fitted.min, 3) : `${roundedText(fitted.min, 3)}–${roundedText(fitted.max, 3)}`;
  const from = clusters === undefined ? '' : ` (${clusters} published cluster${clusters === 1 ? '' : 's'})`;
  return `${roundedText(perMetal, 3)} ${name} ligands per metal atom, where the ${name} environment term was fitted on ${on}${from}: ΔE_env is extrapolated`;
}

/** Why a support's term is extrapolated: its per-atom value was fitted only on clusters of `fitted` sizes, and a contact scales with the interface, not with N. */
function extrapolatedSupport(name: string, n: number, fitted: { min: number; max: number }, clusters: number | undefined): string {
  const on = fitted.min === fitted.max ? `${fitted.min}` : `${fitted.min}–${fitted.max}`;
  const from = clusters === undefined ? '' : ` (${clusters} published cluster${clusters === 1 ? '' : 's'})`;
  return `support ${name} holding a cluster of ${n} metal atoms, where its environment term was fitted on ${on}-atom clusters${from}: ΔE_env per atom is extrapolated`;
}

function coefficientSource(name: string, c: EnvironmentCoefficient): string {
  const on = c.fittedOn?.length ? `fitted on ${c.fittedOn.join('; ')}` : 'no fitting data listed';
  return `${name}: ${c.value} ${c.unit ?? ''}`.trimEnd() + ` (${on}${c.n !== undefined ? `, n = ${c.n}` : ''})`;
}

export class EnergyAnchor {
  private readonly width: number;
  // The texts below depend on the terms file and the elements only; a batch of 100,000 recipes
  // would otherwise build the same strings 100,000 times.
  private readonly sizeDefinition: string;
  private readonly environmentDefinition: string;
  private readonly mixingDefinition: string;
  // Bounded like the engine's other caches, although elements and element pairs keep them small.
  private readonly laws = new BoundedCache<string, ElementLaw>(TEXT_CACHE_CAPACITY);
  private readonly sizeSources = new BoundedCache<string, string>(TEXT_CACHE_CAPACITY);
  private readonly environmentSources = new BoundedCache<string, string>(TEXT_CACHE_CAPACITY);
  private readonly coefficientSources = new BoundedCache<string, string>(TEXT_CACHE_CAPACITY);
  private readonly sizeInputNames = new BoundedCache<string, { count: string; energy: string }>(TEXT_CACHE_CAPACITY);
  /** Bulk energy of an element with neither a fit nor a cohesive energy: the median of the fitted ones. */
  private readonly medianBulk: number;
  private readonly col: {
    hostZ: number;
    dopantZ: number;
    nHost: number;
    nDopant: number;
    nMetal: number;
    ratio: number;
    hMix: number;
    miedemaMixing: number;
    bcmOrdering: number;
    ligandsPerMetal: number;
    ligandFractions: Array<{ name: string; index: number }>;
    supports: Array<{ name: string; index: number }>;
  };
  /** The size term's parts: the columns of each metal's atomic number and atom count, host first. */
  private readonly parts: ReadonlyArray<{ z: number; count: number }>;

  constructor(
    readonly terms: EnergyTermsFile,
    featureNames: readonly string[],
  ) {
    const bulk = Object.values(terms.sizeLaw.elements)
      .map((e) => e.eBulk)
      .sort((a, b) => a - b);
    this.medianBulk = bulk.length === 0 ? 0 : (bulk[Math.floor((bulk.length - 1) / 2)] + bulk[Math.ceil((bulk.length - 1) / 2)]) / 2;
    this.width = featureNames.length;
    this.sizeDefinition = definitionOf(terms.sizeLaw, DEFAULT_SIZE_DEFINITION);
    this.environmentDefinition = definitionOf(terms.environment, DEFAULT_ENVIRONMENT_DEFINITION);
    this.mixingDefinition = definitionOf(terms.mixing ?? {}, DEFAULT_MIXING_DEFINITION);
    const index = new Map(featureNames.map((n, i) => [n, i]));
    const need = (name: string): number => {
      const i = index.get(name);
      if (i === undefined) throw new Error(`the energy terms need feature "${name}", which the model does not use`);
      return i;
    };
    this.col = {
      hostZ: need('host_z'),
      dopantZ: need('dopant_z'),
      nHost: need('n_host'),
      nDopant: need('n_dopant'),
      nMetal: need('n_metal'),
      ratio: need('ratio'),
      hMix: need('h_mix'),
      miedemaMixing: need('miedema_mixing'),
      bcmOrdering: need('bcm_ordering'),
      ligandsPerMetal: need('ligands_per_metal'),
      ligandFractions: LIGAND_CLASS_COLUMNS.map((c) => ({ name: c, index: need(`ligand_frac_${c}`) })),
      supports: SUPPORT_COLUMNS.map((s) => ({ name: s, index: need(`support_${s}`) })),
    };
    this.parts = [
      { z: this.col.hostZ, count: this.col.nHost },
      { z: this.col.dopantZ, count: this.col.nDopant },
    ];
  }

  /**
   * The size law E_el(N) of one element: its own fit, else the cohesive-energy fallback, else (an element
   * without a cohesive energy, e.g. Pm) the fallback shape around the median bulk energy of the
   * fitted elements, so E_form stays a number; both estimates are flagged as such.
   */
  private elementLaw(symbol: string): ElementLaw {
    return this.laws.getOrAdd(symbol, this.findLaw);
  }

  // Arrow functions made once: the caches are read for every row, and a hit should not make a closure.
  private readonly findLaw = (symbol: string): ElementLaw => {
    const law = this.terms.sizeLaw;
    const own = law.elements[symbol];
    if (own) return withCoefficients({ eBulk: own.eBulk, a: own.a, b: own.b, basis: 'fit', source: `${symbol}: ${own.fitted ?? 'fitted size law'}`, nMin: own.nMin });
    const f = law.fallback;
    const cohesive = getElement(symbol)?.cohesiveEnergy;
    if (cohesive === null || cohesive === undefined) {
      return withCoefficients({ eBulk: this.medianBulk, a: f.a, b: f.b, basis: 'median', source: `${symbol}: no size law and no cohesive energy; the median bulk energy of the fitted elements` });
    }
    return withCoefficients({
      eBulk: -(f.eCohScale * cohesive + f.eCohShift),
      a: f.a + (f.aPerCohesive ?? 0) * cohesive,
      b: f.b,
      basis: 'cohesive',
      source: `${symbol}: estimated from its experimental cohesive energy ${cohesive} eV/atom (Kittel) by the liquid-drop fallback`,
    });
  };

  /** The size term's input names of an element: `n_Au`, `E_Au(N)`. */
  private inputNames(symbol: string): { count: string; energy: string } {
    return this.sizeInputNames.getOrAdd(symbol, sizeInputNamesOf);
  }

  private sourceOfCoefficient(name: string, c: EnvironmentCoefficient): string {
    return this.coefficientSources.getOrAdd(name, () => coefficientSource(name, c));
  }

  /** The anchor of row `r` of a row-major matrix. */
  evaluate(data: ArrayLike<number>, r: number): AnchorTerms {
    const base = r * this.width;
    const reasons: DomainReason[] = [];
    const size = this.sizeTerm(data, base, reasons);
    const environment = this.environmentTerm(data, base, reasons);
    return { size, environment, total: size.value + environment.value, reasons };
  }

  /** Runs for every row of every E_form prediction: the host and dopant are read in place, and a law or text seen before is looked up, not rebuilt. */
  private sizeTerm(data: ArrayLike<number>, base: number, reasons: DomainReason[]): EnergyTerm {
    const c = this.col;
    const n = data[base + c.nMetal];
    const inputs: Record<string, number | string> = { N: n };
    let sum = 0;
    let supported = true;
    /** The symbols of the laws summed, which name the term's source text in its cache. */
    let symbols = '';
    let belowFit: string[] | undefined;
    for (const part of this.parts) {
      const symbol = symbolOfZ(data[base + part.z]);
      const count = data[base + part.count];
      if (!(count > 0) || symbol === undefined) continue;
      const e = this.elementLaw(symbol);
      const energy = energyAt(e, n);
      sum += count * energy;
      const names = this.inputNames(symbol);
      inputs[names.count] = count;
      inputs[names.energy] = tidy(energy);
      symbols = symbols === '' ? symbol : `${symbols} ${symbol}`;
      if (e.basis !== 'fit') {
        supported = false;
        reasons.push({
          text:
            e.basis === 'median'
              ? `no size law fitted for ${symbol} and no cohesive energy to estimate one: its size term is a rough median`
              : `no size law fitted for ${symbol}: estimated from its experimental cohesive energy`,
        });
      } else if (e.nMin !== undefined && n < e.nMin) {
        (belowFit ??= []).push(`${symbol} from ${e.nMin} atoms`);
      }
    }
    // One reason for the size, however many elements' laws it falls below.
    if (belowFit) reasons.push({ text: `N_metal = ${n} is below the sizes the size laws were fitted on (${belowFit.join(', ')})`, cause: 'size' });
    return {
      key: 'size',
      symbol: 'E_size',
      value: sum / Math.max(n, 1),
      unit: ENERGY_UNIT,
      definition: this.sizeDefinition,
      source: this.sizeSources.getOrAdd(symbols, this.sizeSource),
      inputs,
      supported,
    };
  }

  /** The size term's source: the law's own, then each summed element's law (`symbols` as sizeTerm writes them). */
  private readonly sizeSource = (symbols: string): string => {
    return sourceText(this.terms.sizeLaw.source, symbols === '' ? [] : symbols.split(' ').map((symbol) => this.elementLaw(symbol).source));
  };

  /** A bare, unsupported core (most rows of a sweep) gets its term without building any list. */
  private environmentTerm(data: ArrayLike<number>, base: number, reasons: DomainReason[]): EnergyTerm {
    const c = this.col;
    const env = this.terms.environment;
    const perMetal = data[base + c.ligandsPerMetal];
    const inputs: Record<string, number | string> = {};
    let sources: string[] | undefined;
    let value = 0;
    let supported = true;
    let bare = true;
    let unknownLigands: string[] | undefined;
    /** The fitted terms added, as `fittedTogether` names them. */
    let applied: string[] | undefined;
    if (perMetal > 0) {
      inputs.ligands_per_metal = tidy(perMetal);
      bare = false;
    }
    for (const { name, index } of c.ligandFractions) {
      const fraction = data[base + index];
      if (!(fraction > 0 && perMetal > 0)) continue;
      inputs[`ligand_frac_${name}`] = tidy(fraction);
      const coefficient = env.perLigand[name];
      if (!coefficient) {
        (unknownLigands ??= []).push(name);
        continue;
      }
      const classPerMetal = perMetal * fraction;
      value += classPerMetal * coefficient.value;
      (applied ??= []).push(`ligand:${name}`);
      (sources ??= []).push(this.sourceOfCoefficient(`${name} ligands`, coefficient));
      const fitted = coefficient.ligandsPerMetal;
      if (fitted && beyondFittedShells(coefficient, classPerMetal)) reasons.push({ text: extrapolatedShell(name, classPerMetal, fitted, coefficient.n), cause: 'ligands' });
      const metals = shellMetals(data, base, c);
      if (onUnfittedMetal(coefficient, metals)) {
        reasons.push({ text: `a ${name} shell on ${metals.join(' and ') || 'this metal'}, where the ${name} environment term was fitted on ${coefficient.hosts!.join(', ')} clusters only: ΔE_env is extrapolated`, cause: 'ligands' });
      }
    }
    if (unknownLigands) {
      supported = false;
      const classes = unknownLigands.length === 1 ? unknownLigands[0] : `${unknownLigands.slice(0, -1).join(', ')} and ${unknownLigands.at(-1)}`;
      reasons.push({ text: `no public data for the environment term of ${classes} ligands: their share of ΔE_env is 0 and unknown`, cause: 'ligands' });
    }
    for (const { name, index } of c.supports) {
      const amount = data[base + index];
      if (!(amount > 0) || name === 'none') continue;
      inputs.support = name;
      bare = false;
      const coefficient = env.perSupport[name];
      if (!coefficient) {
        supported = false;
        reasons.push({ text: `no public data for the environment term of ${withArticle(name)} support: ΔE_env is 0 and unknown`, cause: 'support' });
        continue;
      }
      value += amount * coefficient.value;
      (sources ??= []).push(this.sourceOfCoefficient(`${name} support`, coefficient));
      (applied ??= []).push(`support:${name}`);
      const n = data[base + c.nMetal];
      if (coefficient.nMetal && beyondFittedSizes(coefficient, n)) reasons.push({ text: extrapolatedSupport(name, n, coefficient.nMetal, coefficient.n), cause: 'support' });
    }
    if (applied && neverFittedTogether(env.fittedTogether, applied)) {
      reasons.push({ text: `the ${applied.map((t) => t.replace(':', ' ')).join(' and ')} environment terms were never fitted together on one cluster: ΔE_env adds them untested` });
    }
    return {
      key: 'environment',
      symbol: 'ΔE_env',
      value,
      unit: ENERGY_UNIT,
      definition: this.environmentDefinition,
      source: bare ? 'bare, unsupported core: no environment' : joinedOnce(this.environmentSources, env.source, sources ?? []),
      inputs,
      supported,
    };
  }

  /**
   * The learned mixing term of row `r`, described like the physics terms, with the inputs that make
   * it: `value` is the point's median of the fold outputs (calibration-weighted, or plain where its
   * group holds no points: conformal.ts CalibrationGroup.median), and `coefficientM` the c_M of the
   * same median over the fold models' c_M (undefined when the terms file gives no coefficients), so
   * c_M·(4x(1−x)·H_mix) + c_O·bcm_ordering = value up to float32 rounding. `source` is mixingSource's
   * for that median.
   */
  mixing(data: ArrayLike<number>, r: number, value: number, coefficientM: number | undefined, model: string, calibrationGroup: string | null, source: string): EnergyTerm {
    const c = this.col;
    const base = r * this.width;
    const inputs: Record<string, number | string> = {
      'H_mix (kJ/mol)': tidy(data[base + c.hMix]),
      x: tidy(data[base + c.ratio]),
      '4x(1−x)·H_mix (eV/atom)': tidy(data[base + c.miedemaMixing]),
    };
    if (coefficientM !== undefined) inputs.c_M = tidy(coefficientM);
    inputs['bcm_ordering (eV/atom)'] = tidy(data[base + c.bcmOrdering]);
    if (this.terms.mixing) inputs.c_O = tidy(this.terms.mixing.cO);
    inputs.model = model;
    inputs.calibrationGroup = calibrationGroup ?? 'pooled';
    return { key: 'mixing', symbol: 'ΔE_mix', value, unit: ENERGY_UNIT, definition: this.mixingDefinition, source, inputs, supported: true };
  }
}

/**
 * Where the mixing term comes from, by how the point's median of the fold models was taken
 * (`median`: calibration-weighted, or plain in a group without points, CalibrationGroup.weightsFolds):
 * the same for every prediction of a model taken so, so a batch makes each once; `fitted` is the
 * terms file's own source of the coefficients.
 */
export function mixingSource(model: string, folds: number, fitted?: string, median: 'calibration-weighted' | 'plain' = 'calibration-weighted'): string {
  const how =
    median === 'plain'
      ? `plain median of its ${folds} CV+ fold models (its calibration group holds no points to weight them by)`
      : `calibration-weighted median of its ${folds} CV+ fold models`;
  return sourceText(`model ${model}: ${how}`, fitted ? [fitted] : []);
}
