/**
 * The residual models a calibration chooses from: y − base ≈ intercept + Σ w_j φ_j(z), fitted by
 * ridge regression with an unpenalised intercept, on scaled features z.
 *
 * - `none`: no correction at all (intercept 0): the shipped model's points as they are, so that a
 *   correction is applied only where cross-validation finds it better than none; the labels'
 *   residuals still make the intervals;
 * - `offset`: no basis functions, only the mean residual (a constant shift of the shipped model);
 * - `linear`: φ(z) = z, a ridge on the shipped features and the base prediction;
 * - `rbf`: φ_c(z) = exp(−|z − c|² / 2ℓ²) over centres c taken from the labels, i.e. kernel ridge
 *   (restricted to at most MAX_CENTRES centres so 1,000 labels fit in well under a second).
 */
import { solveSpd, squaredDistance } from './linalg';

export type BasisKind = 'none' | 'offset' | 'linear' | 'rbf';

export interface BasisSpec {
  kind: BasisKind;
  /** Ridge penalty, relative to the number of labels (so its effect does not shrink as labels grow). */
  lambda: number;
  /** RBF length scale in scaled-feature units. */
  lengthScale?: number;
}

/** A fitted residual model, as stored in a calibration file. */
export interface ResidualModel {
  kind: BasisKind;
  lengthScale?: number;
  centres?: number[][];
  intercept: number;
  weights: number[];
}

/** More centres than this add cost (n·m² per fit) but no accuracy at the smoothness CV picks. */
export const MAX_CENTRES = 120;

/** Every ⌈n/m⌉-th label: deterministic, and spread over the labels' order (families, files). */
export function pickCentres(z: readonly number[][]): number[][] {
  if (z.length <= MAX_CENTRES) return z.map((row) => [...row]);
  const step = z.length / MAX_CENTRES;
  return Array.from({ length: MAX_CENTRES }, (_, i) => [...z[Math.floor(i * step)]]);
}

export function basisRow(model: Pick<ResidualModel, 'kind' | 'lengthScale' | 'centres'>, z: readonly number[]): number[] {
  switch (model.kind) {
    case 'none':
    case 'offset':
      return [];
    case 'linear':
      return [...z];
    case 'rbf': {
      const twoL2 = 2 * (model.lengthScale as number) ** 2;
      return (model.centres as number[][]).map((c) => Math.exp(-squaredDistance(z, c) / twoL2));
    }
  }
}

export function predictResidual(model: ResidualModel, z: readonly number[]): number {
  const phi = basisRow(model, z);
  let sum = model.intercept;
  for (let j = 0; j < phi.length; j++) sum += model.weights[j] * phi[j];
  return sum;
}

/**
 * Sufficient statistics of a ridge fit over some rows: Σφ, Σr, Σφφᵀ, Σφr. Folds are fitted by
 * subtracting a fold's statistics from the total, so K folds cost one pass over the rows.
 */
export class RidgeStats {
  readonly p: number;
  n = 0;
  readonly sumPhi: Float64Array;
  sumR = 0;
  readonly gram: Float64Array;
  readonly cross: Float64Array;

  constructor(p: number) {
    this.p = p;
    this.sumPhi = new Float64Array(p);
    this.gram = new Float64Array(p * p);
    this.cross = new Float64Array(p);
  }

  add(phi: readonly number[], r: number): void {
    const p = this.p;
    this.n++;
    this.sumR += r;
    for (let i = 0; i < p; i++) {
      const pi = phi[i];
      this.sumPhi[i] += pi;
      this.cross[i] += pi * r;
      const row = i * p;
      for (let j = 0; j <= i; j++) this.gram[row + j] += pi * phi[j];
    }
  }

  minus(other: RidgeStats): RidgeStats {
    const out = new RidgeStats(this.p);
    out.n = this.n - other.n;
    out.sumR = this.sumR - other.sumR;
    for (let i = 0; i < this.p; i++) {
      out.sumPhi[i] = this.sumPhi[i] - other.sumPhi[i];
      out.cross[i] = this.cross[i] - other.cross[i];
    }
    for (let i = 0; i < this.gram.length; i++) out.gram[i] = this.gram[i] - other.gram[i];
    return out;
  }

  /** Ridge weights on centred φ and r, penalty λ·n; the intercept makes the mean residual exact. */
  solve(lambda: number): { intercept: number; weights: number[] } {
    const { p, n } = this;
    const meanR = this.sumR / n;
    if (p === 0) return { intercept: meanR, weights: [] };
    const a = new Float64Array(p * p);
    const b = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const mi = this.sumPhi[i] / n;
      b[i] = this.cross[i] - n * mi * meanR;
      for (let j = 0; j <= i; j++) {
        const v = this.gram[i * p + j] - n * mi * (this.sumPhi[j] / n);
        a[i * p + j] = v;
        a[j * p + i] = v;
      }
      a[i * p + i] += lambda * n;
    }
    const w = solveSpd(a, b, p);
    let intercept = meanR;
    for (let i = 0; i < p; i++) intercept -= w[i] * (this.sumPhi[i] / n);
    return { intercept, weights: Array.from(w) };
  }
}
