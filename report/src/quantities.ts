/**
 * Every reported quantity, once: its symbol, unit, decimals, definition, where a score record
 * holds it, and the verdict the record carries about it. The hover, the command line's table, the
 * CSV, the results panel's columns and tooltips, docs/descriptors.md and the engine's descriptor
 * definitions are all generated from this table, so a symbol, a rounding or a definition cannot
 * drift between them, and a new quantity shows everywhere once it is listed here
 * (test/report/views.test.ts checks every view).
 *
 * Pure data and functions of a record: no LSP, DOM or analysis code, so every bundle may carry it.
 */
import type { PhiVerdict, ScoreRecord } from '../../engine/src/scoreRecord';
import { coveragePercent, num } from './numbers';

/** Empirical weight of ΔR against D in the first paper's eq. 10 (part of D̃'s definition). */
export const REDUCED_DISTANCE_C = 100;

/** What a record says about a value, decided once when the record was made (never by a view). */
export interface Verdict {
  /** The verdict in words, for hovers and tooltips: `potentially synthesizable (φ ≥ −0.30)`. */
  text: string;
  /** The verdict in a table cell: `core`, `outside`, `!`; empty when the value alone says it. */
  mark: string;
  /** A verdict the user should notice (flagged in tables). */
  warn: boolean;
}

/** A lower and an upper bound; null for an unbounded end (JSON has no Infinity). */
export interface Bounds {
  lower: number | null;
  upper: number | null;
  coverage: number;
}

interface QuantityBase {
  symbol: string;
  /** Printed after a value; empty for a pure number. */
  unit: string;
  decimals: number;
  /** The formula in words and symbols, with the fallbacks it states (SCIENCE.md §1, the papers). */
  definition: string;
  /** Where a score record holds it (LANGUAGE.md §5), dotted: also its CSV column. */
  field: string;
  /** Shown in the command line's table (a terminal has room for the quantities one screens on). */
  inTable: boolean;
  /**
   * Where the record holds the verdicts `verdict` is made of (dotted), in the CSV's column order;
   * absent without one. ΔE_site has two: the site call and the site model's domain.
   */
  verdictFields?: readonly string[];
}

/** One number per record. */
export interface ScalarQuantity extends QuantityBase {
  kind: 'scalar';
  /**
   * The value a view shows (hover, table, results panel); null when it does not exist or does not
   * apply. The CSV writes the record's own number at `field` instead, as JSON does (see shownPhi).
   */
  value(record: ScoreRecord): number | null;
  /** Its interval, for a prediction; null when the record has none. */
  bounds?(record: ScoreRecord): Bounds | null;
  verdict?(record: ScoreRecord): Verdict | undefined;
}

/** One number per ligand of the record (logP). */
export interface LigandQuantity extends QuantityBase {
  kind: 'perLigand';
  values(record: ScoreRecord): Readonly<Record<string, number>>;
}

export type Quantity = ScalarQuantity | LigandQuantity;

/**
 * The descriptors a record holds under `descriptors` (one number each): the engine's
 * DescriptorSet and the record's DescriptorRecord must both have every one, or the engine's
 * toDescriptorRecord does not compile. docs/descriptors.md, "Adding a quantity", lists the steps.
 */
export const DESCRIPTOR_KEYS = ['phi', 'reducedDistance', 'chiEnv', 'hMix', 'distance', 'deltaR', 'deltaChi', 'deltaM'] as const;
export type DescriptorKey = (typeof DESCRIPTOR_KEYS)[number];

/** The keys of the registry; the compiler asks for an entry in QUANTITIES for each. */
export type QuantityKey = DescriptorKey | 'eForm' | 'siteDeltaE' | 'reference' | 'residual' | 'siteReference' | 'siteResidual' | 'ratio' | 'nMetal' | 'logP';

/** An interval end that bounds nothing: infinite in a record made here, null in one read from JSON (Number.isFinite(null) is false). */
function unbounded(end: number | null): boolean {
  return !Number.isFinite(end);
}

/**
 * A prediction outside its model's applicability domain (`prediction.inDomain`, `site.inDomain`):
 * one text and one mark for E_form and ΔE_site, so the tables' `!` and its legend mean the same on both.
 */
export const OUT_OF_DOMAIN: Verdict = { text: 'outside the model’s applicability domain: an extrapolation', mark: '!', warn: true };

/**
 * Why an interval end is open, as the table's legend and the results panel's interval tooltip say it: BM405
 * gives the recipe's own cause. A stated site that no ΔE prices opens the upper end alone (its cost is never negative).
 */
export const UNBOUNDED_CAUSES = 'BM405 says why: too few calibration points in its group, none of its kind, or, for the upper end alone, a stated site that no ΔE prices';

const SITE_WORDS = {
  core: 'the dopant prefers the core: the whole interval of ΔE lies below zero',
  surface: 'the dopant prefers the surface: the whole interval of ΔE lies above zero',
  undetermined: 'undetermined: the interval of ΔE contains zero or is unbounded',
} as const;

function phiVerdict(verdict: PhiVerdict, threshold: number, known: boolean): Verdict {
  switch (verdict) {
    case 'accessible':
      return { text: `potentially synthesizable (φ ≥ ${num(threshold)})`, mark: '', warn: false };
    case 'inaccessible':
      return { text: `hard to synthesize (φ < ${num(threshold)})`, mark: 'low', warn: true };
    case 'undefined':
      return known
        ? { text: 'undefined without an environment: no ligands and no support, so χ_env = 0 by definition and φ says nothing about synthesis', mark: 'n/a', warn: false }
        : { text: 'unknown: an input of φ is missing', mark: '', warn: false };
  }
}

/**
 * The site call, and after it the site model's domain verdict where the recipe lies outside it
 * (`undetermined !`): a view shows the call and is flagged as E_form's out-of-domain cell is.
 */
function siteVerdict(site: NonNullable<ScoreRecord['site']>): Verdict {
  const call = SITE_WORDS[site.preferred];
  if (site.inDomain) return { text: call, mark: site.preferred, warn: false };
  return { text: `${call}; ${OUT_OF_DOMAIN.text}`, mark: `${site.preferred} ${OUT_OF_DOMAIN.mark}`, warn: true };
}

/**
 * φ as the views show it: a bare core's φ is 0 only because χ_env is 0 by definition, so where the
 * verdict is undefined the record keeps φ (the model reads it; JSON and CSV write it, with the
 * verdict) and the views say it is undefined.
 */
export function shownPhi(phi: number | null, verdict: PhiVerdict): number | null {
  return verdict === 'undefined' ? null : phi;
}

const descriptor = (key: DescriptorKey) => (r: ScoreRecord) => r.descriptors?.[key] ?? null;

/** Every reported quantity, in the order views list them: predictions, labels, then descriptors. */
export const QUANTITIES = {
  eForm: {
    kind: 'scalar',
    symbol: 'E_form',
    unit: 'eV/atom',
    decimals: 2,
    definition:
      'predicted formation energy per metal atom (first paper, eq. 1): E_form = (E_total − Σ N_i E_metal,i − E_env) / Σ N_i; lower is more stable. ' +
      'Shown with its conformal interval at the configured coverage (CV+; under a calibration on fewer than 20 of your labels, jackknife+), and flagged outside the model’s applicability domain',
    field: 'prediction.eForm',
    verdictFields: ['prediction.inDomain'],
    inTable: true,
    value: (r) => r.prediction?.eForm ?? null,
    bounds: (r) => (r.prediction ? { lower: r.prediction.lower, upper: r.prediction.upper, coverage: r.prediction.coverage } : null),
    verdict: (r) => (r.prediction && !r.prediction.inDomain ? OUT_OF_DOMAIN : undefined),
  },
  siteDeltaE: {
    kind: 'scalar',
    symbol: 'ΔE_site',
    unit: 'eV',
    decimals: 2,
    definition:
      'ΔE = E(core) − E(surface) for one dopant (second paper); negative means the dopant prefers the core. The call is core when the whole interval ' +
      'lies below zero, surface when it lies above, undetermined when it contains zero or is unbounded; no call for a majority dopant (its stated site is priced in E_form by the site model with the roles swapped, ΔE_order) or a core without an interior site. ' +
      'Flagged outside the site model’s applicability domain',
    field: 'site.deltaE',
    verdictFields: ['site.preferred', 'site.inDomain'],
    inTable: true,
    value: (r) => r.site?.deltaE ?? null,
    bounds: (r) => (r.site ? { lower: r.site.lower, upper: r.site.upper, coverage: r.prediction?.coverage ?? NaN } : null),
    verdict: (r) => (r.site ? siteVerdict(r.site) : undefined),
  },
  reference: {
    kind: 'scalar',
    symbol: 'E_ref',
    unit: 'eV/atom',
    decimals: 2,
    definition: 'the recipe’s own `energy` label: a reference E_form (e.g. DFT), eV per metal atom',
    field: 'reference',
    inTable: false,
    value: (r) => r.reference ?? null,
  },
  residual: {
    kind: 'scalar',
    symbol: 'residual',
    unit: 'eV/atom',
    decimals: 2,
    definition: 'reference − predicted E_form, for a recipe with an `energy` label (calibrated when a calibration applies); a reference outside the interval is a warning (BM412)',
    field: 'residual',
    verdictFields: ['referenceInInterval'],
    inTable: true,
    value: (r) => r.residual ?? null,
    verdict: (r) => {
      if (r.referenceInInterval === undefined || !r.prediction) return undefined;
      const level = coveragePercent(r.prediction.coverage);
      // An interval unbounded both ways holds every reference: saying it lies inside tells nothing.
      if (unbounded(r.prediction.lower) && unbounded(r.prediction.upper)) return { text: `the ${level} interval is unbounded, so it tests no reference`, mark: '', warn: false };
      return r.referenceInInterval
        ? { text: `the reference lies inside the ${level} interval`, mark: '', warn: false }
        : { text: `the reference lies outside the ${level} interval`, mark: 'outside', warn: true };
    },
  },
  siteReference: {
    kind: 'scalar',
    symbol: 'ΔE_ref',
    unit: 'eV',
    decimals: 2,
    definition: 'the recipe’s own `siteEnergy` label: a reference ΔE = E(core) − E(surface) (e.g. DFT), eV; recorded with a site prediction to compare it with',
    field: 'site.reference',
    inTable: false,
    value: (r) => r.site?.reference ?? null,
  },
  siteResidual: {
    kind: 'scalar',
    symbol: 'ΔE_site residual',
    unit: 'eV',
    decimals: 2,
    definition: 'reference − predicted ΔE_site, for a recipe with a `siteEnergy` label and a site prediction (calibrated when a calibration applies)',
    field: 'site.residual',
    inTable: false,
    value: (r) => r.site?.residual ?? null,
  },
  phi: {
    kind: 'scalar',
    symbol: 'φ',
    unit: '',
    decimals: 2,
    definition: 'accessibility index (first paper, eq. 11): φ = D̃ × χ_env; closer to zero or higher is more accessible, and φ ≥ threshold reads as potentially synthesizable. Undefined without an environment (no ligands, no support)',
    field: 'descriptors.phi',
    verdictFields: ['descriptors.phiVerdict'],
    inTable: true,
    value: (r) => (r.descriptors ? shownPhi(r.descriptors.phi, r.descriptors.phiVerdict) : null),
    verdict: (r) => (r.descriptors ? phiVerdict(r.descriptors.phiVerdict, r.descriptors.phiThreshold, r.descriptors.phi !== null) : undefined),
  },
  reducedDistance: {
    kind: 'scalar',
    symbol: 'D̃',
    unit: '',
    decimals: 2,
    definition: `reduced distance (first paper, eq. 10): D̃ = 1 − c·ΔR / (D + c·ΔR), c = ${REDUCED_DISTANCE_C}, ΔR and D in Å`,
    field: 'descriptors.reducedDistance',
    inTable: true,
    value: descriptor('reducedDistance'),
  },
  chiEnv: {
    kind: 'scalar',
    symbol: 'χ_env',
    unit: '',
    decimals: 2,
    definition:
      'environment electronegativity (first paper, eq. 5): χ_env = χ̄_metal − χ̄_sub; χ̄_metal = count-weighted mean Pauling χ of the metal atoms; ' +
      'χ̄_sub = mean Pauling χ of the coordinating atoms: each ligand contributes the mean χ of its binding atoms, ' +
      'weighted by its count; without ligands, the support atom (O for zeolite/oxide/MOF, N for N-doped carbon/nitride); ' +
      'with neither, χ_env = 0',
    field: 'descriptors.chiEnv',
    inTable: true,
    value: descriptor('chiEnv'),
  },
  hMix: {
    kind: 'scalar',
    symbol: 'H_mix',
    unit: 'kJ/mol',
    decimals: 1,
    definition:
      'Miedema mixing enthalpy of the equiatomic binary liquid (Takeuchi & Inoue 2005, Mater. Trans. 46, 2817); the Miedema model where the table lacks the pair',
    field: 'descriptors.hMix',
    inTable: true,
    value: descriptor('hMix'),
  },
  distance: {
    kind: 'scalar',
    symbol: 'D',
    unit: 'Å',
    decimals: 2,
    definition:
      "average metal–metal distance: the recipe's distance if given, else the mean nearest-neighbour metal–metal distance " +
      'of the structure file, else of the template core; with no geometry, 2 × the count-weighted mean metallic radius (estimate)',
    field: 'descriptors.distance',
    inTable: true,
    value: descriptor('distance'),
  },
  deltaR: {
    kind: 'scalar',
    symbol: 'ΔR',
    unit: 'Å',
    decimals: 2,
    definition: 'ΔR = |R_host − R_dopant|, metallic radii for 12-fold coordination',
    field: 'descriptors.deltaR',
    inTable: false,
    value: descriptor('deltaR'),
  },
  deltaChi: {
    kind: 'scalar',
    symbol: 'Δχ_M',
    unit: '',
    decimals: 2,
    definition: 'Δχ_M = |χ_host − χ_dopant|, Pauling scale',
    field: 'descriptors.deltaChi',
    inTable: false,
    value: descriptor('deltaChi'),
  },
  deltaM: {
    kind: 'scalar',
    symbol: 'ΔM',
    unit: 'g/mol',
    decimals: 1,
    definition: 'ΔM = |M_host − M_dopant|, standard atomic weights',
    field: 'descriptors.deltaM',
    inTable: false,
    value: descriptor('deltaM'),
  },
  ratio: {
    kind: 'scalar',
    symbol: 'ratio',
    unit: '',
    decimals: 3,
    definition: 'ratio = dopant count / N_metal',
    field: 'ratio',
    inTable: true,
    // The exact ratio of the record's own counts: its six significant digits (`ratio`, what JSON
    // and the CSV write) rounded again to three decimals would be a second rounding once N_metal
    // passes 1,000 (836/1003 = 0.8334995 is kept as 0.8335, and would be shown as 0.834).
    value: (r) => r.nDopant / r.nMetal,
  },
  nMetal: {
    kind: 'scalar',
    symbol: 'N_metal',
    unit: 'atoms',
    decimals: 0,
    definition: 'N_metal = host count + dopant count',
    field: 'nMetal',
    inTable: true,
    value: (r) => r.nMetal,
  },
  logP: {
    kind: 'perLigand',
    symbol: 'logP',
    unit: '',
    decimals: 2,
    definition: 'ligand octanol–water logP (Crippen, RDKit, unless the recipe overrides it), one per ligand; their mean is weighted by ligand count',
    field: 'descriptors.logP',
    inTable: false,
    values: (r) => r.descriptors?.logP ?? {},
  },
} satisfies { readonly [K in QuantityKey]: Quantity };

/** The registry as a list, in its order. */
export const QUANTITY_LIST: readonly (Quantity & { key: QuantityKey })[] = (Object.keys(QUANTITIES) as QuantityKey[]).map((key): Quantity & { key: QuantityKey } => ({ ...QUANTITIES[key], key }));

/** `H_mix (kJ/mol)`, `φ`: a symbol with its unit, for headers. */
export function labelWithUnit(q: Pick<Quantity, 'symbol' | 'unit'>, name = q.symbol): string {
  return q.unit ? `${name} (${q.unit})` : name;
}

/** A value as the editor shows it: the quantity's decimals, a real minus sign, `—` when absent. */
export function quantityText(q: Pick<Quantity, 'decimals'>, value: number | null | undefined): string {
  return num(value, q.decimals);
}
