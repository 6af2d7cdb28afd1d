import { FEATURE_DEFINITIONS, LIGAND_CLASS_COLUMNS, SITE_COLUMNS, SUPPORT_COLUMNS, TOPOLOGY_COLUMNS } from '../features/schema';
import { JointDomain, jointDomainProblem, reachingBulk, sizesText, type JointDomainFields } from './domainJoint';
import { symbolOfZ, valueAt } from './rowChemistry';

/**
 * Applicability domain: what the model saw in training (model card `domain`), and which of a
 * recipe's traits fall outside it, in words a chemist reads at a glance. Everything is read back
 * from the feature row, so a batch of rows is enough — no recipe objects need to travel with it
 * (e.g. into a worker thread).
 *
 * What counts, most important first:
 *  1. host or dopant elements never seen in training;
 *  2. N_metal outside the trained sizes;
 *  3. ligands or supports never seen (one reason: "ligand-protected, but trained on bare cores");
 *  4. categories never seen: core template, dopant site, core geometry present or not, H_mix
 *     source — each summarised as one categorical reason, never as the one-hot's numeric range;
 *  5. joint checks (domainJoint.ts, v2 cards): pair, bare-core host, element in a bimetallic row,
 *     template × size, dopant ratio;
 *  6. continuous descriptors far outside their training range: at most MAX_RANGE_REASONS, most
 *     severe first, with by how much, and only when no reason above already explains them (with
 *     ligands on a bare-core model, χ_env, φ and logP are of course out of range too).
 * The remaining columns (per-site element properties and their means, differences and same-flags;
 * host/dopant counts) follow from the elements and counts checked above, so they add no reason.
 */
export interface CardDomain extends JointDomainFields {
  elements?: string[];
  /** Inclusive N_metal range, as `{ min, max }` or `[min, max]`. */
  nMetal?: { min: number; max: number } | [number, number];
  /** Ligand class names (engine/src/ligands/ligandClass.ts). */
  ligandClasses?: string[];
  /** Support kinds (recipe.ts SupportKind, including "none"). */
  supports?: string[];
  /** Per-feature training range, by feature name. */
  features?: Record<string, { min: number; max: number }>;
}

export interface DomainOptions {
  /**
   * Leave the dopant-site columns out of the check. For the site model, which answers the
   * core-vs-surface question itself: the site a recipe states is not a trait it needs to have seen.
   */
  ignoreSite?: boolean;
  /**
   * Ligand shells and supports of the classes and kinds the card lists are accounted for by an
   * environment term (the E_form anchor, energyAnchor.ts), not by the learned model: their
   * descriptors (χ_env, logP, ligands per metal, φ) are then no reason on their own.
   */
  environmentByTerm?: boolean;
}

/** Relative slack on feature ranges so float32 rounding of a training value stays in range. */
const RANGE_SLACK = 1e-6;
/**
 * A value beyond a range end by less than this fraction of the range's width is still next to
 * training data (an end is itself one training point), so it is not reported. Constant columns
 * (width 0) have no such margin: any other value was never seen.
 */
const FAR_FRACTION = 0.1;
/** Continuous descriptors named per recipe at most; the rest are counted. */
const MAX_RANGE_REASONS = 3;

/** What a primary reason already explains, so the descriptors it drags along are not repeated. */
export type Cause = 'elements' | 'size' | 'ligands' | 'support' | 'structure' | 'ratio';

/** One reason, and what it explains, so later checks do not repeat it. */
export interface DomainReason {
  text: string;
  cause?: Cause;
}

const CAUSE_BITS: Readonly<Record<Cause, number>> = { elements: 1, size: 2, ligands: 4, support: 8, structure: 16, ratio: 32 };

/** The reasons found for one row so far, and the causes they explain, one bit each: a set of six would cost every row of every prediction its hash table. */
export class RowReasons {
  readonly texts: string[] = [];
  private causes = 0;

  add(text: string, cause?: Cause): void {
    this.texts.push(text);
    if (cause) this.explain(cause);
  }

  /** Marks a cause as explained without a text of its own here (a prior reason, or a term that accounts for it). */
  explain(cause: Cause): void {
    this.causes |= CAUSE_BITS[cause];
  }

  explains(cause: Cause): boolean {
    return (this.causes & CAUSE_BITS[cause]) !== 0;
  }
}

/** Continuous descriptors worth naming, with the causes that already explain them when out of range. */
const CONTINUOUS: ReadonlyArray<{ name: string; label: string; explainedBy: readonly Cause[] }> = [
  { name: 'chi_env', label: 'χ_env', explainedBy: ['ligands', 'support'] },
  { name: 'delta_chi', label: 'Δχ', explainedBy: ['elements'] },
  { name: 'ratio', label: 'dopant ratio', explainedBy: ['size', 'ratio'] },
  { name: 'delta_m', label: 'ΔM', explainedBy: ['elements'] },
  { name: 'h_mix', label: 'H_mix', explainedBy: ['elements'] },
  { name: 'distance', label: 'D', explainedBy: ['elements', 'structure'] },
  { name: 'delta_r', label: 'ΔR', explainedBy: ['elements'] },
  { name: 'reduced_distance', label: 'D̃', explainedBy: ['elements', 'structure'] },
  { name: 'phi', label: 'φ', explainedBy: ['elements', 'structure', 'ligands', 'support'] },
  { name: 'logp_mean', label: 'mean ligand logP', explainedBy: ['ligands'] },
  { name: 'ligands_per_metal', label: 'ligands per metal atom', explainedBy: ['ligands'] },
  { name: 'charge', label: 'charge', explainedBy: [] },
  { name: 'core_fraction', label: 'core fraction', explainedBy: ['size', 'structure'] },
  { name: 'mean_coordination', label: 'mean coordination', explainedBy: ['size', 'structure'] },
];

/** One-hot families reported as categories: a category as a phrase, and as a short label in the "seen" list. */
const CATEGORIES: ReadonlyArray<{ prefix: string; columns: readonly string[]; phrase: (c: string) => string; label: (c: string) => string; cause?: Cause; site?: true }> = [
  {
    prefix: 'topology_',
    columns: TOPOLOGY_COLUMNS,
    phrase: (c) => (c === 'other' ? 'a core without a built-in template' : `core template ${c}`),
    label: (c) => (c === 'other' ? 'no template' : c),
    cause: 'structure',
  },
  { prefix: 'site_', columns: SITE_COLUMNS, phrase: (c) => `dopant site ${c}`, label: (c) => c, site: true },
];

/** 0/1 flags reported when the recipe's value never occurred in training (and no earlier reason covers it). */
const FLAGS: ReadonlyArray<{ name: string; message: [whenZero: string, whenOne: string]; cause?: Cause }> = [
  {
    name: 'has_geometry',
    message: ['no core geometry (no template or structure file), but every training recipe had one', 'a core geometry, but no training recipe had one'],
    cause: 'structure',
  },
  {
    name: 'h_mix_computed',
    message: ['H_mix from the table, but every training pair used the Miedema estimate', "H_mix estimated with Miedema's model (pair not tabulated); training used tabulated values only"],
  },
];

/** Columns that hold fractions or 0/1 indicators: a card range outside [0, 1] means misaligned columns. */
const UNIT_INTERVAL = /^(topology_|site_|support_|ligand_frac_|same_|is_unary$|has_geometry$|h_mix_computed$|ratio$|core_fraction$)/;

const UNITS = new Map(FEATURE_DEFINITIONS.map((f) => [f.name, f.unit === '–' ? '' : ` ${f.unit}`]));

function formatNumber(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

function nMetalRange(domain: CardDomain): { min: number; max: number } | undefined {
  const n = domain.nMetal;
  return n === undefined ? undefined : Array.isArray(n) ? { min: n[0], max: n[1] } : n;
}

function slackOf(min: number, max: number): number {
  return RANGE_SLACK * Math.max(1, Math.abs(min), Math.abs(max));
}

/**
 * How far `value` lies outside the range its data spanned, `min` to `max`: 0 while it is inside or
 * next to that data (within FAR_FRACTION of the range's width; a range of one value has only the
 * float slack), else its distance from the nearer end.
 */
export function farBeyond(value: number, min: number, max: number): number {
  const width = max - min;
  const margin = width > 0 ? FAR_FRACTION * width : slackOf(min, max);
  const excess = Math.max(value - max, min - value);
  return excess > margin ? excess : 0;
}

/**
 * Why a card's domain cannot be trusted, or undefined when it is consistent: ranges must name
 * model features, be ordered, keep fractions and indicators inside [0, 1], and agree with nMetal.
 * A per-feature table shifted against the feature names (a training-side column mix-up) fails
 * these checks, and a model trained on such columns must not be used.
 */
export function domainProblem(domain: CardDomain, featureNames: readonly string[]): string | undefined {
  const names = new Set(featureNames);
  for (const [name, r] of Object.entries(domain.features ?? {})) {
    if (!names.has(name)) return `domain.features names "${name}", which is not a model feature`;
    if (!(Number.isFinite(r?.min) && Number.isFinite(r?.max) && r.min <= r.max)) return `domain.features.${name} must be { min, max } with min ≤ max`;
    if (UNIT_INTERVAL.test(name) && (r.min < 0 || r.max > 1 + slackOf(0, 1))) {
      return `domain.features.${name} = [${r.min}, ${r.max}] lies outside [0, 1], which that column cannot take: the ranges look shifted against the feature names`;
    }
  }
  const nMetal = nMetalRange(domain);
  const column = domain.features?.n_metal;
  if (nMetal && column && (Math.abs(nMetal.min - column.min) > slackOf(nMetal.min, 0) || Math.abs(nMetal.max - column.max) > slackOf(nMetal.max, 0))) {
    return `domain.features.n_metal [${column.min}, ${column.max}] disagrees with domain.nMetal [${nMetal.min}, ${nMetal.max}]: the ranges look shifted against the feature names`;
  }
  return jointDomainProblem(domain);
}

interface Column {
  index: number;
  min: number;
  max: number;
}

type ContinuousColumn = Column & { label: string; unit: string; explainedBy: readonly Cause[] };

/** Whether an earlier reason already explains a column (a plain loop: it runs for every column of every row). */
function explainedAlready(column: ContinuousColumn, reasons: RowReasons): boolean {
  for (const cause of column.explainedBy) if (reasons.explains(cause)) return true;
  return false;
}

export class ApplicabilityDomain {
  private readonly width: number;
  private readonly index: ReadonlyMap<string, number>;
  /** Columns read for every row, resolved once (undefined when the model lacks the feature). */
  private readonly columns: {
    hostZ?: number;
    dopantZ?: number;
    nMetal?: number;
    ligandFractions: Array<number | undefined>;
    supports: Array<number | undefined>;
  };
  private readonly elements?: ReadonlySet<string>;
  private readonly nMetal?: { min: number; max: number };
  private readonly ligandClasses?: readonly string[];
  private readonly supports?: readonly string[];
  private readonly categories: Array<{ cause?: Cause; columns: Array<{ index: number; phrase: string; seen: boolean }>; seenLabels: string }>;
  private readonly flags: Array<{ index: number; seen: [boolean, boolean]; message: [string, string]; cause?: Cause }>;
  private readonly continuous: ContinuousColumn[];
  private readonly joint: JointDomain;
  private readonly environmentByTerm: boolean;

  constructor(domain: CardDomain, featureNames: readonly string[], options: DomainOptions = {}) {
    this.width = featureNames.length;
    this.index = new Map(featureNames.map((n, i) => [n, i]));
    this.columns = {
      hostZ: this.index.get('host_z'),
      dopantZ: this.index.get('dopant_z'),
      nMetal: this.index.get('n_metal'),
      ligandFractions: LIGAND_CLASS_COLUMNS.map((c) => this.index.get(`ligand_frac_${c}`)),
      supports: SUPPORT_COLUMNS.map((s) => this.index.get(`support_${s}`)),
    };
    if (domain.elements) this.elements = new Set(domain.elements);
    const nMetal = nMetalRange(domain);
    this.nMetal = nMetal && reachingBulk(nMetal, domain.bulkSize);
    this.ligandClasses = domain.ligandClasses;
    this.supports = domain.supports;
    const ranges = domain.features ?? {};
    const column = (name: string): Column | undefined => {
      const index = this.index.get(name);
      const r = ranges[name];
      return index === undefined || !r ? undefined : { index, min: r.min, max: r.max };
    };

    this.environmentByTerm = options.environmentByTerm ?? false;
    // A v2 card's template × size ranges (domainJoint.ts) say which templates were seen, and at which sizes.
    const skipTemplates = domain.geometry !== undefined;
    this.categories = CATEGORIES.filter((family) => !(family.site && options.ignoreSite) && !(family.prefix === 'topology_' && skipTemplates)).flatMap((family) => {
      const present = family.columns.flatMap((c) => {
        const col = column(family.prefix + c);
        return col ? [{ index: col.index, phrase: family.phrase(c), label: family.label(c), seen: col.max > 0 }] : [];
      });
      if (present.length === 0) return [];
      const seenLabels = present.filter((c) => c.seen).map((c) => c.label).join(', ') || 'none';
      return [{ cause: family.cause, columns: present, seenLabels }];
    });
    this.flags = FLAGS.flatMap((flag) => {
      const col = column(flag.name);
      return col ? [{ index: col.index, seen: [col.min <= 0, col.max >= 1] as [boolean, boolean], message: flag.message, cause: flag.cause }] : [];
    });
    this.joint = new JointDomain(domain, this.index);
    this.continuous = CONTINUOUS.flatMap((c) => {
      const col = column(c.name);
      return col ? [{ ...col, label: c.label, unit: UNITS.get(c.name) ?? '', explainedBy: c.explainedBy }] : [];
    });
  }

  /**
   * Reasons why row `r` of a row-major matrix is outside the domain; empty when inside. `prior`
   * are reasons found elsewhere for the same row (the E_form anchor's); they come last, and what
   * they explain is not said again. Runs for every row of every prediction, so a row inside the
   * domain costs its empty list and nothing more.
   */
  reasons(data: ArrayLike<number>, r: number, prior: readonly DomainReason[] = []): string[] {
    const base = r * this.width;
    const col = this.columns;
    const reasons = new RowReasons();
    for (const p of prior) if (p.cause) reasons.explain(p.cause);

    if (this.elements) {
      const host = symbolOfZ(valueAt(data, base, col.hostZ));
      if (host && !this.elements.has(host)) reasons.add(`host element ${host} never seen in training`, 'elements');
      const dopant = symbolOfZ(valueAt(data, base, col.dopantZ));
      if (dopant && !this.elements.has(dopant)) reasons.add(`dopant element ${dopant} never seen in training`, 'elements');
    }

    const n = valueAt(data, base, col.nMetal);
    if (this.nMetal && n !== undefined && !reasons.explains('size') && (n < this.nMetal.min || n > this.nMetal.max)) {
      const { min, max } = this.nMetal;
      const text =
        min === max
          ? `N_metal = ${n}, but every training cluster had N_metal = ${min}`
          : max === Infinity
            ? `N_metal = ${n} is below the trained sizes, ${sizesText(this.nMetal)}`
            : `N_metal = ${n} is outside the trained sizes ${min}–${max}`;
      reasons.add(text, 'size');
    }

    if (this.ligandClasses) this.ligandReason(data, base, reasons, this.ligandClasses);
    if (this.supports) this.supportReason(data, base, reasons, this.supports);

    for (const family of this.categories) {
      for (const c of family.columns) {
        if (!(data[base + c.index] > 0)) continue;
        if (!c.seen) reasons.add(`${c.phrase} never seen in training (seen: ${family.seenLabels})`, family.cause);
        break;
      }
    }
    for (const flag of this.flags) {
      const value = data[base + flag.index] > 0 ? 1 : 0;
      if (!flag.seen[value] && !(flag.cause && reasons.explains(flag.cause))) reasons.add(flag.message[value], flag.cause);
    }

    this.joint.addReasons(data, base, this.elements, reasons);
    this.rangeReasons(data, base, reasons);
    for (const p of prior) reasons.texts.push(p.text);
    return reasons.texts;
  }

  private ligandReason(data: ArrayLike<number>, base: number, reasons: RowReasons, seenClasses: readonly string[]): void {
    let used: string[] | undefined;
    let unseen: string[] | undefined;
    for (let i = 0; i < LIGAND_CLASS_COLUMNS.length; i++) {
      if (!((valueAt(data, base, this.columns.ligandFractions[i]) ?? 0) > 0)) continue;
      const ligandClass = LIGAND_CLASS_COLUMNS[i];
      (used ??= []).push(ligandClass);
      if (!seenClasses.includes(ligandClass)) (unseen ??= []).push(ligandClass);
    }
    if (!used) return;
    // A shell the environment term has no data for is already a prior reason, said more precisely.
    if (this.environmentByTerm && !unseen) reasons.explain('ligands');
    else if (unseen && !reasons.explains('ligands')) {
      reasons.add(
        seenClasses.length === 0
          ? `ligand-protected (${used.join(', ')}), but the model was trained on bare metal clusters only`
          : `ligand class${unseen.length > 1 ? 'es' : ''} ${unseen.join(', ')} never seen in training (seen: ${seenClasses.join(', ')})`,
        'ligands',
      );
    }
  }

  private supportReason(data: ArrayLike<number>, base: number, reasons: RowReasons, seenSupports: readonly string[]): void {
    let i = 0;
    while (i < SUPPORT_COLUMNS.length && valueAt(data, base, this.columns.supports[i]) !== 1) i++;
    if (i === SUPPORT_COLUMNS.length) return;
    const kind = SUPPORT_COLUMNS[i];
    const seen = seenSupports.includes(kind);
    if (this.environmentByTerm && kind !== 'none' && seen) reasons.explain('support');
    else if (!seen && !reasons.explains('support')) {
      reasons.add(
        seenSupports.length === 1 && seenSupports[0] === 'none'
          ? `supported on ${kind}, but the model was trained on unsupported clusters only`
          : `support ${kind} never seen in training (seen: ${seenSupports.join(', ')})`,
        'support',
      );
    }
  }

  /** The continuous descriptors far outside their training range: only the worst few are said, so their text is written after sorting. */
  private rangeReasons(data: ArrayLike<number>, base: number, reasons: RowReasons): void {
    let far: Array<{ severity: number; excess: number; column: ContinuousColumn; value: number; above: boolean }> | undefined;
    for (const c of this.continuous) {
      if (explainedAlready(c, reasons)) continue;
      const v = data[base + c.index];
      const excess = farBeyond(v, c.min, c.max);
      if (!(excess > 0)) continue;
      const width = c.max - c.min;
      (far ??= []).push({ severity: width > 0 ? excess / width : Infinity, excess, column: c, value: v, above: v > c.max });
    }
    if (!far) return;
    far.sort((a, b) => b.severity - a.severity || b.excess - a.excess);
    for (const { column: c, value: v, excess, above } of far.slice(0, MAX_RANGE_REASONS)) {
      const value = `${c.label} = ${formatNumber(v)}${c.unit}`;
      reasons.add(
        c.max === c.min
          ? `${value}, but every training recipe had ${formatNumber(c.min)}${c.unit}`
          : `${value} is ${formatNumber(excess)}${c.unit} ${above ? 'above the training maximum' : 'below the training minimum'} ${formatNumber(above ? c.max : c.min)}${c.unit}`,
      );
    }
    const more = far.length - MAX_RANGE_REASONS;
    if (more > 0) reasons.add(`and ${more} more descriptor${more > 1 ? 's' : ''} far outside the training range`);
  }
}
