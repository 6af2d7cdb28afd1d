/**
 * Applicability domain v2: joint checks of a row against what the model saw together (card
 * `domain.pairs`, `bareHosts`, `ligandHosts`, `bimetallicElements`, `geometry`, `ratio`;
 * models/FORMAT.md). Per-trait checks (domain.ts) pass a recipe whose host and dopant were each
 * seen, but never together, or a host seen only under ligands used as a bare core; these catch that.
 * Every check is skipped when its card field is absent, so v1 cards keep their meaning.
 */
import { withArticle } from '../article';
import { TOPOLOGY_COLUMNS } from '../features/schema';
import { farBeyond, type RowReasons } from './domain';
import { pairKey, symbolOfZ, valueAt } from './rowChemistry';

export interface Range {
  min: number;
  max: number;
}

/** The v2 fields of a card's `domain`. */
export interface JointDomainFields {
  /** Bimetallic pairs seen, alphabetical and joined by "-" (`Au-Pd`). */
  pairs?: string[];
  /** Hosts seen as bare cores (no ligand, no support). */
  bareHosts?: string[];
  /** Hosts seen with a ligand or adsorbate (site model). */
  ligandHosts?: string[];
  /** Elements that occur in some bimetallic row. */
  bimetallicElements?: string[];
  /** N_metal seen per core template (`other`: no template). */
  geometry?: Record<string, Range>;
  /**
   * N_metal of the bimetallic rows any of the model's terms was fitted or calibrated on, by kind of
   * core: bare (no ligand, no support), ligand-protected, supported. A unary size law fitted down to
   * 13 atoms says nothing of how two metals mix in a cluster that small.
   */
  bimetallicSizes?: BimetallicSizes;
  /** Dopant ratio range of the bimetallic rows (unary rows, ratio 0, are not checked against it). */
  ratio?: Range;
  /**
   * `minority`: `ratio` is the range of the minority metal's fraction min(x, 1 − x), for a model that
   * depends on the composition only through quantities symmetric in host and dopant (E_form: the
   * composition-weighted size laws and x(1 − x)), so Au60Ag87 and Ag87Au60 are one recipe to it.
   * Absent: the dopant's fraction x, as written (the site model tells host from dopant).
   */
  ratioOf?: 'dopant' | 'minority';
  /**
   * The N_metal the bulk rows (N = ∞) were written with: a size range reaching it has no upper end,
   * since the size term converges to the bulk it was pinned on (`nMetal` and `geometry` alike).
   */
  bulkSize?: number;
}

/** `range` with no upper end when it reaches the bulk rows' N (JointDomainFields.bulkSize). */
export function reachingBulk(range: Range, bulkSize: number | undefined): Range {
  return bulkSize !== undefined && range.max >= bulkSize ? { min: range.min, max: Infinity } : range;
}

type CoreKind = 'bare' | 'ligated' | 'supported';
type BimetallicSizes = Partial<Record<CoreKind, Range>>;
const CORE_KINDS: Record<CoreKind, string> = { bare: 'bare', ligated: 'ligand-protected', supported: 'supported' };

/** A size range in words: `13–147 atoms`, `147 atoms`, or `13 atoms to the bulk`. */
export function sizesText(range: Range): string {
  return range.max === Infinity ? `${rangeText({ min: range.min, max: range.min })} atoms to the bulk` : `${rangeText(range)} atoms`;
}

/**
 * Why the v2 fields cannot be used, or undefined: a pair not written as the runtime looks it up
 * (alphabetical, `A-B`) would silently never match, and a template or range it cannot read would
 * flag every recipe.
 */
export function jointDomainProblem(domain: JointDomainFields): string | undefined {
  for (const pair of domain.pairs ?? []) {
    const [a, b, ...rest] = pair.split('-');
    if (!a || !b || rest.length > 0 || pairKey(a, b) !== pair || a === b) return `domain.pairs entry "${pair}" must be two different element symbols in alphabetical order joined by "-" (e.g. "Au-Pd")`;
  }
  const ordered = (r: Range | undefined) => r !== undefined && Number.isFinite(r.min) && Number.isFinite(r.max) && r.min <= r.max;
  for (const [key, range] of Object.entries(domain.geometry ?? {})) {
    if (!(TOPOLOGY_COLUMNS as readonly string[]).includes(key)) return `domain.geometry names "${key}", which is no core template (expected one of ${TOPOLOGY_COLUMNS.join(', ')})`;
    if (!ordered(range)) return `domain.geometry.${key} must be { min, max } with min ≤ max`;
  }
  for (const [kind, range] of Object.entries(domain.bimetallicSizes ?? {})) {
    if (!Object.hasOwn(CORE_KINDS, kind)) return `domain.bimetallicSizes names "${kind}", which is no kind of core (expected ${Object.keys(CORE_KINDS).join(', ')})`;
    if (!ordered(range)) return `domain.bimetallicSizes.${kind} must be { min, max } with min ≤ max`;
  }
  if (domain.ratio !== undefined && !(ordered(domain.ratio) && domain.ratio.min >= 0 && domain.ratio.max <= 1)) return 'domain.ratio must be { min, max } with 0 ≤ min ≤ max ≤ 1';
  if (domain.ratioOf !== undefined && domain.ratioOf !== 'dopant' && domain.ratioOf !== 'minority') return 'domain.ratioOf must be "dopant" or "minority"';
  if (domain.bulkSize !== undefined && !(Number.isFinite(domain.bulkSize) && domain.bulkSize > 0)) return 'domain.bulkSize must be a positive number (the N written for the bulk rows)';
  return undefined;
}

/** Relative slack so a float32 training value at a range end stays in range. */
const SLACK = 1e-6;

function outside(value: number, range: Range): boolean {
  // Relative to the finite ends: a range reaching the bulk has no upper one.
  const slack = SLACK * Math.max(1, Math.abs(range.min), Number.isFinite(range.max) ? Math.abs(range.max) : 0);
  return value < range.min - slack || value > range.max + slack;
}

function rangeText(range: Range): string {
  const f = (v: number) => Number(v.toPrecision(4)).toString();
  return range.min === range.max ? f(range.min) : `${f(range.min)}–${f(range.max)}`;
}

/** The core of a row whose template column is `other`, for a reason. */
const UNTEMPLATED_CORE = 'core without a template (a structure file, topology none, or a size no template closes)';

function unseenCore(key: string): string {
  return key === 'other' ? `a ${UNTEMPLATED_CORE} never seen in training` : `${withArticle(key)} core never seen in training`;
}

function unseenCoreSize(key: string, n: number, seen: Range): string {
  const core = key === 'other' ? `a ${n}-atom ${UNTEMPLATED_CORE}` : `${withArticle(key)} of ${n} atoms`;
  return `${core} never seen (seen: ${sizesText(seen)})`;
}

export class JointDomain {
  private readonly pairs?: ReadonlySet<string>;
  private readonly bareHosts?: ReadonlySet<string>;
  private readonly ligandHosts?: ReadonlySet<string>;
  private readonly bimetallicElements?: ReadonlySet<string>;
  private readonly geometry?: Readonly<Record<string, Range>>;
  private readonly bimetallicSizes?: BimetallicSizes;
  /** Each kind's reason, made once: it names no N, so every row outside that kind's sizes shares it. */
  private readonly bimetallicSizeReasons: Partial<Record<CoreKind, string>> = {};
  private readonly ratio?: Range;
  private readonly minorityRatio: boolean;
  private readonly col: {
    hostZ?: number;
    dopantZ?: number;
    isUnary?: number;
    nMetal?: number;
    ratio?: number;
    ligandsPerMetal?: number;
    supportNone?: number;
    topologies: Array<{ key: string; index: number }>;
  };

  constructor(domain: JointDomainFields, index: ReadonlyMap<string, number>) {
    const set = (list?: string[]) => (list ? new Set(list) : undefined);
    this.pairs = set(domain.pairs);
    this.bareHosts = set(domain.bareHosts);
    this.ligandHosts = set(domain.ligandHosts);
    this.bimetallicElements = set(domain.bimetallicElements);
    this.geometry = domain.geometry && Object.fromEntries(Object.entries(domain.geometry).map(([key, range]) => [key, reachingBulk(range, domain.bulkSize)]));
    this.bimetallicSizes = domain.bimetallicSizes && Object.fromEntries(Object.entries(domain.bimetallicSizes).map(([kind, range]) => [kind, reachingBulk(range, domain.bulkSize)]));
    for (const [kind, seen] of Object.entries(this.bimetallicSizes ?? {}) as Array<[CoreKind, Range]>) {
      // Without N itself: the members of a family share one text (engine/src/sharedText.ts), and the hover shows N_metal.
      this.bimetallicSizeReasons[kind] = `a bimetallic ${CORE_KINDS[kind]} cluster of a size never seen in bimetallic training rows of ${CORE_KINDS[kind]} cores (${sizesText(seen)})`;
    }
    this.ratio = domain.ratio;
    this.minorityRatio = domain.ratioOf === 'minority';
    this.col = {
      hostZ: index.get('host_z'),
      dopantZ: index.get('dopant_z'),
      isUnary: index.get('is_unary'),
      nMetal: index.get('n_metal'),
      ratio: index.get('ratio'),
      ligandsPerMetal: index.get('ligands_per_metal'),
      supportNone: index.get('support_none'),
      topologies: TOPOLOGY_COLUMNS.flatMap((key) => {
        const i = index.get(`topology_${key}`);
        return i === undefined ? [] : [{ key, index: i }];
      }),
    };
  }

  /**
   * Adds the joint reasons of the row at `base` of a row-major matrix to `reasons`, which knows what
   * earlier reasons already explain. `seenElements` are the elements the per-element check passes
   * (an unseen element is reported there once, not again for every pair it is in); undefined when
   * the card lists none. Runs for every row of every prediction, so it allocates nothing for a row
   * it has nothing to say about.
   */
  addReasons(data: ArrayLike<number>, base: number, seenElements: ReadonlySet<string> | undefined, reasons: RowReasons): void {
    const col = this.col;
    const host = symbolOfZ(valueAt(data, base, col.hostZ));
    const bimetallic = valueAt(data, base, col.isUnary) === 0;
    const dopant = bimetallic ? symbolOfZ(valueAt(data, base, col.dopantZ)) : undefined;
    const hostKnown = host !== undefined && (!seenElements || seenElements.has(host));
    const dopantKnown = dopant !== undefined && (!seenElements || seenElements.has(dopant));

    if (bimetallic && host && dopant) {
      const hostIsolated = hostKnown && this.bimetallicElements !== undefined && !this.bimetallicElements.has(host);
      const dopantIsolated = dopantKnown && this.bimetallicElements !== undefined && !this.bimetallicElements.has(dopant);
      if (hostIsolated) reasons.add(`${host} occurs in no bimetallic training row`, 'elements');
      if (dopantIsolated) reasons.add(`${dopant} occurs in no bimetallic training row`, 'elements');
      if (this.pairs && hostKnown && dopantKnown && !hostIsolated && !dopantIsolated && !this.pairs.has(pairKey(host, dopant))) {
        reasons.add(`the pair ${pairKey(host, dopant)} was never seen in training`, 'elements');
      }
    }

    const ligated = (valueAt(data, base, col.ligandsPerMetal) ?? 0) > 0;
    const supported = col.supportNone !== undefined && valueAt(data, base, col.supportNone) === 0;
    if (host && hostKnown) {
      if (!ligated && !supported && this.bareHosts && !this.bareHosts.has(host)) reasons.add(`host ${host} was never seen as a bare core`, 'elements');
      if (ligated && this.ligandHosts && !this.ligandHosts.has(host)) reasons.add(`host ${host} was never seen with ligands or adsorbates`, 'elements');
    }

    const n = valueAt(data, base, col.nMetal);
    if (this.geometry && n !== undefined && !reasons.explains('size') && !reasons.explains('structure')) {
      let key = 'other';
      for (const t of col.topologies) {
        if ((valueAt(data, base, t.index) ?? 0) > 0) {
          key = t.key;
          break;
        }
      }
      const seen = this.geometry[key];
      if (!seen) reasons.add(unseenCore(key), 'structure');
      else if (outside(n, seen)) reasons.add(unseenCoreSize(key, n, seen), 'structure');
    }

    if (bimetallic && this.bimetallicSizes && n !== undefined) {
      // A ligand-protected cluster on a support is held to both kinds' sizes.
      if (ligated) this.addBimetallicSize('ligated', n, reasons);
      if (supported) this.addBimetallicSize('supported', n, reasons);
      if (!ligated && !supported) this.addBimetallicSize('bare', n, reasons);
    }

    // As for the ratio's descriptor range (domain.ts), a size never seen already explains an unseen ratio;
    // and as there, a ratio within a tenth of the range beyond its end is next to training data (the
    // 50:50 recipe beside CANELa's 73/147).
    const dopantRatio = valueAt(data, base, col.ratio);
    const ratio = dopantRatio !== undefined && this.minorityRatio ? Math.min(dopantRatio, 1 - dopantRatio) : dopantRatio;
    if (bimetallic && this.ratio && ratio !== undefined && !reasons.explains('size') && farBeyond(ratio, this.ratio.min, this.ratio.max) > 0) {
      const written = Number(ratio.toPrecision(3));
      const trained = this.ratio.min === this.ratio.max ? `, but every training row had ${rangeText(this.ratio)}` : ` is outside the trained ${rangeText(this.ratio)}`;
      reasons.add(`${this.minorityRatio ? 'minority metal fraction' : 'dopant ratio'} ${written}${trained}`, 'ratio');
    }
  }

  /** The reason of a bimetallic `kind` of core of `n` atoms, where the card states its sizes and a size reason is not given yet. */
  private addBimetallicSize(kind: CoreKind, n: number, reasons: RowReasons): void {
    const seen = this.bimetallicSizes?.[kind];
    if (!seen || reasons.explains('size') || !outside(n, seen)) return;
    reasons.add(this.bimetallicSizeReasons[kind]!, 'size');
  }
}
