import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureIndex } from '../../engine/src/features/schema';
import { loadModelRuntime, toFeatureMatrix, type CalibrationPart, type ModelRuntime, type Prediction } from '../../engine/src/inference/runtime';
import { levelAtShare } from '../../engine/src/inference/conformal';
import { ModelLoadError } from '../../engine/src/inference/errors';
import { describeModelFailure, domainDiagnostic, MODEL_CODES, unboundedIntervalDiagnostic } from '../../engine/src/inference/diagnostics';
import { LINEAR_FOLDS as K, linearModelBytes, writeModelFiles } from '../helpers/linearModel';
import { neutralEnergyTerms } from '../helpers/energyTerms';

/**
 * The runtime against small linear ONNX models (test/helpers/linearModel.ts; not a stand-in for
 * the shipped model: the parity test checks that one). Linear models make every expected number
 * computable here by hand: point = x·w + b, fold k = x·W[:, k] + c[k].
 */
const F = FEATURE_NAMES.length;

// Weights on n_metal and ratio only, so predictions are easy to reason about.
const w = new Array(F).fill(0);
w[featureIndex('n_metal')] = -0.01;
w[featureIndex('ratio')] = 2;
const W = Array.from({ length: F }, (_, f) => Array.from({ length: K }, (_, k) => w[f] * (1 + 0.1 * (k - 2))));
const b = -3;
const c = [-3.1, -3.05, -3, -2.95, -2.9];

// Residuals: group "4" (dopant period 4) has 20 points, group "6" only 3 (too few for 90 %).
const residualsP4 = Array.from({ length: 20 }, (_, i) => 0.05 * (i + 1));
const residualsP6 = [0.2, 0.4, 0.6];
const residuals = [...residualsP4, ...residualsP6];
const fold = residuals.map((_, i) => i % K);
const group = [...residualsP4.map(() => '4'), ...residualsP6.map(() => '6')];

function card(overrides: Record<string, unknown> = {}) {
  return {
    name: 'eform-v2',
    version: 'test',
    features: FEATURE_NAMES,
    featureSchema: FEATURE_SCHEMA_VERSION,
    domain: { elements: ['Au', 'Ag', 'Cu'], nMetal: [10, 200], ligandClasses: ['thiolate'], supports: ['none'], features: { ratio: { min: 0, max: 0.5 } } },
    ...overrides,
  };
}

// An anchor of exactly 0, so the numbers below are the ONNX outputs (inferenceTerms.test.ts tests the anchor).
const terms = neutralEnergyTerms();

const conformal = { method: 'cv+', folds: K, residuals, fold, group, groups: { '4': { n: 20 }, '6': { n: 3 } }, groupBy: 'feature:dopant_period' };

function row(values: Record<string, number>): Float32Array {
  const r = new Float32Array(F);
  for (const [name, v] of Object.entries(values)) r[featureIndex(name)] = v;
  return r;
}

const AU = 79;
const CU = 29;
const PD = 46;
const PT = 78;

let root: string;
let runtime: ModelRuntime;

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'bimetal-inference-'));
  writeModelFiles(path.join(root, 'good'), 'eform-v2', { onnx: linearModelBytes({ w, b, W, c }), card: card(), conformal, terms });
  runtime = await loadModelRuntime({ modelDir: path.join(root, 'good') });
});

after(async () => {
  await runtime?.release();
  rmSync(root, { recursive: true, force: true });
});

test('predictEForm: point, fold-based CV+ interval and group match a hand computation', async () => {
  const x = row({ n_metal: 25, ratio: 0.2, host_z: AU, dopant_z: CU, dopant_period: 4, support_none: 1, ligand_frac_thiolate: 1 });
  const [p] = await runtime.predictEForm([x], { coverage: 0.9 });
  const modelPoint = 25 * -0.01 + 0.2 * 2 + b;
  assert.ok(Math.abs(p.modelPoint - modelPoint) < 1e-5, `model point ${p.modelPoint} vs ${modelPoint}`);
  const foldPred = c.map((ck, k) => ck + (25 * -0.01 + 0.2 * 2) * (1 + 0.1 * (k - 2)));
  // The point is the median of μ̂₋ₖ₍ᵢ₎(x) over the group's 20 points (4 per fold): the mean of the
  // 10th and 11th smallest, both the middle fold's prediction.
  const byFold = [...foldPred].sort((a, z) => a - z);
  assert.ok(Math.abs(p.point - byFold[2]) < 1e-5, `point ${p.point} vs ${byFold[2]}`);
  // n = 20, α = 0.1: lower = 2nd smallest of μ̂₋ₖ₍ᵢ₎ − R_i, upper = 19th smallest of μ̂₋ₖ₍ᵢ₎ + R_i.
  const lows = residualsP4.map((r, i) => foldPred[fold[i]] - r).sort((a, z) => a - z);
  const highs = residualsP4.map((r, i) => foldPred[fold[i]] + r).sort((a, z) => a - z);
  assert.ok(Math.abs(p.lower - lows[1]) < 1e-5, `lower ${p.lower} vs ${lows[1]}`);
  assert.ok(Math.abs(p.upper - highs[18]) < 1e-5, `upper ${p.upper} vs ${highs[18]}`);
  assert.equal(p.calibrationGroup, '4');
  assert.equal(p.bounded, true);
  assert.deepEqual(p.domainReasons, []);
  assert.equal(p.inDomain, true);
  assert.equal(p.model, 'eform-v2');
});

test('a batch in one matrix gives the same predictions as row by row', async () => {
  const rows = Array.from({ length: 300 }, (_, i) =>
    row({ n_metal: 10 + (i % 100), ratio: (i % 50) / 100, host_z: AU, dopant_z: CU, dopant_period: 4, support_none: 1 }),
  );
  const data = new Float32Array(rows.length * F);
  rows.forEach((r, i) => data.set(r, i * F));
  const batch = await runtime.predictEForm({ data, rows: rows.length, cols: F }, { coverage: 0.8 });
  const single = await Promise.all(rows.slice(0, 20).map((r) => runtime.predictEForm([r], { coverage: 0.8 })));
  single.forEach(([s], i) => assert.deepEqual(batch[i], s));
  assert.equal(batch.length, 300);
});

test('rows that lie one after another in one buffer become a matrix without a copy; other rows are copied in order', () => {
  const data = new Float32Array(6 * F).map((_, i) => i);
  const views = [1, 2, 3].map((r) => data.subarray(r * F, (r + 1) * F));
  const view = toFeatureMatrix(views, F);
  assert.equal(view.data.buffer, data.buffer, 'the rows\' own memory');
  assert.equal(view.data.byteOffset, F * 4);
  assert.deepEqual([...view.data], [...data.subarray(F, 4 * F)]);
  for (const rows of [[views[0], views[2]], [views[1], views[0]], views.map((v) => v.slice())]) {
    const copied = toFeatureMatrix(rows, F);
    assert.notEqual(copied.data.buffer, data.buffer);
    assert.deepEqual([...copied.data], rows.flatMap((r) => [...r]));
  }
});

test('a group with too few points gives an unbounded interval, written as null in JSON, with a BM405 note', async () => {
  const [p] = await runtime.predictEForm([row({ n_metal: 20, ratio: 0.1, host_z: AU, dopant_z: PT, dopant_period: 6, support_none: 1 })], { coverage: 0.9 });
  assert.equal(p.calibrationGroup, '6');
  assert.equal(p.bounded, false);
  assert.equal(p.lower, -Infinity);
  assert.equal(p.upper, Infinity);
  const json = JSON.parse(JSON.stringify(p));
  assert.equal(json.lower, null);
  assert.equal(json.upper, null);
  const note = unboundedIntervalDiagnostic(p, { start: 0, end: 1 });
  assert.equal(note?.code, MODEL_CODES.unbounded);
  // The ends as the table writes them, not JavaScript's -Infinity / Infinity.
  assert.match(note!.message, /so the interval is unbounded \(\[−∞, \+∞\]\); /);
  assert.doesNotMatch(note!.message, /Infinity/);
});

/** A composed interval's part at 90 % coverage, as LoadedModel.predict reports it. */
const part = (role: CalibrationPart['role'], group: string, points: number, share: number): CalibrationPart => ({ role, group, points, share, level: levelAtShare(0.9, share) });

// A shell on a bare core the environment residuals leave out read "calibration group "environment-new" for
// the environment term with "uncalibrated" for the bare core (the rule for ligand shells …, environment-new)
// holds no calibration points": the shell's rule after the core's group, and "no points" where the
// environment group holds six.
test("BM405 of a shell composed with its bare core puts the shell's rule after its environment group and says the points missing are the core's", () => {
  const shell = (calibrationGroup: string, calibrationPoints: number, calibrationParts: CalibrationPart[]): Prediction => ({
    point: -3.6, modelPoint: -3.6, lower: -Infinity, upper: Infinity, coverage: 0.9, model: 'eform-v2', bounded: false,
    calibrationGroup, calibrationRule: 'environment-new', calibrationPoints, calibrationParts, inDomain: false, domainReasons: [], terms: [],
  });
  const lawless = unboundedIntervalDiagnostic(shell('environment-new + (uncalibrated)', 0, [part('environment', 'environment-new', 6, 2), part('core', 'uncalibrated', 0, 2)]), { start: 0, end: 1 })!.message;
  assert.match(
    lawless,
    /^eform-v2: calibration group "environment-new" for the environment term \(the rule for ligand shells or supports [^)]*, environment-new\), widened by its bare core's "uncalibrated", holds no calibration points for its bare core \(no calibrated recipe is of its kind\), so the interval is unbounded at every coverage \(\[−∞, \+∞\]\)$/,
  );
  const coreParts = [part('mixing', 'pair', 20, 4), part('size', 'small-6-8', 90, 8), part('size', 'small-6-8', 90, 8)];
  const small = unboundedIntervalDiagnostic(shell('environment-new + (pair + small-6-8 + small-6-8)', 6, [part('environment', 'environment-new', 6, 2), ...coreParts]), { start: 0, end: 1 })!.message;
  assert.match(
    small,
    /^eform-v2: calibration group "environment-new" for the environment term \(the rule for [^)]*, environment-new\), widened by its bare core's "pair" for the mixing term with "small-6-8" for the size term, holds 6 points in its environment group, 20 in its bare core's mixing group and 90 in its bare core's size group "small-6-8", too few for 90 % coverage \(CV\+ needs at least 19 points in its environment group, whose residuals the interval takes at 95 %, and 39 in its bare core's mixing group, at 97\.5 %\), /,
  );
});

// A composed group's list of parts ran into the site group's ("… 27 in its size group "small-3" and site-v2's …"), and its
// cap counted only its mixing group's 20 points (90.5 %): the size group's 27 at 1 − α/4 (85.7 %) and the site's 5 (83.3 %) bound it lower.
test('BM405 of a composed interval widened by a short site interval names the short parts of both and caps at the lower', () => {
  const base = { point: -3, modelPoint: -3, lower: -Infinity, upper: Infinity, coverage: 0.9, inDomain: true, domainReasons: [], terms: [] };
  const own: Prediction = { ...base, model: 'eform-v2', bounded: false, calibrationGroup: 'pair + small-3 + small-3', calibrationRule: 'small-3', calibrationPoints: 20, calibrationParts: [part('mixing', 'pair', 20, 2), part('size', 'small-3', 27, 4), part('size', 'small-3', 27, 4)] };
  const site: Prediction = { ...base, model: 'site-v2', bounded: false, calibrationGroup: 'all', calibrationRule: null, calibrationPoints: 5, calibrationParts: [] };
  const note = unboundedIntervalDiagnostic(own, { start: 0, end: 1 }, { own: true, site })!.message;
  assert.match(
    note,
    /holds 20 points in its mixing group and 27 in its size group "small-3", and site-v2's calibration group "all" \(whose ΔE interval the ordering term ΔE_order spans\) holds 5 points, too few for 90 % coverage \(CV\+ needs at least 39 points in its size group "small-3", whose residuals the interval takes at 97\.5 %, and 9 in site-v2's group, at 90 %\), .* though none above 83\.3 %$/,
    note,
  );
});

test('out of domain: unseen element, N_metal and feature range, support, ligand class and group are all reported', async () => {
  const x = row({ n_metal: 500, ratio: 0.9, host_z: AU, dopant_z: PD, dopant_period: 5, support_oxide: 1, ligand_frac_phosphine: 1 });
  const [p] = await runtime.predictEForm([x], { coverage: 0.9 });
  assert.equal(p.inDomain, false);
  const reasons = p.domainReasons.join('\n');
  assert.match(reasons, /dopant element Pd never seen in training/);
  assert.match(reasons, /N_metal = 500 is outside the trained sizes 10–200/);
  assert.match(reasons, /supported on oxide, but the model was trained on unsupported clusters only/);
  assert.match(reasons, /ligand class phosphine never seen in training \(seen: thiolate\)/);
  assert.match(reasons, /no calibration group "5" \(grouped by feature:dopant_period\): the interval pools all training points/);
  assert.equal(p.calibrationGroup, null);
  assert.doesNotMatch(reasons, /host element/);
  const d = domainDiagnostic(p, { start: 3, end: 9 });
  assert.equal(d?.code, MODEL_CODES.outOfDomain);
  assert.equal(d?.severity, 'warning');
});

test('rows of the wrong width are rejected before running the model', async () => {
  await assert.rejects(runtime.predictEForm([new Float32Array(3)], { coverage: 0.9 }), /has 3 values, the model expects/);
  await assert.rejects(runtime.predictEForm([row({})], { coverage: 1 }), /coverage/);
});

test('no site model shipped: E_form works, predictSite rejects with a BM401 "missing" error', async () => {
  assert.deepEqual(runtime.models, ['eform-v2']);
  assert.equal(runtime.problems[0].kind, 'missing');
  await assert.rejects(runtime.predictSite([row({})], { coverage: 0.9 }), (e: unknown) => e instanceof ModelLoadError && describeModelFailure(e).code === 'BM401');
});

async function loadError(dir: string): Promise<ModelLoadError> {
  try {
    await loadModelRuntime({ modelDir: dir });
  } catch (error) {
    assert.ok(error instanceof ModelLoadError, `expected ModelLoadError, got ${error}`);
    return error;
  }
  assert.fail('the runtime loaded a broken model');
}

test('a missing model folder gives one BM401 failure that says descriptors are unaffected', async () => {
  const error = await loadError(path.join(root, 'nowhere'));
  assert.equal(error.kind, 'missing');
  const d = describeModelFailure(error);
  assert.equal(d.code, 'BM401');
  assert.match(d.message, /not installed.*Descriptors are unaffected/s);
});

test('without eform-v2 the site model is not loaded either, and the failure says so; a site-v2 failure names only site-v2', async () => {
  writeModelFiles(path.join(root, 'site-only'), 'site-v2', { onnx: linearModelBytes({ w, b, W, c }), card: card({ name: 'site-v2' }), conformal });
  const error = await loadError(path.join(root, 'site-only'));
  assert.equal(error.model, 'eform-v2');
  const d = describeModelFailure(error);
  assert.equal(d.code, 'BM401');
  assert.match(d.message, /No site-v2 prediction either: the site model is loaded only together with eform-v2\. Descriptors are unaffected\.$/);
  assert.doesNotMatch(describeModelFailure(new ModelLoadError('missing', 'site-v2', 'model site-v2 is not installed')).message, /either/);
  assert.doesNotMatch(describeModelFailure(new ModelLoadError('runtime', 'eform-v2', 'no WASM')).message, /either/, 'BM403 already says no predictions');
});

test('a failure whose text runs over several lines (Node lists its require stack so) is one line in the message', () => {
  const nodeText = "Cannot find module 'onnxruntime-web/ort-wasm-simd-threaded.wasm'\nRequire stack:\n- /tmp/x/dist/noop.js";
  for (const error of [new ModelLoadError('invalid', 'eform-v2', `model eform-v2 could not be loaded: ${nodeText}`), new Error(nodeText)]) {
    const { message } = describeModelFailure(error);
    assert.doesNotMatch(message, /[\r\n]/);
    assert.match(message, /'onnxruntime-web\/ort-wasm-simd-threaded\.wasm' Require stack: - \/tmp\/x\/dist\/noop\.js\)/);
  }
});

test('corrupt ONNX bytes, a feature-schema mismatch, a shifted domain table and a broken conformal file are BM402', async () => {
  writeModelFiles(path.join(root, 'corrupt'), 'eform-v2', { onnx: new TextEncoder().encode('not an onnx model'), card: card(), conformal, terms });
  assert.match((await loadError(path.join(root, 'corrupt'))).message, /not a model onnxruntime-web can run/);

  writeModelFiles(path.join(root, 'schema'), 'eform-v2', { onnx: linearModelBytes({ w, b, W, c }), card: card({ featureSchema: 'bimetal-features-0' }), conformal, terms });
  const schema = await loadError(path.join(root, 'schema'));
  assert.equal(describeModelFailure(schema).code, 'BM402');
  assert.match(schema.message, /feature schema "bimetal-features-0"/);

  writeModelFiles(path.join(root, 'names'), 'eform-v2', { onnx: linearModelBytes({ w, b, W, c }), card: card({ features: FEATURE_NAMES.slice(0, 10) }), conformal, terms });
  assert.match((await loadError(path.join(root, 'names'))).message, /do not match the featuriser/);

  const shifted = card({ domain: { nMetal: [10, 200], features: { n_metal: { min: 10, max: 200 }, is_unary: { min: 1.1, max: 9.2 } } } });
  writeModelFiles(path.join(root, 'shifted'), 'eform-v2', { onnx: linearModelBytes({ w, b, W, c }), card: shifted, conformal, terms });
  assert.match((await loadError(path.join(root, 'shifted'))).message, /card\.json: domain\.features\.is_unary .* shifted against the feature names/);

  writeModelFiles(path.join(root, 'conformal'), 'eform-v2', { onnx: linearModelBytes({ w, b, W, c }), card: card(), conformal: { ...conformal, groupBy: 'by family' }, terms });
  assert.match((await loadError(path.join(root, 'conformal'))).message, /conformal\.json: unsupported groupBy/);
});

test('worker thread: same predictions as in process; load failures come back as ModelLoadError', async () => {
  const { InferenceWorker } = await import('../../engine/src/inference/worker');
  const worker = await InferenceWorker.start({ modelDir: path.join(root, 'good') });
  try {
    const rows = Array.from({ length: 50 }, (_, i) => row({ n_metal: 13 + i, ratio: 0.01 * i, host_z: AU, dopant_z: CU, dopant_period: 4, support_none: 1 }));
    const inWorker = await worker.predictEForm(rows, { coverage: 0.9 });
    assert.deepEqual(inWorker, await runtime.predictEForm(rows, { coverage: 0.9 }));
    assert.equal(rows[0][featureIndex('n_metal')], 13, 'the caller keeps its rows');
    // Rows that are views of one batch matrix reach the worker as a copy: the matrix stays the caller's.
    const matrix = new Float32Array(rows.length * F);
    rows.forEach((r, i) => matrix.set(r, i * F));
    const views = rows.map((_, i) => matrix.subarray(i * F, (i + 1) * F));
    assert.deepEqual(await worker.predictEForm(views, { coverage: 0.9 }), inWorker);
    assert.equal(matrix.byteLength, rows.length * F * 4, 'the batch matrix is not detached');
    assert.equal(views[0][featureIndex('n_metal')], 13);
    await assert.rejects(worker.predictSite(rows, { coverage: 0.9 }), (e: unknown) => e instanceof ModelLoadError && e.kind === 'missing');
  } finally {
    await worker.terminate();
  }
  await assert.rejects(InferenceWorker.start({ modelDir: path.join(root, 'nowhere') }), (e: unknown) => e instanceof ModelLoadError && e.kind === 'missing');
});
