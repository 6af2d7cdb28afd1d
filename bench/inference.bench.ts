// Featuriser and inference throughput: `npm run bench -- inference`.
// Prints: featurise rate (10,000 recipes, ligands described once), predict rate (10,000 rows,
// E_form with CV+ intervals and domain checks), latency of one 1,000-row batch, model cold load.
// Uses the shipped models/eform-v1 when present; otherwise a linear model of the same input and
// output shape written by onnxModelBuilder, and says so (it then measures the runtime, CV+ and
// domain overhead, not the shipped model's own cost).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featurize, RecipeLigands, type DescribeLigand } from '../engine/src/features';
import { loadModelRuntime } from '../engine/src/inference';
import { encodeOnnxModel } from '../engine/src/inference/onnxModelBuilder';
import { BUILTIN_LIGANDS, loadChemistry } from '../engine/src/ligands';
import type { RecipeSpec, SiteName } from '../engine/src/recipe';

const HOSTS = ['Au', 'Ag', 'Cu', 'Pt', 'Pd'];
const DOPANTS = ['Au', 'Ag', 'Cu', 'Pt', 'Pd', 'Ni', 'Co', 'Fe', 'Ru', 'Rh', 'Ir', 'Zn', 'Cd', 'Hg'];
const SIZES = [13, 55, 147];
const SITES: SiteName[] = ['core', 'surface', 'mixed'];

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
      ligands: [
        { name: 'PET', smiles: BUILTIN_LIGANDS.PET.smiles, count: 6 + (i % 12) },
        { name: 'PPh3', smiles: BUILTIN_LIGANDS.PPh3.smiles, count: i % 4 },
      ],
      charge: (i % 3) - 1,
    });
  }
  return out;
}

/** A stand-in with the shipped model's interface: point and 5 fold outputs, linear in the features. */
function writeLinearStandIn(dir: string): void {
  const F = FEATURE_NAMES.length;
  const K = 5;
  const w = Array.from({ length: F }, (_, i) => Math.sin(i) * 0.01);
  const onnx = encodeOnnxModel({
    opset: 13,
    inputs: [{ name: 'features', dims: ['N', F] }],
    outputs: [
      { name: 'point', dims: ['N'] },
      { name: 'folds', dims: ['N', K] },
    ],
    initializers: [
      { name: 'w', dims: [F, 1], data: w },
      { name: 'b', dims: [1], data: [-3] },
      { name: 'W', dims: [F, K], data: w.flatMap((x) => Array.from({ length: K }, (_, k) => x * (1 + 0.05 * k))) },
      { name: 'c', dims: [K], data: [-3.1, -3, -2.9, -3.05, -2.95] },
      { name: 'flat', dims: [1], data: { int64: [-1] } },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['features', 'w', 'b'], outputs: ['p2'] },
      { op: 'Reshape', inputs: ['p2', 'flat'], outputs: ['point'] },
      { op: 'Gemm', inputs: ['features', 'W', 'c'], outputs: ['folds'] },
    ],
  });
  const n = 2000;
  const residuals = Array.from({ length: n }, (_, i) => 0.5 * Math.abs(Math.sin(i * 1.7)));
  const groups = ['4', '5', '6'];
  const group = residuals.map((_, i) => groups[i % 3]);
  writeFileSync(path.join(dir, 'eform-v1.onnx'), onnx);
  writeFileSync(
    path.join(dir, 'eform-v1.conformal.json'),
    JSON.stringify({ method: 'cv+', folds: K, residuals, fold: residuals.map((_, i) => i % K), group, groups: Object.fromEntries(groups.map((g) => [g, { n: group.filter((x) => x === g).length }])), groupBy: 'feature:dopant_period' }),
  );
  const ranges = Object.fromEntries(FEATURE_NAMES.map((name) => [name, { min: -1e3, max: 1e3 }]));
  writeFileSync(
    path.join(dir, 'eform-v1.card.json'),
    JSON.stringify({ name: 'eform-v1', version: 'bench stand-in', features: FEATURE_NAMES, featureSchema: FEATURE_SCHEMA_VERSION, domain: { elements: HOSTS, nMetal: [13, 147], supports: ['none'], ligandClasses: ['thiolate', 'phosphine'], features: ranges } }),
  );
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

export async function run(): Promise<void> {
  const specs = recipes(10_000);
  const chemistry = await loadChemistry();
  const describe: DescribeLigand = (use) => {
    const d = chemistry.describeLigand(use.smiles ?? '', { binds: use.binds, logP: use.logP });
    return 'error' in d ? { error: d.error } : d;
  };
  const ligands = new RecipeLigands(describe);
  // Warm the ligand and geometry caches (what "cached ligands/geometry" means for the target).
  for (const spec of specs) ligands.forRecipe(spec);

  const rows: Float32Array[] = [];
  let t0 = performance.now();
  for (const spec of specs) {
    const map = ligands.forRecipe(spec);
    if ('error' in map) throw new Error(map.error);
    const result = featurize(spec, { ligands: map });
    if ('error' in result) throw new Error(`${spec.name}: ${result.error}`);
    rows.push(result.values);
  }
  const firstPass = performance.now() - t0;
  t0 = performance.now();
  for (const spec of specs) featurize(spec, { ligands: ligands.forRecipe(spec) as ReadonlyMap<string, never> });
  const featurizeMs = performance.now() - t0;
  console.log(`featurize: 10,000 recipes (${FEATURE_NAMES.length} features), first pass ${firstPass.toFixed(0)} ms (builds core geometries), cached ${featurizeMs.toFixed(0)} ms = ${rate(10_000, featurizeMs)}`);

  const shipped = path.join(__dirname, '..', 'models');
  let modelDir = shipped;
  let standIn: string | undefined;
  if (!existsSync(path.join(shipped, 'eform-v1.onnx'))) {
    standIn = mkdtempSync(path.join(tmpdir(), 'bimetal-bench-'));
    writeLinearStandIn(standIn);
    modelDir = standIn;
    console.log('model: models/eform-v1 is not shipped yet: using a linear stand-in with the same inputs/outputs and 2,000 calibration points');
  }
  try {
    t0 = performance.now();
    const runtime = await loadModelRuntime({ modelDir });
    console.log(`model cold load (onnxruntime-web init + session + calibration): ${(performance.now() - t0).toFixed(0)} ms`);
    t0 = performance.now();
    const again = await loadModelRuntime({ modelDir });
    console.log(`model warm load (runtime already initialised): ${(performance.now() - t0).toFixed(0)} ms`);
    await again.release();

    const batch = rows.slice(0, 1000);
    await runtime.predictEForm(batch, { coverage: 0.9 });
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = performance.now();
      await runtime.predictEForm(batch, { coverage: 0.9 });
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    console.log(`predict: batch of 1,000 (E_form + 90 % CV+ + domain), median of 5 = ${latencies[2].toFixed(1)} ms`);

    t0 = performance.now();
    await runtime.predictEForm(rows, { coverage: 0.9 });
    const predictMs = performance.now() - t0;
    console.log(`predict: 10,000 rows in ${predictMs.toFixed(0)} ms = ${rate(10_000, predictMs)}`);
    console.log(`featurize + predict: 10,000 recipes in ${(featurizeMs + predictMs).toFixed(0)} ms = ${rate(10_000, featurizeMs + predictMs)}`);
    await runtime.release();
  } finally {
    if (standIn) rmSync(standIn, { recursive: true, force: true });
  }
}
