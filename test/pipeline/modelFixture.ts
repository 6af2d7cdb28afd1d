import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureIndex } from '../../engine/src/features/schema';
import { encodeOnnxModel } from '../../engine/src/inference/onnxModelBuilder';

/**
 * A model folder (models/FORMAT.md) holding small linear ONNX models written for the pipeline
 * tests, so predictions can be checked against numbers the test computes from the record itself:
 * E_form = EFORM_SLOPE × ratio + EFORM_INTERCEPT and ΔE_site = SITE_SLOPE × ratio + SITE_INTERCEPT.
 * Not a stand-in for the shipped models (their parity test covers those).
 */
export const EFORM_SLOPE = 2;
export const EFORM_INTERCEPT = -3;
export const SITE_SLOPE = -1;
export const SITE_INTERCEPT = 0.1;

const F = FEATURE_NAMES.length;
const K = 5;

function linearOnRatio(slope: number, intercept: number): Uint8Array {
  const w = new Array<number>(F).fill(0);
  w[featureIndex('ratio')] = slope;
  return encodeOnnxModel({
    opset: 13,
    inputs: [{ name: 'features', dims: ['N', F] }],
    outputs: [
      { name: 'point', dims: ['N'] },
      { name: 'folds', dims: ['N', K] },
    ],
    initializers: [
      { name: 'w', dims: [F, 1], data: w },
      { name: 'b', dims: [1], data: [intercept] },
      // Every fold model equals the full model, so the interval is point ± the residual quantile.
      { name: 'W', dims: [F, K], data: w.flatMap((x) => new Array<number>(K).fill(x)) },
      { name: 'c', dims: [K], data: new Array<number>(K).fill(intercept) },
      { name: 'flat', dims: [1], data: { int64: [-1] } },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['features', 'w', 'b'], outputs: ['p2'] },
      { op: 'Reshape', inputs: ['p2', 'flat'], outputs: ['point'] },
      { op: 'Gemm', inputs: ['features', 'W', 'c'], outputs: ['folds'] },
    ],
  });
}

/** Twenty held-out residuals 0.05, 0.10, …, 1.00 in one calibration group. */
const residuals = Array.from({ length: 20 }, (_, i) => 0.05 * (i + 1));
const conformal = {
  method: 'cv+',
  folds: K,
  residuals,
  fold: residuals.map((_, i) => i % K),
  group: residuals.map(() => 'all'),
  groups: { all: { n: residuals.length } },
  groupBy: 'none',
};

function card(name: string, elements: string[]) {
  return { name, version: 'test', features: FEATURE_NAMES, featureSchema: FEATURE_SCHEMA_VERSION, domain: { elements } };
}

export interface ModelFixtureOptions {
  /** Write the site model too (default true). */
  site?: boolean;
  /** Elements the models claim to have seen; others are out of domain. */
  elements?: string[];
}

export function writeLinearModels(dir: string, options: ModelFixtureOptions = {}): void {
  const elements = options.elements ?? ['Au', 'Ag', 'Cu', 'Ru', 'Pd', 'Pt', 'Ni', 'Ir'];
  mkdirSync(dir, { recursive: true });
  const models: Array<[string, number, number]> = [['eform-v1', EFORM_SLOPE, EFORM_INTERCEPT]];
  if (options.site !== false) models.push(['site-v1', SITE_SLOPE, SITE_INTERCEPT]);
  for (const [name, slope, intercept] of models) {
    writeFileSync(path.join(dir, `${name}.onnx`), linearOnRatio(slope, intercept));
    writeFileSync(path.join(dir, `${name}.card.json`), JSON.stringify(card(name, elements)));
    writeFileSync(path.join(dir, `${name}.conformal.json`), JSON.stringify(conformal));
  }
}
