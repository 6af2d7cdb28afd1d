import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ligandKey } from '../../engine/src/descriptors';
import { FEATURE_NAMES, featurize, type FeatureLigand } from '../../engine/src/features';
import { readXyzStructure } from '../../engine/src/geometry/xyzFile';
import { isLigandError, loadChemistry, type ChemistryToolkit } from '../../engine/src/ligands';
import type { RecipeSpec } from '../../engine/src/recipe';

// Training and the editor must see the same numbers: real training records, featurised the way
// training does it (training/featurize.py → `node dist/cli.js featurize`, via training/parity_sample.py),
// must equal the engine's featurize() called in-process the way the editor calls it
// (pipeline/src/memberAnalysis.ts: RDKit ligand map keyed by ligandKey, geometry read from the XYZ file).
const root = path.resolve(__dirname, '../..');

interface Sample {
  command: string[];
  featureNames: string[];
  accepted: Array<{ dataset: string; spec: RecipeSpec; features: number[] }>;
  rejected: Array<{ dataset: string; spec: RecipeSpec; error: string }>;
}

/** `cache`: a private training cache, so the featuriser really runs instead of answering from training/.cache
 * (the builders also write the QCD structure files there, which the in-process side then reads). */
function pythonSample(cache: string): Sample {
  const run = spawnSync('/usr/bin/python3', ['training/parity_sample.py'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, BIMETAL_TRAINING_CACHE: cache },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, `training/parity_sample.py failed: ${run.stderr.slice(-3000)}`);
  return JSON.parse(run.stdout) as Sample;
}

function inProcess(spec: RecipeSpec, chemistry: ChemistryToolkit): ReturnType<typeof featurize> {
  const ligands = new Map<string, FeatureLigand>();
  for (const use of spec.ligands) {
    assert.ok(use.smiles, `training record ${spec.name} names a ligand without SMILES`);
    const described = chemistry.describeLigand(use.smiles, { binds: use.binds, logP: use.logP });
    if (isLigandError(described)) return { error: `ligand ${use.name ?? use.smiles}: ${described.error}` };
    ligands.set(ligandKey(use), described);
  }
  const geometry = spec.structure ? readXyzStructure(spec.structure) : undefined;
  return featurize(spec, { ligands, structure: geometry ? () => geometry : undefined });
}

test('features of real training records: Python path (bimetal featurize) = in-process featurize(), to float32', { timeout: 120_000 }, async () => {
  const cache = mkdtempSync(path.join(tmpdir(), 'bimetal-parity-'));
  try {
    await compareWithPython(pythonSample(cache));
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

async function compareWithPython(sample: Sample): Promise<void> {
  const chemistry = await loadChemistry();
  assert.deepEqual(sample.featureNames, [...FEATURE_NAMES], `feature names differ (Python path ran ${sample.command.join(' ')})`);

  // Every source must be represented, and the QCD rows must come with their structure files.
  const sources = new Set(sample.accepted.map((r) => r.dataset));
  for (const source of ['qcd', 'tm13', 'bulk', 'canela', 'mp', 'site-bcseg', 'site-eseg-ads']) {
    assert.ok(sources.has(source), `no ${source} record in the sample`);
  }
  assert.ok(sample.accepted.some((r) => r.dataset === 'qcd' && r.spec.structure), 'no QCD record with a structure file');
  assert.ok(sample.accepted.some((r) => r.spec.ligands.length > 0), 'no record with ligands');

  const differences: string[] = [];
  for (const { dataset, spec, features } of sample.accepted) {
    const local = inProcess(spec, chemistry);
    if ('error' in local) {
      differences.push(`${dataset} ${spec.name}: featurised by the Python path, rejected in-process (${local.error})`);
      continue;
    }
    assert.equal(features.length, local.values.length, `${spec.name}: row width`);
    features.forEach((value, j) => {
      // Both sides are float32 numbers; Math.fround makes the Python double a float32 again.
      if (Math.fround(value) !== local.values[j]) {
        differences.push(`${dataset} ${spec.name} ${FEATURE_NAMES[j]}: Python ${value}, in-process ${local.values[j]}`);
      }
    });
  }
  assert.deepEqual(differences, [], `the two feature paths diverge (Python path ran ${sample.command.join(' ')})`);

  for (const { dataset, spec, error } of sample.rejected) {
    const local = inProcess(spec, chemistry);
    assert.ok('error' in local, `${dataset} ${spec.name}: rejected by the Python path (${error}), featurised in-process`);
    assert.equal(local.error, error, `${dataset} ${spec.name}: rejection reasons differ`);
  }
}
