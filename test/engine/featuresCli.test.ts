import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFeaturize } from '../../cli/src/featurize';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureIndex } from '../../engine/src/features';

async function featurizeLines(lines: string[], dataDir?: string): Promise<{ code: number; out: Array<Record<string, unknown>> }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  input.end(lines.join('\n') + '\n');
  const code = await runFeaturize(input, output, { dataDir });
  return { code, out: chunks.join('').trim().split('\n').map((l) => JSON.parse(l)) };
}

const au12ag = {
  name: 'Au12Ag',
  recipe: 'Au12Ag',
  host: { element: 'Au', count: 12 },
  dopant: { element: 'Ag', count: 1 },
  topology: { name: 'icosahedron' },
  site: 'core',
  ligands: [{ name: 'PET', smiles: 'SCCc1ccccc1', count: 6 }, { name: 'PPh3', count: 2 }],
  charge: 0,
};

test('JSONL in, one line out per record in order; names on the first line; bad lines become error lines', async () => {
  const { code, out } = await featurizeLines([
    '{not json',
    JSON.stringify(au12ag),
    '',
    JSON.stringify({ ...au12ag, name: 'bad-element', dopant: { element: 'Qq', count: 1 } }),
    JSON.stringify({ ...au12ag, name: 'bad-smiles', ligands: [{ name: 'X', smiles: 'C1CC', count: 1 }] }),
    '[1, 2]',
  ]);
  assert.equal(code, 1);
  assert.equal(out.length, 5);
  assert.equal(out[0].name, 'line 1');
  assert.match(String(out[0].error), /not valid JSON/);
  assert.deepEqual(out[0].featureNames, FEATURE_NAMES);
  assert.equal(out[0].featureSchema, FEATURE_SCHEMA_VERSION);
  assert.equal(out[1].name, 'Au12Ag');
  const features = out[1].features as number[];
  assert.equal(features.length, FEATURE_NAMES.length);
  assert.equal(out[1].featureNames, undefined);
  // RDKit Crippen logP: the built-in PPh3 resolved by name, PET from its SMILES.
  assert.ok(features[featureIndex('logp_mean')] > 2);
  assert.equal(features[featureIndex('ligand_frac_thiolate')], 0.75);
  assert.match(String(out[2].error), /dopant: no element data for "Qq"/);
  assert.match(String(out[3].error), /ligand X:/);
  assert.match(String(out[4].error), /line 6 is not a JSON object/);
});

test('structure files resolve against dataDir; exit code 0 when every line featurises', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-featurize-'));
  try {
    // A 13-atom icosahedron, Au–Au 2.80 Å between surface neighbours.
    const t = (1 + Math.sqrt(5)) / 2;
    const scale = 2.8 / 2;
    const vertices = [
      [0, 1, t], [0, -1, t], [0, 1, -t], [0, -1, -t],
      [1, t, 0], [-1, t, 0], [1, -t, 0], [-1, -t, 0],
      [t, 0, 1], [-t, 0, 1], [t, 0, -1], [-t, 0, -1],
    ];
    const xyz = ['13', 'Au13', 'Au 0 0 0', ...vertices.map((v) => `Au ${v.map((c) => (c * scale).toFixed(5)).join(' ')}`)].join('\n');
    writeFileSync(path.join(dir, 'au13.xyz'), xyz);
    const unary = { ...au12ag, name: 'Au13', host: { element: 'Au', count: 13 }, dopant: { element: 'Au', count: 0 }, topology: undefined, structure: 'au13.xyz', ligands: [] };
    const { code, out } = await featurizeLines([JSON.stringify(unary)], dir);
    assert.equal(code, 0, JSON.stringify(out));
    const features = out[0].features as number[];
    assert.equal(features[featureIndex('is_unary')], 1);
    assert.equal(features[featureIndex('has_geometry')], 1);
    assert.ok(Math.abs(features[featureIndex('distance')] - 2.7) < 0.2, `D = ${features[featureIndex('distance')]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a ligand named CCN (triphenylphosphine here) and the inline SMILES "CCN" (ethylamine) keep their own chemistry in the features', async () => {
  const phosphine = 'P(c1ccccc1)(c1ccccc1)c1ccccc1';
  const metals = { ...au12ag, host: { element: 'Au', count: 4 }, dopant: { element: 'Pd', count: 2 }, topology: undefined, site: 'mixed' };
  const clash = { ...metals, name: 'Clash', ligands: [{ name: 'CCN', smiles: phosphine, binds: ['P'], count: 6 }, { smiles: 'CCN', count: 2 }] };
  const reference = { ...metals, name: 'Ref', ligands: [{ name: 'Phos', smiles: phosphine, binds: ['P'], count: 6 }, { smiles: 'CCN', count: 2 }] };
  // Each order: the map of one recipe once kept whichever of the two came last.
  const reversed = { ...clash, name: 'Reversed', ligands: [...clash.ligands].reverse() };
  const { code, out } = await featurizeLines([clash, reference, reversed].map((r) => JSON.stringify(r)));
  assert.equal(code, 0, JSON.stringify(out));
  const [ofClash, ofReference, ofReversed] = out.map((line) => line.features as number[]);
  assert.deepEqual(ofClash, ofReference);
  assert.deepEqual(ofReversed, ofReference);
  assert.ok(ofReference[featureIndex('logp_mean')] > 2, 'six phosphines (Crippen ≈ 3.4) and two ethylamines (≈ 0)');
});
