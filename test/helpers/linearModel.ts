import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURE_NAMES } from '../../engine/src/features/schema';
import { encodeOnnxModel } from '../../engine/src/inference/onnxModelBuilder';

/**
 * Small linear ONNX models with the shipped models' interface (models/FORMAT.md: input `features`
 * [N, F], outputs `point` [N] and `folds` [N, K]), for tests and benchmarks that need a model
 * whose every output can be computed by hand:
 *   point = x·w + b,   folds[:, k] = x·W[:, k] + c[k].
 * Not a stand-in for the shipped models (their parity test covers those).
 */
export const LINEAR_FOLDS = 5;

export interface LinearModelSpec {
  /** Weights of the point output, one per feature. */
  w: ArrayLike<number>;
  b: number;
  /** Weights of the fold outputs: `W[f][k]` is feature f's weight in fold model k. */
  W: ReadonlyArray<ArrayLike<number>>;
  /** Intercepts of the fold models, one per fold. */
  c: ArrayLike<number>;
}

export function linearModelBytes({ w, b, W, c }: LinearModelSpec): Uint8Array {
  const F = FEATURE_NAMES.length;
  const K = c.length;
  return encodeOnnxModel({
    opset: 13,
    inputs: [{ name: 'features', dims: ['N', F] }],
    outputs: [
      { name: 'point', dims: ['N'] },
      { name: 'folds', dims: ['N', K] },
    ],
    initializers: [
      { name: 'w', dims: [F, 1], data: w },
      { name: 'b', dims: [1], data: [b] },
      { name: 'W', dims: [F, K], data: W.flatMap((row) => Array.from(row)) },
      { name: 'c', dims: [K], data: c },
      { name: 'flat', dims: [1], data: { int64: [-1] } },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['features', 'w', 'b'], outputs: ['p2'] },
      { op: 'Reshape', inputs: ['p2', 'flat'], outputs: ['point'] },
      { op: 'Gemm', inputs: ['features', 'W', 'c'], outputs: ['folds'] },
    ],
  });
}

/** A linear model whose K fold models all equal the point model (the interval is then point ± a residual quantile). */
export function agreeingFoldsModel(w: ArrayLike<number>, b: number): Uint8Array {
  return linearModelBytes({
    w,
    b,
    W: Array.from(w, (x) => new Array<number>(LINEAR_FOLDS).fill(x)),
    c: new Array<number>(LINEAR_FOLDS).fill(b),
  });
}

/**
 * A `NAME.conformal.json` (models/FORMAT.md) for these models: point i held out in fold
 * i mod LINEAR_FOLDS, in calibration group `group[i]`, each group's size counted.
 */
export function cvPlusCalibration(residuals: number[], group: string[], groupBy: string) {
  const groups: Record<string, { n: number }> = {};
  for (const g of group) groups[g] = { n: (groups[g]?.n ?? 0) + 1 };
  return { method: 'cv+', folds: LINEAR_FOLDS, residuals, fold: residuals.map((_, i) => i % LINEAR_FOLDS), group, groups, groupBy };
}

/**
 * Writes the files of model `name` (models/FORMAT.md) that are given; JSON values are serialised.
 * `terms` is written as `NAME.terms.json` (the E_form model's anchor).
 */
export function writeModelFiles(dir: string, name: string, files: { onnx?: Uint8Array; card?: unknown; conformal?: unknown; terms?: unknown }): void {
  mkdirSync(dir, { recursive: true });
  if (files.terms) writeFileSync(path.join(dir, `${name}.terms.json`), JSON.stringify(files.terms));
  if (files.onnx) writeFileSync(path.join(dir, `${name}.onnx`), files.onnx);
  if (files.card) writeFileSync(path.join(dir, `${name}.card.json`), JSON.stringify(files.card));
  if (files.conformal) writeFileSync(path.join(dir, `${name}.conformal.json`), JSON.stringify(files.conformal));
}
