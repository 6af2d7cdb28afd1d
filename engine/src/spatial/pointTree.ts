/**
 * An exact nearest-point search over points that each belong to a fold: a k-d tree, built once over
 * the points, whose query evaluates the points and boxes near it, not all N. Two users, neither of
 * which owns it: the calibration searches its labels (scaled features, calibration/features.ts) by it,
 * with a fold of labels left out for a held-out distance (fit.ts, calibrator.ts), and the geometry
 * searches a structure's atoms (AtomSearch, geometry/neighbours.ts), each atom its own fold, so that
 * the nearest point outside atom i's fold is its closest other atom. (On the audit's 20,000 labels,
 * a label's held-out search evaluates about 800 labels and boxes; the brute-force scan it replaced,
 * test/helpers/nearestLabels.ts, evaluated all of them for every query.)
 *
 * Exactness, to the bit: every point's squared distance is the same differences, squared and summed
 * in coordinate order, as a scan computes it, and the minimum of a set does not depend on the order
 * it is visited in, so `overall` and `without(k)` are the very numbers a scan gives. A subtree is
 * skipped only when its box's lower bound is at least the best so far; the bound sums, in the same
 * order, a term per coordinate that is never above the point's own (z − lo or z − hi instead of
 * z − p, with p beyond that face, or 0: floating-point subtraction, squaring and addition are
 * monotone), so it never exceeds any of its points' computed distances and no smaller one is
 * skipped. Equal distances in two folds give the same answers whichever fold is taken as the
 * nearest (the second-best fold's minimum is then that same distance).
 */

/** Nearest-point distances of one query, overall and with each fold left out. */
export interface NearestDistances {
  /** Nearest distance to any point. */
  readonly overall: number;
  /** Nearest distance to a point outside fold k. */
  without(k: number): number;
}

/**
 * A tally of the distance evaluations (a point's or a box's) that a tree's searches make: a
 * statistic for tests and profiling. Whoever wants the work of several trees (a whole structure
 * read) passes them one tally; each tree otherwise keeps its own.
 */
export interface SearchWork {
  evaluations: number;
}

/** Points per leaf: below this a node is not split. */
const LEAF_SIZE = 8;
/** Fold value of a node whose points lie in more than one fold, and of no point found: equal to no fold. */
const MIXED = NaN;

export class PointTree {

  private readonly dim: number;
  /** Point coordinates in tree order, `dim` per point. */
  private readonly coords: Float64Array;
  /** Fold of each point in tree order. */
  private readonly folds: Float64Array;
  /** Per node: first point and one past its last (tree order), children (−1 for a leaf). */
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** Per inner node: the coordinate it is split on, and the coordinate its right child's points start at. */
  private readonly axis: Int32Array;
  private readonly split: Float64Array;
  /** Per node: its points' bounding box, `dim` lows then `dim` highs. */
  private readonly box: Float64Array;
  /** Per node: the fold all its points share, or MIXED. */
  private readonly nodeFold: Float64Array;
  /** Each point's index among the constructor's points, in tree order. */
  private readonly index: Int32Array;
  private nodes = 0;
  /** Work stack of node indices, reused by every query (queries are synchronous). */
  private stack: Int32Array;

  constructor(
    points: readonly (readonly number[])[],
    fold: readonly number[],
    /** Where the searches count their work. */
    readonly work: SearchWork = { evaluations: 0 },
  ) {
    const n = points.length;
    const dim = n > 0 ? points[0].length : 0;
    this.dim = dim;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // A node is split only above LEAF_SIZE points, so every leaf holds at least LEAF_SIZE / 2 (or is the root).
    const capacity = Math.max(1, 2 * Math.ceil(n / (LEAF_SIZE / 2)) + 1);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.axis = new Int32Array(capacity);
    this.split = new Float64Array(capacity);
    this.box = new Float64Array(capacity * 2 * dim);
    this.nodeFold = new Float64Array(capacity);
    this.stack = new Int32Array(64);
    if (n > 0) this.build(points, fold, order, 0, n);
    this.index = order;
    this.coords = new Float64Array(n * dim);
    this.folds = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = points[order[i]];
      for (let j = 0; j < dim; j++) this.coords[i * dim + j] = p[j];
      this.folds[i] = fold[order[i]];
    }
  }

  /** Nearest-point distances of z (a scan's `overall` and `without(k)`, to the bit). */
  nearest(z: readonly number[]): NearestDistances {
    const overall = this.search(z, NaN, 0);
    const nearestFold = this.foundFold;
    // Another fold's minimum: the nearest point outside the nearest point's fold. No point at all
    // (Infinity overall) leaves nothing to exclude.
    const second = Number.isNaN(nearestFold) ? Infinity : this.search(z, nearestFold, 0);
    const best = Math.sqrt(overall);
    const other = Math.sqrt(second);
    return { overall: best, without: (k: number) => (k === nearestFold ? other : best) };
  }

  /**
   * Nearest distance from z to a point outside fold k: `nearest(z).without(k)` in one search (the
   * minimum over those points is what both are).
   */
  without(z: readonly number[], k: number): number {
    return Math.sqrt(this.search(z, k, 0));
  }

  /**
   * The nearest point outside fold k: its squared distance, as `without(z, k)` squares it before the
   * root (the bits a comparison of squared distances needs), and its fold (NaN where there is none).
   */
  nearestWithout(z: readonly number[], k: number): { squaredDistance: number; fold: number } {
    const squaredDistance = this.search(z, k, 0);
    return { squaredDistance, fold: this.foundFold };
  }

  /**
   * Calls `visit` for each point within squared distance `reachSq` of z, with its index among the
   * constructor's points and its squared distance (computed as `search` computes it), in tree
   * order. `visit` must not query the tree: the queries share one work stack.
   */
  within(z: readonly number[], reachSq: number, visit: (point: number, squaredDistance: number) => void): void {
    let evaluations = 0;
    let stack = this.stack;
    let top = 0;
    if (this.nodes > 0) stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      evaluations++;
      if (this.lowerBound(node, z) > reachSq) continue;
      const l = this.left[node];
      if (l < 0) {
        const end = this.end[node];
        for (let i = this.start[node]; i < end; i++) {
          const sum = this.pointDistance(i, z);
          evaluations++;
          if (sum <= reachSq) visit(this.index[i], sum);
        }
        continue;
      }
      if (top + 2 > stack.length) stack = this.grownStack();
      stack[top++] = this.right[node];
      stack[top++] = l;
    }
    this.work.evaluations += evaluations;
  }

  /**
   * The squared distance from z to the nearest point, or to the first one the search finds not above
   * `enough`: for a caller to whom any point that near is as good as the nearest (calibration/fade.ts).
   */
  nearestSquaredUpTo(z: readonly number[], enough: number): number {
    return this.search(z, NaN, enough);
  }

  /** Fold of the point the last search found (MIXED where it found none). */
  private foundFold = MIXED;

  /**
   * Smallest squared distance from z to a point outside fold `excluded` (NaN excludes none),
   * Infinity where there is none; the search ends early at one not above `enough`.
   */
  private search(z: readonly number[], excluded: number, enough: number): number {
    let best = Infinity;
    let bestFold = MIXED;
    let evaluations = 0;
    let stack = this.stack;
    let top = 0;
    if (this.nodes > 0) stack[top++] = 0;
    while (top > 0 && best > enough) {
      const node = stack[--top];
      if (this.nodeFold[node] === excluded) continue;
      evaluations++;
      if (this.lowerBound(node, z) >= best) continue;
      const l = this.left[node];
      if (l < 0) {
        const end = this.end[node];
        for (let i = this.start[node]; i < end; i++) {
          const k = this.folds[i];
          if (k === excluded) continue;
          const sum = this.pointDistance(i, z);
          evaluations++;
          if (sum < best) {
            best = sum;
            bestFold = k;
            // Many points at one place make one leaf: a search from one of them stops at the first other.
            if (best <= enough) break;
          }
        }
        continue;
      }
      const r = this.right[node];
      if (top + 2 > stack.length) stack = this.grownStack();
      // The child on z's side of the split is searched first (pushed last): any order is exact, this one is fast.
      if (z[this.axis[node]] < this.split[node]) {
        stack[top++] = r;
        stack[top++] = l;
      } else {
        stack[top++] = l;
        stack[top++] = r;
      }
    }
    this.work.evaluations += evaluations;
    this.foundFold = bestFold;
    return best;
  }

  /** The work stack, made twice as long (its entries kept). */
  private grownStack(): Int32Array {
    const grown = new Int32Array(this.stack.length * 2);
    grown.set(this.stack);
    return (this.stack = grown);
  }

  /** The squared distance from z to the point at tree position i, summed in coordinate order. */
  private pointDistance(i: number, z: readonly number[]): number {
    const dim = this.dim;
    const base = i * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) {
      const d = z[j] - this.coords[base + j];
      sum += d * d;
    }
    return sum;
  }

  /** The lower bound of the squared distance from z to the points in a node's box (module comment), summed in coordinate order as their distances are. */
  private lowerBound(node: number, z: readonly number[]): number {
    const dim = this.dim;
    const box = this.box;
    const lo = node * 2 * dim;
    const hi = lo + dim;
    let bound = 0;
    for (let j = 0; j < dim; j++) {
      const v = z[j];
      const a = box[lo + j];
      if (v < a) {
        const d = v - a;
        bound += d * d;
      } else {
        const b = box[hi + j];
        if (v > b) {
          const d = v - b;
          bound += d * d;
        }
      }
    }
    return bound;
  }

  /** Builds the node for order[from, to) and its subtree; returns its index. */
  private build(points: readonly (readonly number[])[], fold: readonly number[], order: Int32Array, from: number, to: number): number {
    const node = this.nodes++;
    const dim = this.dim;
    const lo = node * 2 * dim;
    const hi = lo + dim;
    for (let j = 0; j < dim; j++) {
      this.box[lo + j] = Infinity;
      this.box[hi + j] = -Infinity;
    }
    let shared: number = fold[order[from]];
    for (let i = from; i < to; i++) {
      const p = points[order[i]];
      for (let j = 0; j < dim; j++) {
        if (p[j] < this.box[lo + j]) this.box[lo + j] = p[j];
        if (p[j] > this.box[hi + j]) this.box[hi + j] = p[j];
      }
      if (fold[order[i]] !== shared) shared = MIXED;
    }
    this.nodeFold[node] = shared;
    this.start[node] = from;
    this.end[node] = to;
    this.left[node] = -1;
    this.right[node] = -1;
    let axis = 0;
    let widest = -1;
    for (let j = 0; j < dim; j++) {
      const spread = this.box[hi + j] - this.box[lo + j];
      if (spread > widest) {
        widest = spread;
        axis = j;
      }
    }
    // A leaf: few points, or all at one place (duplicates cannot be split).
    if (to - from <= LEAF_SIZE || !(widest > 0)) return node;
    const mid = (from + to) >>> 1;
    select(points, order, from, to, mid, axis);
    this.axis[node] = axis;
    this.split[node] = points[order[mid]][axis];
    this.left[node] = this.build(points, fold, order, from, mid);
    this.right[node] = this.build(points, fold, order, mid, to);
    return node;
  }
}

/** Reorders order[from, to) so that order[mid] holds the point of rank mid along `axis`, smaller ones before it and larger after (quickselect). */
function select(points: readonly (readonly number[])[], order: Int32Array, from: number, to: number, mid: number, axis: number): void {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const pivot = points[order[(lo + hi) >>> 1]][axis];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (points[order[i]][axis] < pivot) i++;
      while (points[order[j]][axis] > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (mid <= j) hi = j;
    else if (mid >= i) lo = i;
    else return;
  }
}
