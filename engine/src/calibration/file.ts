/**
 * The calibration file (`bimetal calibrate --out FILE.json`): its schema, and reading it back with
 * a clear error for anything that is not one, is of another schema version, or was fitted on top
 * of other model files than the ones in use.
 */
import type { FeatureScaler } from './features';
import type { IntervalMethod } from './folds';
import type { BasisSpec, ResidualModel } from './residualModel';

export const CALIBRATION_SCHEMA = 'bimetal-calibration';
/**
 * 2: each target names its labels (`labelKeys`), so a labelled recipe is shown held out. 3: a
 * label's structure file is named in its key by what it holds, not by its path as written (a
 * version 2 key would match no recipe with a structure file, and give its label the in-sample fit).
 * 4: no correction (residual model `none`) is a candidate, so the chosen model's CV MAE is never
 * above the shipped model's on the same labels (a version 3 file may apply a correction that
 * predicts its labels worse than none). 5: a label's key holds its ligands as molecules and amounts
 * whatever their order and names, its distance to 12 digits and `topology none` as none written (a
 * version 4 key of `ligands Cl x 1, PET x 2` would match no recipe written otherwise, and give that
 * label the in-sample fit). 6: a label's key holds each ligand as RDKit's canonical SMILES, not
 * as written (a version 5 key of `"SCC" x 18`, or of a built-in whose library SMILES is not
 * canonical, such as PPh3, would match no recipe now, and give that label the in-sample fit).
 */
export const CALIBRATION_VERSION = 6;

/** What a calibration is fitted to: E_form (`energy` labels) or ΔE = E(core) − E(surface) (`siteEnergy`). */
export type CalibrationTarget = 'eForm' | 'siteEnergy';
export const CALIBRATION_TARGETS: readonly CalibrationTarget[] = ['eForm', 'siteEnergy'];

/** Cross-validated quality of a fitted target, in eV (per metal atom for E_form). */
export interface CalibrationQuality {
  labels: number;
  /** MAE of the shipped model on the labels. */
  maeBefore: number;
  /** Cross-validated MAE after calibration (each label predicted by a model that never saw its fold). */
  cvMae: number;
  /**
   * Share of labels inside the interval built from the other folds' residuals, at `coverageLevel`.
   * With too few labels no such interval is bounded: then NaN (and `meanWidth` ∞), null in a file.
   */
  coverage: number;
  coverageLevel: number;
  meanWidth: number;
}

export interface TargetCalibration {
  quality: CalibrationQuality;
  method: IntervalMethod;
  chosen: BasisSpec;
  /** CV MAE of every candidate tried, so the choice can be checked. */
  candidates: Array<BasisSpec & { cvMae: number }>;
  scaler: FeatureScaler;
  /** Scaled features of each label (to measure how far a recipe is from them). */
  points: number[][];
  fold: number[];
  /**
   * Each label's identity (its recipe as a material, its structure file by what it holds: the
   * pipeline's materialKey), so a scored recipe that is one of the labels finds its fold and is
   * shown held out (TargetCalibrator.labelOf).
   */
  labelKeys: string[];
  /** |label − fold model| of each label, for CV+ / jackknife+. */
  residuals: number[];
  full: ResidualModel;
  foldModels: ResidualModel[];
}

export interface CalibrationFile {
  schema: typeof CALIBRATION_SCHEMA;
  version: typeof CALIBRATION_VERSION;
  /** Short content hash, used in `prediction.model` (`eform-v2+cal:1a2b3c`). */
  id: string;
  /** The model files the residuals were measured against. */
  baseModel: { name: string; hash: string };
  targets: Partial<Record<CalibrationTarget, TargetCalibration>>;
  /** The labelled recipes, for the parity plot and the report: file, recipe, reference. */
  labels: Array<{ file: string; recipe: string; target: CalibrationTarget; reference: number }>;
}

/** A calibration file that cannot be used, with a message that says why and what to do. */
export class CalibrationFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationFileError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function checkModel(model: unknown, width: number, where: string): void {
  if (!isObject(model) || !['none', 'offset', 'linear', 'rbf'].includes(model.kind as string)) throw new CalibrationFileError(`${where}: not a residual model`);
  if (typeof model.intercept !== 'number' || !isNumberArray(model.weights)) throw new CalibrationFileError(`${where}: intercept or weights missing`);
  const expected = model.kind === 'none' || model.kind === 'offset' ? 0 : model.kind === 'linear' ? width : (model.centres as unknown[] | undefined)?.length;
  if (model.weights.length !== expected) throw new CalibrationFileError(`${where}: ${model.weights.length} weights where ${expected} belong`);
  if (model.kind === 'none' && model.intercept !== 0) throw new CalibrationFileError(`${where}: a model of no correction with intercept ${model.intercept}`);
  if (model.kind === 'rbf') {
    if (typeof model.lengthScale !== 'number' || !(model.lengthScale > 0)) throw new CalibrationFileError(`${where}: no length scale`);
    if (!Array.isArray(model.centres) || !model.centres.every((c) => isNumberArray(c) && c.length === width)) {
      throw new CalibrationFileError(`${where}: malformed centres`);
    }
  }
}

function checkTarget(name: string, t: unknown): void {
  if (!isObject(t)) throw new CalibrationFileError(`target ${name} is not an object`);
  const scaler = t.scaler as Record<string, unknown> | undefined;
  if (!isObject(scaler) || !isNumberArray(scaler.center) || !isNumberArray(scaler.scale)) throw new CalibrationFileError(`target ${name}: no feature scaler`);
  const width = scaler.center.length;
  if (scaler.scale.length !== width || scaler.scale.some((s) => s <= 0)) throw new CalibrationFileError(`target ${name}: malformed feature scaler`);
  const { points, fold, labelKeys, residuals, foldModels } = t;
  if (!Array.isArray(points) || !points.every((p) => isNumberArray(p) && p.length === width)) throw new CalibrationFileError(`target ${name}: malformed label points`);
  if (!isNumberArray(fold) || fold.length !== points.length) throw new CalibrationFileError(`target ${name}: one fold per label expected`);
  if (!isNumberArray(residuals) || residuals.length !== points.length) throw new CalibrationFileError(`target ${name}: one residual per label expected`);
  if (!Array.isArray(labelKeys) || labelKeys.length !== points.length || !labelKeys.every((k) => typeof k === 'string')) {
    throw new CalibrationFileError(`target ${name}: one label key per label expected`);
  }
  if (!Array.isArray(foldModels) || fold.some((k) => !Number.isInteger(k) || k < 0 || k >= foldModels.length)) {
    throw new CalibrationFileError(`target ${name}: fold models do not match the folds`);
  }
  checkModel(t.full, width, `target ${name}, full model`);
  foldModels.forEach((m, k) => checkModel(m, width, `target ${name}, fold model ${k}`));
  // The points come from the models and the views say what they are from `chosen` (no correction
  // keeps the shipped points, and nothing was fitted without a label): the two must agree.
  if (!isObject(t.chosen) || typeof t.chosen.kind !== 'string') throw new CalibrationFileError(`target ${name}: no chosen model`);
  const chosen = t.chosen.kind;
  if ([t.full, ...foldModels].some((m) => (m as { kind: string }).kind !== chosen)) throw new CalibrationFileError(`target ${name}: the models are not of the chosen kind ${chosen}`);
  checkQuality(t.quality, points.length, `target ${name}`);
}

/**
 * The figures every view states as measured (CV MAE, the shipped model's MAE, coverage and width):
 * a hand-edited `"cvMae": "x"` was shown as it stood. A coverage and width the labels cannot bound
 * are written as null (JSON has no NaN or ∞).
 */
function checkQuality(quality: unknown, labels: number, where: string): void {
  if (!isObject(quality)) throw new CalibrationFileError(`${where}: no quality figures`);
  const measured = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (quality.labels !== labels) throw new CalibrationFileError(`${where}: quality counts ${String(quality.labels)} labels where the target has ${labels}`);
  for (const key of ['maeBefore', 'cvMae'] as const) {
    if (!measured(quality[key])) throw new CalibrationFileError(`${where}: quality ${key} is not a measured error (${JSON.stringify(quality[key])})`);
  }
  const level = quality.coverageLevel;
  if (!(typeof level === 'number' && level > 0 && level < 1)) throw new CalibrationFileError(`${where}: quality coverageLevel is not a coverage (${JSON.stringify(level)})`);
  const coverage = quality.coverage;
  if (coverage !== null && !(measured(coverage) && (coverage as number) <= 1)) throw new CalibrationFileError(`${where}: quality coverage is not a share of labels (${JSON.stringify(coverage)})`);
  if (quality.meanWidth !== null && !measured(quality.meanWidth)) throw new CalibrationFileError(`${where}: quality meanWidth is not a width (${JSON.stringify(quality.meanWidth)})`);
}

/**
 * Parses and checks a calibration file's text. `baseHash` is the hash of the model files in use:
 * a calibration fitted on other files would add residuals measured against another model.
 */
export function parseCalibrationFile(text: string, baseHash: string | undefined): CalibrationFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CalibrationFileError(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(data) || data.schema !== CALIBRATION_SCHEMA) throw new CalibrationFileError(`not a Bimetal calibration file (no "schema": "${CALIBRATION_SCHEMA}")`);
  if (data.version !== CALIBRATION_VERSION) {
    // Calibrating again helps with an older file only: a newer one needs a newer Bimetal to read it.
    const remedy = typeof data.version === 'number' && data.version > CALIBRATION_VERSION ? 'it was written by a newer version of Bimetal: update Bimetal to use it' : 'run bimetal calibrate again';
    throw new CalibrationFileError(`calibration schema version ${String(data.version)} is not supported (this Bimetal reads version ${CALIBRATION_VERSION}); ${remedy}`);
  }
  const base = data.baseModel as Record<string, unknown> | undefined;
  if (!isObject(base) || typeof base.hash !== 'string' || typeof base.name !== 'string') throw new CalibrationFileError('the file does not name the model it was fitted on');
  if (baseHash !== undefined && base.hash !== baseHash) {
    throw new CalibrationFileError(
      `this calibration was fitted on other model files (${base.name}, ${base.hash.slice(0, 19)}…) than the ones in use (${baseHash.slice(0, 19)}…); run bimetal calibrate again with these models`,
    );
  }
  if (typeof data.id !== 'string' || !isObject(data.targets)) throw new CalibrationFileError('no id or targets');
  for (const [name, t] of Object.entries(data.targets)) {
    if (!(CALIBRATION_TARGETS as readonly string[]).includes(name)) throw new CalibrationFileError(`unknown target ${JSON.stringify(name)}`);
    checkTarget(name, t);
  }
  if (!Array.isArray(data.labels)) throw new CalibrationFileError('no label list');
  return data as unknown as CalibrationFile;
}

/** FNV-1a (32 bit) of the file's content, as six hex digits: a short, stable name, not a security hash. */
export function contentId(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 6);
}
