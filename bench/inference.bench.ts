// Featuriser and inference throughput: `npm run bench -- inference`.
// Prints: featurise rate over 100,000 recipes (ligands described once; one new row per recipe as
// the editor caches them, and all rows into one matrix as a batch does), next to the descriptors
// alone on the same recipes (the featuriser computes them too; target ≥ 100,000 recipes/s), and
// `bimetal featurize` end to end (JSON lines in and out, as training calls it); the
// shipped E_form model's cold/warm load, 1,000-row latency and 10,000-row rate (with CV+ and
// domain checks), and those 10,000 predictions across a MessagePort as the inference worker sends
// them (packed) against structured clone; and the same with a linear model of the same shape,
// which isolates the cost of the runtime, CV+ and domain checks from the model's own. Last, the
// JavaScript every E_form prediction runs per row besides the model: the physics anchor with the
// mixing term, and the applicability-domain reasons (µs a row, best of 8 passes over the rows).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeDescriptors } from '../engine/src/descriptors';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featurize, featurizeInto, RecipeLigands, type DescribeLigand } from '../engine/src/features';
import { EFORM_MODEL, ENERGY_TERMS_FILE, loadModelRuntime, type FeatureMatrix, type Prediction } from '../engine/src/inference';
import { EnergyAnchor, mixingSource } from '../engine/src/inference/energyAnchor';
import { validateEnergyTerms } from '../engine/src/inference/energyTerms';
import { modelDomain, type ModelCard } from '../engine/src/inference/runtime';
import { packPredictions, transferables, unpackPredictions, type PackedPredictions } from '../engine/src/inference/predictionWire';
import { BUILTIN_LIGANDS, loadChemistry } from '../engine/src/ligands';
import type { RecipeSpec, SiteName } from '../engine/src/recipe';
import { runFeaturize } from '../cli/src/featurize';
import { cvPlusCalibration, LINEAR_FOLDS, linearModelBytes, writeModelFiles } from '../test/helpers/linearModel';

const HOSTS = ['Au', 'Ag', 'Cu', 'Pt', 'Pd'];
const DOPANTS = ['Au', 'Ag', 'Cu', 'Pt', 'Pd', 'Ni', 'Co', 'Fe', 'Ru', 'Rh', 'Ir', 'Zn', 'Cd', 'Hg'];
const SIZES = [13, 55, 147];
const SITES: SiteName[] = ['core', 'surface', 'mixed'];
const FEATURISE_RECIPES = 100_000;
const PREDICT_ROWS = 10_000;
const MODELS_DIR = path.join(__dirname, '..', 'models');

function recipes(count: number): RecipeSpec[] {
  const out: RecipeSpec[] = [];
  for (let i = 0; out.length < count; i++) {
    const host = HOSTS[i % HOSTS.length];
    const dopant = DOPANTS[Math.floor(i / HOSTS.length) % DOPANTS.length];
    const size = SIZES[Math.floor(i / 70) % SIZES.length];
    const nDopant = 1 + (i % 6);
    out.push({
      name: `r${i}`,
      recipe: `r${i}`,
      host: { element: host, count: size - nDopant },
      dopant: { element: dopant, count: nDopant },
      topology: { name: 'icosahedron' },
      site: SITES[i % 3],
      // PPh3 on three recipes in four: a ligand of count 0 is no ligand (featurize refuses it).
      ligands: [{ name: 'PET', smiles: BUILTIN_LIGANDS.PET.smiles, count: 6 + (i % 12) }, ...(i % 4 > 0 ? [{ name: 'PPh3', smiles: BUILTIN_LIGANDS.PPh3.smiles, count: i % 4 }] : [])],
      charge: (i % 3) - 1,
    });
  }
  return out;
}

/** A linear model with the shipped model's inputs, outputs and domain; 2,000 calibration points in 3 groups. */
function writeLinearModel(dir: string): void {
  const w = FEATURE_NAMES.map((_, i) => Math.sin(i) * 0.01);
  const onnx = linearModelBytes({ w, b: -3, W: w.map((x) => Array.from({ length: LINEAR_FOLDS }, (_, k) => x * (1 + 0.05 * k))), c: [-3.1, -3, -2.9, -3.05, -2.95] });
  const residuals = Array.from({ length: 2000 }, (_, i) => 0.5 * Math.abs(Math.sin(i * 1.7)));
  const conformal = cvPlusCalibration(residuals, residuals.map((_, i) => ['4', '5', '6'][i % 3]), 'feature:dopant_period');
  // The shipped card's domain, so the domain checks cost what they cost with the shipped model.
  const shipped = JSON.parse(readFileSync(path.join(MODELS_DIR, `${EFORM_MODEL}.card.json`), 'utf8')) as { domain: unknown };
  const card = { name: EFORM_MODEL, version: 'bench linear model', features: FEATURE_NAMES, featureSchema: FEATURE_SCHEMA_VERSION, domain: shipped.domain };
  const terms = JSON.parse(readFileSync(path.join(MODELS_DIR, ENERGY_TERMS_FILE), 'utf8')) as unknown;
  writeModelFiles(dir, EFORM_MODEL, { onnx, card, conformal, terms });
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

/** Best of `repeats` timings (ms) of `work`: the machine is shared, the best run is the least disturbed. */
/**
 * The inference worker's reply, on one thread: the predictions through a MessagePort in the
 * editor's chunks of 256, as structured clone sends objects and as predictionWire.ts packs them.
 * `sending` is the worker's part (packing, and cloning out), `receiving` the server thread's.
 */
function acrossPort(predictions: readonly Prediction[]): void {
  const { port1, port2 } = new MessageChannel();
  const chunks = Array.from({ length: Math.ceil(predictions.length / 256) }, (_, i) => predictions.slice(i * 256, (i + 1) * 256));
  const time = (send: (chunk: Prediction[]) => void, receive: (message: unknown) => unknown) => {
    let sending = 0;
    let receiving = 0;
    for (const chunk of chunks) {
      const sent = performance.now();
      send(chunk);
      const received = performance.now();
      receive(receiveMessageOnPort(port2)?.message);
      sending += received - sent;
      receiving += performance.now() - received;
    }
    return `${(sending + receiving).toFixed(0)} ms (sending ${sending.toFixed(0)}, receiving ${receiving.toFixed(0)})`;
  };
  for (let round = 0; round < 2; round++) {
    // The first round warms both paths up; the second is printed.
    const cloned = time((chunk) => port1.postMessage(chunk), (message) => message);
    const packed = time(
      (chunk) => {
        const message = packPredictions(chunk);
        port1.postMessage(message, transferables(message));
      },
      (message) => unpackPredictions(message as PackedPredictions),
    );
    if (round === 1) console.log(`${predictions.length.toLocaleString('en-US')} predictions across a MessagePort: structured clone ${cloned}; packed ${packed}`);
  }
  port1.close();
}

function bestOf(repeats: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function measurePredict(label: string, modelDir: string, rows: FeatureMatrix): Promise<Prediction[]> {
  let t0 = performance.now();
  const runtime = await loadModelRuntime({ modelDir });
  console.log(`${label}: load ${(performance.now() - t0).toFixed(0)} ms (the first load also starts onnxruntime-web)`);
  try {
    const cols = FEATURE_NAMES.length;
    const batch = { data: rows.data.subarray(0, 1000 * cols), rows: 1000, cols };
    await runtime.predictEForm(batch, { coverage: 0.9 });
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await runtime.predictEForm(batch, { coverage: 0.9 });
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    t0 = performance.now();
    const predictions = await runtime.predictEForm(rows, { coverage: 0.9 });
    const ms = performance.now() - t0;
    console.log(`${label}: batch of 1,000 (E_form + 90 % CV+ + domain) median of 5 = ${latencies[2].toFixed(1)} ms; ${rows.rows.toLocaleString('en-US')} rows in ${ms.toFixed(0)} ms = ${rate(rows.rows, ms)}`);
    return predictions;
  } finally {
    await runtime.release();
  }
}

/** The anchor and domain as the runtime builds them for the shipped E_form model, timed row by row. */
function perRowJavaScript(rows: FeatureMatrix): void {
  const card = JSON.parse(readFileSync(path.join(MODELS_DIR, `${EFORM_MODEL}.card.json`), 'utf8')) as ModelCard & { conformal: { folds: number } };
  const anchor = new EnergyAnchor(validateEnergyTerms(JSON.parse(readFileSync(path.join(MODELS_DIR, ENERGY_TERMS_FILE), 'utf8'))), card.features);
  const domain = modelDomain(card, true);
  const mixing = mixingSource(EFORM_MODEL, card.conformal.folds);
  const anchors = Array.from({ length: rows.rows }, (_, r) => anchor.evaluate(rows.data, r));
  // Summed so that the timed calls' results are used.
  let sink = 0;
  const anchorMs = bestOf(8, () => {
    for (let r = 0; r < rows.rows; r++) sink += anchor.evaluate(rows.data, r).total + anchor.mixing(rows.data, r, 0, anchor.terms.mixing?.cM[0], EFORM_MODEL, null, mixing).value;
  });
  const reasonsMs = bestOf(8, () => {
    for (let r = 0; r < rows.rows; r++) sink += domain.reasons(rows.data, r, anchors[r].reasons).length;
  });
  const perRow = (ms: number) => `${((1000 * ms) / rows.rows).toFixed(2)} µs a row`;
  console.log(`per-row JavaScript of an E_form prediction (${rows.rows.toLocaleString('en-US')} rows, best of 8): physics anchor and mixing term ${perRow(anchorMs)}, domain reasons ${perRow(reasonsMs)}`);
}

export async function run(): Promise<void> {
  const specs = recipes(FEATURISE_RECIPES);
  const chemistry = await loadChemistry();
  const describe: DescribeLigand = (use) => {
    const d = chemistry.describeLigand(use.smiles ?? '', { binds: use.binds, logP: use.logP });
    return 'error' in d ? { error: d.error } : d;
  };
  const ligands = new RecipeLigands(describe);
  // Each recipe's ligand map, built once (RDKit runs once per distinct ligand): what is timed is the featuriser.
  const maps = specs.map((spec) => {
    const map = ligands.forRecipe(spec);
    if ('error' in map) throw new Error(map.error);
    return map;
  });
  const F = FEATURE_NAMES.length;
  const matrix = new Float32Array(specs.length * F);

  let t0 = performance.now();
  specs.forEach((spec, i) => {
    const failed = featurizeInto(spec, { ligands: maps[i] }, matrix, i * F);
    if (failed) throw new Error(`${spec.name}: ${failed.error}`);
  });
  const coldMs = performance.now() - t0;
  const descriptorsMs = bestOf(3, () => specs.forEach((spec, i) => computeDescriptors(spec, { ligands: maps[i] })));
  const rowsMs = bestOf(3, () => specs.forEach((spec, i) => featurize(spec, { ligands: maps[i] })));
  const matrixMs = bestOf(3, () => specs.forEach((spec, i) => featurizeInto(spec, { ligands: maps[i] }, matrix, i * F)));
  const n = specs.length;
  console.log(`featurize: ${n.toLocaleString('en-US')} recipes × ${F} features, first pass (builds core geometries) ${coldMs.toFixed(0)} ms = ${rate(n, coldMs)}`);
  console.log(`featurize: one new row per recipe ${rate(n, rowsMs)}; into one matrix ${rate(n, matrixMs)} (target ≥ 100,000/s; best of 3)`);
  console.log(`descriptors alone on the same recipes: ${rate(n, descriptorsMs)} (best of 3; the featuriser computes them too)`);

  const lines = specs.map((spec) => JSON.stringify(spec) + '\n');
  let written = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      done();
    },
  });
  t0 = performance.now();
  const exitCode = await runFeaturize(Readable.from(lines), sink);
  const cliMs = performance.now() - t0;
  if (exitCode !== 0) throw new Error(`bimetal featurize exited ${exitCode}`);
  console.log(`bimetal featurize (JSONL in, JSONL out, RDKit load included): ${rate(n, cliMs)}, ${(written / 1e6).toFixed(0)} MB written`);

  const rows = { data: matrix.subarray(0, PREDICT_ROWS * F), rows: PREDICT_ROWS, cols: F };
  acrossPort(await measurePredict(`shipped ${EFORM_MODEL}`, MODELS_DIR, rows));
  perRowJavaScript(rows);
  const linearDir = mkdtempSync(path.join(tmpdir(), 'bimetal-bench-'));
  try {
    writeLinearModel(linearDir);
    await measurePredict('linear model, same shape (runtime + CV+ + domain cost only)', linearDir, rows);
  } finally {
    rmSync(linearDir, { recursive: true, force: true });
  }
}
