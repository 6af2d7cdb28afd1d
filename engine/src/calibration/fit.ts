/**
 * Fitting a target calibration from labelled recipes: choose the residual model by grouped
 * cross-validation, no correction (the shipped model itself) being one of the candidates, then keep
 * the fold models and held-out residuals for CV+ / jackknife+.
 */
import { foldPrediction, heldOutCoverage } from './calibrator';
import { fitScaler, scaleRow } from './features';
import type { CalibrationQuality, TargetCalibration } from './file';
import { planFolds } from './folds';
import { PointTree } from '../spatial/pointTree';
import { basisRow, pickCentres, RidgeStats, type BasisSpec, type ResidualModel } from './residualModel';

export interface LabelledPoint {
  /** Raw calibration features (features.ts), the base prediction last. */
  features: number[];
  /** The shipped model's point for this recipe. */
  base: number;
  /** The user's value. */
  reference: number;
  /** Element pair, e.g. `Au-Ru`: labels of one pair share a fold. */
  group: string;
  /** The label's identity (TargetCalibration.labelKeys): a recipe that is this label is shown held out by it. */
  key: string;
}

/** Ridge penalties (× number of labels) and RBF length scales (scaled-feature units) tried by CV. */
const LAMBDAS = [0.001, 0.01, 0.1, 1];
const LENGTH_SCALES = [1, 2, 4, 8];

function candidates(): BasisSpec[] {
  const out: BasisSpec[] = [{ kind: 'none', lambda: 0 }, { kind: 'offset', lambda: 0 }];
  for (const lambda of LAMBDAS) out.push({ kind: 'linear', lambda });
  for (const lengthScale of LENGTH_SCALES) for (const lambda of LAMBDAS) out.push({ kind: 'rbf', lambda, lengthScale });
  return out;
}

function sameBasis(a: BasisSpec, b: BasisSpec): boolean {
  return a.kind === b.kind && a.lengthScale === b.lengthScale;
}

interface Evaluation {
  spec: BasisSpec;
  cvMae: number;
  foldModels: ResidualModel[];
  full: ResidualModel;
  heldOut: number[];
}

export function fitTarget(points: readonly LabelledPoint[], coverage: number): TargetCalibration {
  const n = points.length;
  if (n < 2) throw new RangeError('a calibration needs at least two labels');
  const scaler = fitScaler(points.map((p) => p.features));
  const z = points.map((p) => scaleRow(scaler, p.features));
  const plan = planFolds(points.map((p) => p.group));
  const residual = points.map((p) => p.reference - p.base);
  const labels = new PointTree(z, plan.fold);
  const heldOutDistance = z.map((row, i) => labels.without(row, plan.fold[i]));
  const centres = pickCentres(z);

  const evaluations: Evaluation[] = [];
  const specs = candidates();
  for (const spec of specs) {
    // One pass over the rows per basis; each penalty then costs only the solves.
    if (evaluations.some((e) => sameBasis(e.spec, spec))) continue;
    const shape = { kind: spec.kind, lengthScale: spec.lengthScale, centres: spec.kind === 'rbf' ? centres : undefined };
    const phi = z.map((row) => basisRow(shape, row));
    const p = phi[0].length;
    const foldStats = Array.from({ length: plan.folds }, () => new RidgeStats(p));
    const total = new RidgeStats(p);
    phi.forEach((row, i) => {
      foldStats[plan.fold[i]].add(row, residual[i]);
      total.add(row, residual[i]);
    });
    for (const s of specs.filter((c) => sameBasis(c, spec))) {
      const foldModels = foldStats.map((fs) => ({ ...shape, ...coefficients(total.minus(fs), s) }) as ResidualModel);
      const heldOut = points.map((pt, i) => foldPrediction(foldModels[plan.fold[i]], z[i], pt.base, heldOutDistance[i]));
      const cvMae = heldOut.reduce((sum, g, i) => sum + Math.abs(points[i].reference - g), 0) / n;
      const full = { ...shape, ...coefficients(total, s) } as ResidualModel;
      evaluations.push({ spec: s, cvMae, foldModels, full, heldOut });
    }
  }
  const chosen = simplestWithin(evaluations);
  const residuals = points.map((pt, i) => Math.abs(pt.reference - chosen.heldOut[i]));
  return {
    quality: quality(points, { residuals, fold: plan.fold }, chosen.cvMae, coverage),
    method: plan.method,
    chosen: chosen.spec,
    candidates: evaluations.map((e) => ({ ...e.spec, cvMae: e.cvMae })),
    scaler,
    points: z,
    fold: plan.fold,
    labelKeys: points.map((p) => p.key),
    residuals,
    full: withoutCentresIfUnused(chosen.full),
    foldModels: chosen.foldModels.map(withoutCentresIfUnused),
  };
}

/** `none` fits nothing: its residual is 0 everywhere, the shipped model's point unchanged. */
function coefficients(stats: RidgeStats, spec: BasisSpec): { intercept: number; weights: number[] } {
  return spec.kind === 'none' ? { intercept: 0, weights: [] } : stats.solve(spec.lambda);
}

/**
 * A CV MAE within this share of the best is no evidence for a more complex model (a rule in the
 * spirit of "one standard error": the CV estimate itself is noisy), so the simplest such wins. No
 * correction is the simplest of all: a correction is applied only where the best candidate beats
 * the shipped model's MAE on the same labels by more than this share, and the one applied (the
 * simplest within it of the best) then beats it too, if by less, so a calibration never predicts
 * its labels worse, by its own cross-validation, than the shipped model does.
 */
const CHOICE_TOLERANCE = 0.02;

const KIND_ORDER: Record<BasisSpec['kind'], number> = { none: 0, offset: 1, linear: 2, rbf: 3 };

/** Simplest first: no correction, an offset, then ridges from strong to weak penalty, then smooth to rough kernels. */
function complexityOrder(a: BasisSpec, b: BasisSpec): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (b.lengthScale ?? 0) - (a.lengthScale ?? 0) || b.lambda - a.lambda;
}

function simplestWithin(evaluations: Evaluation[]): Evaluation {
  const best = Math.min(...evaluations.map((e) => e.cvMae));
  return [...evaluations].sort((a, b) => complexityOrder(a.spec, b.spec)).find((e) => e.cvMae <= best * (1 + CHOICE_TOLERANCE) + 1e-9) as Evaluation;
}

function withoutCentresIfUnused(model: ResidualModel): ResidualModel {
  if (model.kind === 'rbf') return model;
  const { centres: _centres, lengthScale: _lengthScale, ...rest } = model;
  return rest;
}

/**
 * The MAEs of the fit, and the coverage and width of the labels' held-out intervals at the
 * requested coverage (heldOutCoverage).
 */
function quality(points: readonly LabelledPoint[], held: Pick<TargetCalibration, 'residuals' | 'fold'>, cvMae: number, coverage: number): CalibrationQuality {
  return {
    labels: points.length,
    maeBefore: points.reduce((s, p) => s + Math.abs(p.reference - p.base), 0) / points.length,
    cvMae,
    ...heldOutCoverage(held, coverage),
    coverageLevel: coverage,
  };
}
