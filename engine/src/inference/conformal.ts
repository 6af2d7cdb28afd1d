/**
 * CV+ prediction intervals (Barber et al. 2021, "Predictive inference with the jackknife+"),
 * with Mondrian (per-group) calibration, exactly as SCIENCE.md §4 states them.
 *
 * For a new x with fold predictions μ̂₋ₖ(x), k = 1…K, and the n calibration points i of x's group
 * (held-out residual R_i, fold k(i)):
 *   lower = the ⌊α(n+1)⌋-th smallest of  μ̂₋ₖ₍ᵢ₎(x) − R_i
 *   upper = the ⌈(1−α)(n+1)⌉-th smallest of μ̂₋ₖ₍ᵢ₎(x) + R_i,   α = 1 − coverage.
 * A rank below 1 gives lower = −∞, a rank above n gives upper = +∞ (too few points in the group
 * for that coverage: the interval is honestly unbounded). Ranks are computed with a small epsilon
 * because e.g. 0.9 × 10 is 9.000000000000002 in floating point, which must not round up to 10.
 *
 * Point estimate. The interval above is centred on the fold models μ̂₋ₖ₍ᵢ₎(x) of the group's own
 * calibration points, not on any all-data model, so an all-data point can fall outside it (e.g. when
 * a group's points all come from one fold). The point we report is therefore the calibration-
 * weighted median of the same values μ̂₋ₖ₍ᵢ₎(x), i over the group (fold k weighted by its number of
 * points in the group): the median of n values m₁ ≤ … ≤ mₙ is m at rank ⌈n/2⌉ (averaged with rank
 * ⌊n/2⌋ + 1 for even n). Because μ̂ − R_i ≤ μ̂ ≤ μ̂ + R_i elementwise, the r-th smallest of the
 * lower values is ≤ the r-th smallest m, and likewise for the upper values; for coverage ≥ 0.5 the
 * lower rank is ≤ ⌈n/2⌉ and the upper rank ≥ ⌊n/2⌋ + 1, so lower ≤ point ≤ upper always holds.
 *
 * Speed: the n values for one x are K sorted runs (one per fold, each the fold's sorted residuals
 * shifted by that fold's prediction), so the rank-r value is found from whichever end is nearer
 * by dropping whole blocks of a run, then a short K-way merge: O(K · log min(r, n−r) + K²) per
 * x, no sort per prediction (rankValue).
 */

import { toSignificant } from '../significant';

/** The calibration data of `NAME.conformal.json` (models/FORMAT.md). */
export interface ConformalFile {
  method: 'cv+';
  folds: number;
  residuals: number[];
  fold: number[];
  group: string[];
  /**
   * Calibration groups; `members` lists the raw group keys merged into this group (default: itself);
   * `atLeast` names groups whose interval this group's never lies inside (CalibrationGroup floors).
   */
  groups: Record<string, { n: number; members?: string[]; atLeast?: string[] }>;
  groupBy: string;
}

export interface Interval {
  lower: number;
  upper: number;
}

const RANK_EPSILON = 1e-9;

/** 1-based rank of the lower bound among n values; 0 means −∞. */
export function lowerRank(coverage: number, n: number): number {
  return Math.floor((1 - coverage) * (n + 1) + RANK_EPSILON);
}

/** 1-based rank of the upper bound among n values; n + 1 means +∞. */
export function upperRank(coverage: number, n: number): number {
  return Math.ceil(coverage * (n + 1) - RANK_EPSILON);
}

/** Smallest group size for which a coverage gives a finite interval (RUNTIME.md: ⌈1/α⌉ − 1). */
export function minimumGroupSize(coverage: number): number {
  const bounded = (n: number) => lowerRank(coverage, n) >= 1 && upperRank(coverage, n) <= n;
  // Both ranks fit from about c/α on (α = 1 − c): start there and settle the rounding with a few
  // steps, since counting up from 1 took 1/α steps, a hang at --coverage 0.9999999999.
  let n = Math.max(1, Math.floor(coverage / (1 - coverage)) - 2);
  while (n > 1 && bounded(n - 1)) n--;
  while (!bounded(n)) n++;
  return n;
}

/** One calibration group: its residuals split by fold, each run sorted ascending. */
export class CalibrationGroup {
  readonly n: number;
  /** Scratch arrays of rankValue and median, reused: allocating them per prediction costs more than the work. */
  private readonly taken: Int32Array;
  private readonly order: Int32Array;
  /** residualQuantile by coverage. */
  private readonly quantiles = new Map<number, number>();
  /** The folds of the two middle ranks the last findMedian found. */
  private lowFold = 0;
  private highFold = 0;

  /**
   * `floors`: groups of chemistry this group's is at least as new as (`atLeast` in the conformal file:
   * `pair-far` over `pair-new`). Its interval is the hull of its own CV+ interval and theirs, so it is
   * never narrower than theirs, and it still covers at least its own interval's 1 − α: a far pair's
   * residuals, fewer in the tail than a merely new pair's, must not lend it the narrower interval.
   */
  constructor(
    readonly residualsByFold: readonly Float64Array[],
    readonly floors: readonly CalibrationGroup[] = [],
  ) {
    this.taken = new Int32Array(residualsByFold.length);
    this.order = new Int32Array(residualsByFold.length);
    // A group without points (a conformal file's `n: 0`, chemistry no calibration point resembles)
    // is unbounded at every coverage: both ranks fall outside 1…n.
    this.n = residualsByFold.reduce((s, r) => s + r.length, 0);
  }

  /**
   * Whether `median` weights each fold by its number of points in this group. A group without
   * points has nothing to weight by: its median is the plain median of the K fold predictions, the
   * ONNX graph's own point.
   */
  get weightsFolds(): boolean {
    return this.n > 0;
  }

  static fromResiduals(folds: number, residuals: ArrayLike<number>, fold: ArrayLike<number>, floors: readonly CalibrationGroup[] = []): CalibrationGroup {
    const byFold: number[][] = Array.from({ length: folds }, () => []);
    for (let i = 0; i < residuals.length; i++) byFold[fold[i]].push(residuals[i]);
    return new CalibrationGroup(
      byFold.map((r) => Float64Array.from(r).sort()),
      floors,
    );
  }

  /**
   * The CV+ interval for one x. `foldPredictions[k]` is μ̂₋ₖ(x); it is read at
   * `foldPredictions[offset + k]` so a row of a batch output can be passed without copying.
   */
  interval(foldPredictions: ArrayLike<number>, coverage: number, offset = 0): Interval {
    if (!(coverage > 0 && coverage < 1)) throw new RangeError(`coverage must lie strictly between 0 and 1, got ${coverage}`);
    const lo = lowerRank(coverage, this.n);
    const hi = upperRank(coverage, this.n);
    const own = {
      lower: lo < 1 ? -Infinity : this.rankValue(foldPredictions, offset, -1, lo),
      upper: hi > this.n ? Infinity : this.rankValue(foldPredictions, offset, 1, hi),
    };
    for (const floor of this.floors) {
      const other = floor.interval(foldPredictions, coverage, offset);
      own.lower = Math.min(own.lower, other.lower);
      own.upper = Math.max(own.upper, other.upper);
    }
    return own;
  }

  /** The ⌈coverage·(n+1)⌉-th smallest residual (+∞ where that rank is above n): the half-width of a residual's interval about a fixed point. */
  residualQuantile(coverage: number): number {
    // One coverage serves a whole batch: found once, not per prediction.
    let value = this.quantiles.get(coverage);
    if (value === undefined) {
      const hi = upperRank(coverage, this.n);
      value = hi > this.n ? Infinity : this.rankValue(new Float64Array(this.residualsByFold.length), 0, 1, hi);
      for (const floor of this.floors) value = Math.max(value, floor.residualQuantile(coverage));
      this.quantiles.set(coverage, value);
    }
    return value;
  }

  /**
   * The calibration-weighted median of the fold predictions μ̂₋ₖ₍ᵢ₎(x) over this group's points
   * (module comment: it lies inside `interval` for every coverage ≥ 0.5), or, where the group holds
   * none (`weightsFolds` false), the plain median of the K fold predictions. Same `offset` as `interval`.
   */
  median(foldPredictions: ArrayLike<number>, offset = 0): number {
    this.findMedian(foldPredictions, offset);
    return (foldPredictions[offset + this.lowFold] + foldPredictions[offset + this.highFold]) / 2;
  }

  /**
   * The fold models whose predictions `median` is the mean of: one fold twice, or the two folds
   * that hold the two middle ranks (an even count of points whose middle falls between two folds).
   * The point is then the output of that fold model, or the mean of those two models' outputs, so it
   * is broken into terms as their model is (siteTerms.ts). Same `offset` as `interval`.
   */
  medianFolds(foldPredictions: ArrayLike<number>, offset = 0): [number, number] {
    this.findMedian(foldPredictions, offset);
    return [this.lowFold, this.highFold];
  }

  /** The folds of the two middle ranks of `median` (module comment), left in lowFold and highFold: no allocation per prediction. */
  private findMedian(foldPredictions: ArrayLike<number>, offset: number): void {
    const runs = this.residualsByFold;
    // The folds holding points of this group, by prediction (insertion sort: K is about 5).
    const order = this.order;
    let folds = 0;
    for (let k = 0; k < runs.length; k++) {
      if (runs[k].length === 0 && this.weightsFolds) continue;
      let i = folds++;
      while (i > 0 && foldPredictions[offset + order[i - 1]] > foldPredictions[offset + k]) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = k;
    }
    // Ranks are asked for in increasing order, so one walk over the sorted folds serves both
    // (written out, without closures: this runs for every prediction of a batch).
    // Without points no fold is weighted by them: each weighs one, as in the ONNX graph's plain median.
    const weighted = this.weightsFolds;
    const total = weighted ? this.n : folds;
    let seen = 0;
    let next = 0;
    while (seen < Math.ceil(total / 2)) {
      const k = order[next++];
      seen += weighted ? runs[k].length : 1;
    }
    this.lowFold = order[next - 1];
    while (seen < Math.floor(total / 2) + 1) {
      const k = order[next++];
      seen += weighted ? runs[k].length : 1;
    }
    this.highFold = order[next - 1];
  }

  /**
   * The rank-th smallest (1-based) of { μ̂₋ₖ₍ᵢ₎(x) + sign·R_i }, walking from whichever end is
   * nearer. Each fold's values, read in walking order, form a sorted run (from the large end they
   * are negated, so that the smallest is wanted either way, and negated back exactly at the end).
   * While the rank r sought among the values left is above 4K, a step looks m = ⌊(r − 1)/K⌋ values
   * into each run and drops the first m of the run whose m-th value is smallest: sorted, those m
   * come within the first m + (K − 1)(m − 1) ≤ r − 1 places (no other run has m values below it),
   * so the rank-r value is not among them and is the rank r − m value of what is left. That reads
   * about K·log(r) values instead of the K·r of a merge; the last 4K or fewer ranks go one value at
   * a time (m = 1, a merge of the runs' heads), where that is the faster. E_form's largest groups
   * (1,166 points, r = 117 at 90 %): 1.2 µs an interval against 3.3 µs for the merge alone; its
   * site groups (100 and 90 points) stay a merge.
   */
  private rankValue(pred: ArrayLike<number>, offset: number, sign: 1 | -1, rank: number): number {
    const runs = this.residualsByFold;
    const K = runs.length;
    const fromSmallEnd = rank <= this.n - rank + 1;
    // Walking values upward: with sign +1 residuals go upward, with −1 downward (and vice versa).
    const residualsUpward = (sign === 1) === fromSmallEnd;
    const flip = fromSmallEnd ? 1 : -1;
    const taken = this.taken;
    taken.fill(0);
    let r = fromSmallEnd ? rank : this.n - rank + 1;
    let value = NaN;
    while (r > 0) {
      // Far from the rank a block at a time; within 4K of it one value at a time (a K-way merge).
      const m = r > 4 * K ? Math.floor((r - 1) / K) : 1;
      let dropK = -1;
      let dropCount = 0;
      for (let k = 0; k < K; k++) {
        const run = runs[k];
        const count = Math.min(m, run.length - taken[k]);
        if (count === 0) continue;
        const t = taken[k] + count - 1;
        const v = flip * (pred[offset + k] + sign * (residualsUpward ? run[t] : run[run.length - 1 - t]));
        if (dropK < 0 || v < value) {
          dropK = k;
          dropCount = count;
          value = v;
        }
      }
      taken[dropK] += dropCount;
      r -= dropCount;
    }
    return flip * value;
  }
}

/**
 * The interval of a bimetallic row whose error no one group's residuals hold (noveltyGroup.ts
 * composition): the mixing term's error plus the size term's, which is the composition-weighted mean
 * of its elements' laws and so misses by no more than the worse of them. It is the CV+ interval of
 * `mixing` at coverage 1 − α/2, widened on both sides by the largest of the size groups' residual
 * quantiles at 1 − α/(2m) (m size parts, one per element). By the union bound the m + 1 parts miss
 * together at most α/2 + m·α/(2m) = α whatever their dependence, so the interval covers at least
 * 1 − α where each part's own does, and it is never narrower than a pure cluster of either element at
 * that size; a group too small for its share of α leaves it unbounded. The point and its folds are
 * the mixing group's (the size term is the same in every fold model). A ligand shell or support whose
 * bare core's error the environment residuals leave out (noveltyGroup.ts) is one too: the environment
 * group in the mixing group's place, and the bare core (its group, or its own ComposedGroup, through
 * residualQuantile) as its one size part, so each takes half of α.
 */
export class ComposedGroup {
  constructor(
    readonly mixing: CalibrationGroup,
    /** Each part's residual quantile: a group's, or, for a shell's or support's bare core, its own composed one. */
    readonly size: readonly (CalibrationGroup | ComposedGroup)[],
  ) {}

  /**
   * The half-width of this interval's parts about a fixed point at `coverage`: the mixing group's
   * residual quantile at its share plus the largest size part's at theirs. A shell or support whose
   * bare core's error the environment residuals leave out (noveltyGroup.ts) widens the environment
   * group's interval by it, as a size part.
   */
  residualQuantile(coverage: number): number {
    const levels = composedLevels(coverage, this.size.length);
    return this.mixing.residualQuantile(levels.mixing) + Math.max(...this.size.map((group) => group.residualQuantile(levels.size)));
  }

  /** The mixing group's points, or 0 where a part holds none: no coverage bounds the interval then (BM405 says so). */
  get n(): number {
    return this.size.some((group) => group.n === 0) ? 0 : this.mixing.n;
  }

  get weightsFolds(): boolean {
    return this.mixing.weightsFolds;
  }

  interval(foldPredictions: ArrayLike<number>, coverage: number, offset = 0): Interval {
    const levels = composedLevels(coverage, this.size.length);
    const inner = this.mixing.interval(foldPredictions, levels.mixing, offset);
    const widen = Math.max(...this.size.map((group) => group.residualQuantile(levels.size)));
    return { lower: inner.lower - widen, upper: inner.upper + widen };
  }

  median(foldPredictions: ArrayLike<number>, offset = 0): number {
    return this.mixing.median(foldPredictions, offset);
  }

  medianFolds(foldPredictions: ArrayLike<number>, offset = 0): [number, number] {
    return this.mixing.medianFolds(foldPredictions, offset);
  }
}

/**
 * One group of a composed interval, as MondrianCvPlus composed it: what it is to the interval
 * (`role`), its name in the conformal file, its points, and its share of α (its residuals are taken
 * at 1 − α/share, levelAtShare). The mixing group takes 2 and each of m size groups 2m; a shell's or
 * support's environment group takes 2, and its bare core's parts twice their own.
 */
export interface ComposedPart {
  /**
   * `environment`: a shell's or support's environment group; `core`: its bare core's one group;
   * `mixing` and `size`: a bimetallic core's mixing group and each element's size group (host first),
   * the bare core's where an environment part comes first.
   */
  readonly role: 'environment' | 'core' | 'mixing' | 'size';
  readonly group: string;
  readonly points: number;
  readonly share: number;
}

/** The coverage of the mixing part and of each of `parts` size parts of a composed interval at `coverage` (ComposedGroup). */
export function composedLevels(coverage: number, parts: number): { mixing: number; size: number } {
  const shares = composedShares(parts);
  return { mixing: levelAtShare(coverage, shares.mixing), size: levelAtShare(coverage, shares.size) };
}

/** The union bound's split of α in a composed interval: the mixing group's residuals at 1 − α/2, each of `parts` size groups' at 1 − α/(2·parts). */
export function composedShares(parts: number): { mixing: number; size: number } {
  return { mixing: 2, size: 2 * parts };
}

/** The level residuals are taken at for a part given α/`share` of the miss at `coverage`. */
export function levelAtShare(coverage: number, share: number): number {
  return 1 - (1 - coverage) / share;
}

/** How a row's Mondrian group key is computed (the `groupBy` of the conformal file). */
export type GroupKeyFn = (row: ArrayLike<number>, rowOffset: number, point: number) => string;

/** What a groupBy form may need beyond the feature names. */
export interface GroupByContext {
  /** The `"novelty"` key of a row and the composition of its error, where it has one (noveltyGroup.ts noveltyOf), built from the card domain and the energy terms. */
  novelty?: NoveltyFn;
}

/** A row's `"novelty"` key, and the groups its interval is composed of where no one group's residuals hold its error. */
export type NoveltyFn = (row: ArrayLike<number>, rowOffset: number) => { key: string; composition?: CompositionKeys };

/** The keys of a composition (noveltyGroup.ts Composition): an environment part, if any, widened by the bare core's; else the mixing part widened by the size parts. */
export interface CompositionKeys {
  environment?: string;
  mixing: string;
  size: readonly string[];
}

/**
 * Parses `groupBy`. Supported forms — the contract with training/ — are:
 *  - `"none"`: one group for every recipe;
 *  - `"ligands"`: `"bare"` where `ligands_per_metal` is 0; a shell over part of the surface
 *    (0 < `ligand_coverage` < 1) `"ligand-partial"`; a full shell `"ligated"` where the binding
 *    strength of each of its binding atoms on both metals was measured (`ligand_affinity_known`),
 *    else `"ligand-unmeasured"` (a phosphine, a halide, a metal the adsorbate table lacks): the site
 *    model calibrates bare surfaces, measured shells and shells whose pull it cannot see apart, and
 *    no slab measured a partial shell;
 *  - `"novelty"`: how new the row's chemistry is (noveltyGroup.ts), given in `context`;
 *  - `"feature:NAME"`: the value of feature NAME (an integer-coded or one-hot feature), written as
 *    a decimal number with at most 6 significant digits, e.g. `"feature:dopant_period"` → `"5"`;
 *  - `"predicted:E1,E2,…"` (ascending edges): `"bin<i>"`, i = the number of edges ≤ the point
 *    prediction — the second paper's "Mondrian by predicted value".
 */
export function parseGroupBy(groupBy: string, featureNames: readonly string[], context: GroupByContext = {}): GroupKeyFn {
  if (groupBy === 'none') return () => 'all';
  if (groupBy === 'ligands') return ligandShellKeys(featureNames).key;
  if (groupBy === 'novelty') {
    const { novelty } = context;
    if (!novelty) throw new Error('groupBy "novelty" needs the model card\'s domain.pairs and the energy terms file (models/FORMAT.md)');
    return (row, rowOffset) => novelty(row, rowOffset).key;
  }
  const feature = /^feature:(.+)$/.exec(groupBy);
  if (feature) {
    const index = featureNames.indexOf(feature[1]);
    if (index < 0) throw new Error(`groupBy "${groupBy}" names a feature the model does not use`);
    const width = featureNames.length;
    return (row, rowOffset) => String(toSignificant(row[rowOffset * width + index], 6));
  }
  const predicted = /^predicted:(.+)$/.exec(groupBy);
  if (predicted) {
    const edges = predicted[1].split(',').map(Number);
    if (edges.some((e) => !Number.isFinite(e)) || edges.some((e, i) => i > 0 && e < edges[i - 1])) {
      throw new Error(`groupBy "${groupBy}" must list ascending finite numbers`);
    }
    return (_row, _offset, point) => `bin${edges.filter((e) => e <= point).length}`;
  }
  throw new Error(`unsupported groupBy "${groupBy}" (expected "none", "ligands", "novelty", "feature:NAME" or "predicted:E1,E2,…")`);
}

/**
 * The `"ligands"` key of a row, and, for a shell over part of the surface, its coverage θ with the key
 * the same shell takes complete (θ = 1): the point of a partial shell runs from a bare surface's to a
 * full shell's (pointOf), so it is continuous where the first ligand comes and where the shell completes.
 */
function ligandShellKeys(featureNames: readonly string[]): { key: GroupKeyFn; completion: CompletionFn } {
  const ligands = featureNames.indexOf('ligands_per_metal');
  const known = featureNames.indexOf('ligand_affinity_known');
  const coverage = featureNames.indexOf('ligand_coverage');
  if (ligands < 0 || known < 0 || coverage < 0) {
    throw new Error('groupBy "ligands" needs features "ligands_per_metal", "ligand_affinity_known" and "ligand_coverage", which the model does not all use');
  }
  const width = featureNames.length;
  const complete = (row: ArrayLike<number>, r: number) => (row[r * width + known] > 0 ? 'ligated' : 'ligand-unmeasured');
  return {
    key: (row, r) => {
      if (!(row[r * width + ligands] > 0)) return 'bare';
      if (row[r * width + coverage] < 1) return 'ligand-partial';
      return complete(row, r);
    },
    completion: (row, r) => {
      const theta = row[r * width + coverage];
      return row[r * width + ligands] > 0 && theta < 1 ? { share: Math.max(0, theta), key: complete(row, r) } : undefined;
    },
  };
}

/** A partial shell's θ and the key its shell takes complete; undefined for a row that is no partial shell. */
type CompletionFn = (row: ArrayLike<number>, rowOffset: number) => { share: number; key: string } | undefined;

/** What gives a row its interval and point: one group, or a composition of groups. */
export type IntervalGroup = CalibrationGroup | ComposedGroup;

/** The result of resolving a recipe's Mondrian group. */
export interface GroupChoice {
  group: IntervalGroup;
  /**
   * Calibration group name, or undefined when the recipe's key matched no group (pooled); for a
   * composed interval the mixing group's and each element's size group's (host first), joined by
   * ' + '; for a shell or support composed with its bare core, the environment group's, ' + ', and
   * the bare core's name in brackets, `environment + (pair-new + small-6-8 + small-6-8)`. For people:
   * a group's own name may hold ' + ' or brackets, so readers take the groups from `parts`.
   */
  name: string | undefined;
  key: string;
  /** Whether the group serves several keys (the conformal file's `members`) or is composed of groups, so its name alone does not say which rule placed the recipe. */
  shared: boolean;
  /** A composed interval's groups, in the order its name lists them; empty for one group or the pooled set. */
  parts: readonly ComposedPart[];
  /**
   * A shell over part of the surface (groupBy `"ligands"`): the group the same shell takes complete and
   * θ (`share`, the row's `ligand_coverage`). Its point is (1 − θ) times `group`'s median plus θ times
   * this group's (pointOf); its interval stays `group`'s.
   */
  complete?: { group: CalibrationGroup; name: string; share: number };
}

/**
 * A row's point from its fold outputs: its group's calibration-weighted median, or, for a shell over
 * part of the surface, (1 − θ) times that plus θ times the median weighted as the complete shell's. At
 * θ = 0 it is a bare surface's point and at θ = 1 a full shell's, with no step at either end; inside
 * `interval` (coverage ≥ 0.5) since each median lies inside its group's interval, and the partial
 * shell's is the hull of both (its `atLeast`).
 */
export function pointOf(choice: Pick<GroupChoice, 'group' | 'complete'>, foldPredictions: ArrayLike<number>, offset = 0): number {
  const own = choice.group.median(foldPredictions, offset);
  const { complete } = choice;
  return complete ? (1 - complete.share) * own + complete.share * complete.group.median(foldPredictions, offset) : own;
}

const COMPOSED_SEPARATOR = ' + ';

const NO_PARTS: readonly ComposedPart[] = [];

/** A composed group with the name and parts a choice reports. */
interface Composed {
  group: ComposedGroup;
  name: string;
  parts: readonly ComposedPart[];
}

/** A step of the composed groups' tree (MondrianCvPlus.composedGroup): the groups after the parts walked so far. */
interface ComposedNode {
  next: Map<CalibrationGroup, ComposedNode>;
  composed?: Composed;
}

/** All calibration data of one model: groups, and the pooled set used for unseen group keys. */
export class MondrianCvPlus {
  private constructor(
    readonly folds: number,
    private readonly groupsByKey: ReadonlyMap<string, { name: string; group: CalibrationGroup; shared: boolean }>,
    readonly pooled: CalibrationGroup,
    readonly groupKey: GroupKeyFn,
    /** The conformal file's `groupBy`, for messages. */
    readonly groupBy: string,
    /** For `groupBy` "novelty": the key and the composition in one pass, in place of groupKey. */
    private readonly novelty?: NoveltyFn,
    /** For `groupBy` "ligands": a partial shell's θ and its complete shell's key (GroupChoice.complete). */
    private readonly completion?: CompletionFn,
  ) {}

  /**
   * Composed groups by their parts' groups, walked part by part (the mixing group, then each size
   * group; a shell's environment group first, in a tree of its own): a batch has few, asked for per
   * row, and the walk finds one without joining the parts' names into a key per row.
   */
  private readonly composedBare: ComposedNode = { next: new Map() };
  private readonly composedShells: ComposedNode = { next: new Map() };

  static fromFile(file: unknown, featureNames: readonly string[], context: GroupByContext = {}): MondrianCvPlus {
    const { file: c, floorsFirst } = validateConformalFile(file);
    const groupKey = parseGroupBy(c.groupBy, featureNames, context);
    const byKey = new Map<string, { name: string; group: CalibrationGroup; shared: boolean }>();
    const byName = new Map<string, CalibrationGroup>();
    const groupNamed = (name: string): CalibrationGroup => {
      let group = byName.get(name);
      if (group) return group;
      const info = c.groups[name];
      const picked = c.group.map((g, i) => (g === name ? i : -1)).filter((i) => i >= 0);
      // Groups are made floors first (below), so a floor is always made already.
      const floors = (info.atLeast ?? []).map(groupNamed);
      group = CalibrationGroup.fromResiduals(
        c.folds,
        picked.map((i) => c.residuals[i]),
        picked.map((i) => c.fold[i]),
        floors,
      );
      if (group.n !== info.n) throw new Error(`conformal group "${name}" declares n = ${info.n} but has ${group.n} points`);
      byName.set(name, group);
      return group;
    };
    for (const name of floorsFirst) groupNamed(name);
    for (const [name, info] of Object.entries(c.groups)) {
      const group = groupNamed(name);
      const members = info.members ?? [name];
      for (const member of members) byKey.set(member, { name, group, shared: members.length > 1 });
    }
    const novelty = c.groupBy === 'novelty' ? context.novelty : undefined;
    const completion = c.groupBy === 'ligands' ? ligandShellKeys(featureNames).completion : undefined;
    return new MondrianCvPlus(c.folds, byKey, CalibrationGroup.fromResiduals(c.folds, c.residuals, c.fold), groupKey, c.groupBy, novelty, completion);
  }

  choose(row: ArrayLike<number>, rowOffset: number, point: number): GroupChoice {
    const novelty = this.novelty?.(row, rowOffset);
    const key = novelty ? novelty.key : this.groupKey(row, rowOffset, point);
    const composed = novelty?.composition && this.composedGroup(novelty.composition);
    if (composed) return { group: composed.group, name: composed.name, key, shared: true, parts: composed.parts };
    const found = this.groupsByKey.get(key);
    if (!found) return { group: this.pooled, name: undefined, key, shared: false, parts: NO_PARTS };
    const choice: GroupChoice = { group: found.group, name: found.name, key, shared: found.shared, parts: NO_PARTS };
    const completion = this.completion?.(row, rowOffset);
    const complete = completion && this.groupsByKey.get(completion.key);
    if (completion && complete) choice.complete = { group: complete.group, name: complete.name, share: completion.share };
    return choice;
  }

  /**
   * The composed group of these parts' keys, or undefined where the file lacks one of their groups (the
   * key's own then serves).
   */
  private composedGroup(keys: CompositionKeys): Composed | undefined {
    let node = keys.environment === undefined ? this.composedBare : this.nextNode(this.composedShells, keys.environment);
    if (node) node = this.nextNode(node, keys.mixing);
    for (let i = 0; node && i < keys.size.length; i++) node = this.nextNode(node, keys.size[i]);
    if (!node) return undefined;
    return (node.composed ??= this.compose(keys));
  }

  /** The step from `node` by the group of `key`, or undefined where the file has none. */
  private nextNode(node: ComposedNode, key: string): ComposedNode | undefined {
    const group = this.groupsByKey.get(key)?.group;
    if (!group) return undefined;
    let next = node.next.get(group);
    if (!next) node.next.set(group, (next = { next: new Map() }));
    return next;
  }

  /**
   * The composed group of keys whose groups the file all has, with its name and parts. With an
   * environment part: its group widened by the bare core's, the core's own composed group where it
   * has size parts (whose parts then split the core's share of α again), else its one group.
   */
  private compose(keys: CompositionKeys): Composed {
    const entry = (key: string) => this.groupsByKey.get(key)!;
    const part = (role: ComposedPart['role'], { name, group }: { name: string; group: CalibrationGroup }, share: number): ComposedPart => ({ role, group: name, points: group.n, share });
    const mixing = entry(keys.mixing);
    if (keys.environment !== undefined) {
      const environment = entry(keys.environment);
      const core = keys.size.length > 0 ? this.composedGroup({ mixing: keys.mixing, size: keys.size })! : undefined;
      const shares = composedShares(1);
      return {
        group: new ComposedGroup(environment.group, [core?.group ?? mixing.group]),
        name: `${environment.name}${COMPOSED_SEPARATOR}(${core?.name ?? mixing.name})`,
        parts: [part('environment', environment, shares.mixing), ...(core ? core.parts.map((p) => ({ ...p, share: p.share * shares.size })) : [part('core', mixing, shares.size)])],
      };
    }
    const size = keys.size.map(entry);
    const shares = composedShares(size.length);
    return {
      group: new ComposedGroup(mixing.group, size.map((p) => p.group)),
      name: [mixing.name, ...size.map((p) => p.name)].join(COMPOSED_SEPARATOR),
      parts: [part('mixing', mixing, shares.mixing), ...size.map((p) => part('size', p, shares.size))],
    };
  }
}

/** The file, and its groups' names with each group after the groups it is at least (`atLeast`). */
function validateConformalFile(file: unknown): { file: ConformalFile; floorsFirst: string[] } {
  const c = file as Partial<ConformalFile> | null;
  const fail = (why: string): never => {
    throw new Error(`invalid conformal file: ${why}`);
  };
  if (!c || typeof c !== 'object') return fail('not a JSON object');
  if (c.method !== 'cv+') fail(`method must be "cv+", got ${JSON.stringify(c.method)}`);
  if (!Number.isInteger(c.folds) || (c.folds as number) < 2) fail('folds must be an integer ≥ 2');
  const folds = c.folds as number;
  if (!Array.isArray(c.residuals) || !Array.isArray(c.fold) || !Array.isArray(c.group)) fail('residuals, fold and group must be arrays');
  const residuals = c.residuals as number[];
  if (residuals.length === 0) fail('no calibration points');
  if ((c.fold as number[]).length !== residuals.length || (c.group as string[]).length !== residuals.length) {
    fail('residuals, fold and group must have one entry per training point');
  }
  if (residuals.some((r) => typeof r !== 'number' || !Number.isFinite(r) || r < 0)) fail('residuals must be finite numbers ≥ 0');
  if ((c.fold as number[]).some((k) => !Number.isInteger(k) || k < 0 || k >= folds)) fail(`fold indices must be integers in [0, ${folds})`);
  if (typeof c.groupBy !== 'string') fail('groupBy must be a string');
  if (!c.groups || typeof c.groups !== 'object') fail('groups must be an object');
  const groups = c.groups as ConformalFile['groups'];
  for (const g of c.group as string[]) if (!(g in groups)) fail(`group "${g}" is not listed in groups`);
  for (const [name, info] of Object.entries(groups)) {
    if (!info || typeof info !== 'object' || Array.isArray(info)) fail(`group "${name}" must be an object`);
    const atLeast = info.atLeast ?? [];
    if (!Array.isArray(atLeast) || atLeast.some((f) => typeof f !== 'string' || !Object.hasOwn(groups, f))) fail(`group "${name}": atLeast must list groups of the file`);
  }
  // No group may be its own floor through others: a depth-first walk, kept on a trail of its own (a
  // chain of 5,000 groups overflowed the call stack), that lists every group after its floors.
  const floorsFirst: string[] = [];
  const walked = new Map<string, 'open' | 'done'>();
  for (const start of Object.keys(groups)) {
    if (walked.has(start)) continue;
    walked.set(start, 'open');
    const trail = [{ name: start, next: 0 }];
    while (trail.length > 0) {
      const at = trail[trail.length - 1];
      const floors = groups[at.name].atLeast ?? [];
      if (at.next === floors.length) {
        trail.pop();
        walked.set(at.name, 'done');
        floorsFirst.push(at.name);
        continue;
      }
      const floor = floors[at.next++];
      if (walked.get(floor) === 'open') fail(`group "${floor}" is at least itself through atLeast`);
      if (!walked.has(floor)) {
        walked.set(floor, 'open');
        trail.push({ name: floor, next: 0 });
      }
    }
  }
  return { file: c as ConformalFile, floorsFirst };
}
