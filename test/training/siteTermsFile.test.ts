import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * models/site-v2.terms.json (models/FORMAT.md) against the shipped model's own parity sample: each
 * fold model's output, predicted in Python, is the sum of its terms, weight · part(column), to
 * float32 precision. A terms file that misdescribed the fold models (another fold order, a side
 * swapped, a weight of the unsplit column) fails here.
 */
const modelDir = path.resolve(__dirname, '../../models');
const read = (file: string) => JSON.parse(readFileSync(path.join(modelDir, file), 'utf8'));

test('site-v2.terms.json sums to every fold output of the parity sample', () => {
  const terms = read('site-v2.terms.json');
  const card = read('site-v2.card.json');
  const parity: { features: number[][]; folds: number[][] } = read('site-v2.parity.json');
  assert.equal(terms.schema, 'bimetal-site-terms-1');
  assert.equal(terms.folds, card.conformal.folds);
  const columns = new Set<string>(terms.terms.map((t: { column: string }) => t.column));
  const screened = ['bcm_site', 'cohesive_energy_diff', 'h_mix', 'radius_mismatch', 'surface_energy_diff'];
  assert.deepEqual([...columns].sort(), [...screened, ...screened.map((c) => `${c}_ligated`), 'ligand_affinity_diff'].sort());
  let worst = 0;
  parity.features.forEach((x, r) => {
    for (let k = 0; k < terms.folds; k++) {
      let sum = 0;
      for (const t of terms.terms as { column: string; part: string; gate?: { below: string; above: string }; weights: number[] }[]) {
        const v = x[card.features.indexOf(t.column)];
        const gateHolds = !t.gate || x[card.features.indexOf(t.gate.below)] < x[card.features.indexOf(t.gate.above)];
        const part = t.part === 'positive' ? Math.max(v, 0) : t.part === 'negative' ? Math.min(v, 0) : gateHolds ? v : 0;
        sum += t.weights[k] * part;
      }
      worst = Math.max(worst, Math.abs(sum - parity.folds[r][k]));
    }
  });
  assert.ok(worst < 1e-4, `the terms miss a fold output by ${worst} eV`);
  // Each weight is held to its rule's sign: a term's weights share one sign, and one at its bound is 0, not rounding
  // noise past it (bvls stepped 1.4e-17 past a bound of 0, and the views showed that term pushing one way).
  for (const t of terms.terms as { key: string; weights: number[] }[]) {
    assert.ok(t.weights.every((w) => w >= 0) || t.weights.every((w) => w <= 0), `${t.key}: ${t.weights}`);
    assert.ok(t.weights.every((w) => w === 0 || Math.abs(w) > 1e-9), `${t.key}: ${t.weights}`);
  }
  // Under a ligand shell a bare-surface term weighs s times its bare weight, s in [0, 1], one s per fold model: its
  // `_ligated` copy carries (s − 1) times that weight, so the two together keep the rule's sign.
  const byKey = new Map<string, number[]>(terms.terms.map((t: { key: string; weights: number[] }) => [t.key, t.weights]));
  for (let k = 0; k < terms.folds; k++) {
    const factors = [...byKey]
      .filter(([key]) => /_ligated(?=[<>|]|$)/.test(key))
      .map(([key, copy]) => [byKey.get(key.replace('_ligated', ''))![k], copy[k]])
      .filter(([bare]) => bare !== 0)
      .map(([bare, copy]) => (bare + copy) / bare);
    assert.ok(factors.length > 0, `fold ${k}: screened terms with weight`);
    assert.ok(factors.every((s) => s >= -1e-6 && s <= 1 + 1e-6 && Math.abs(s - factors[0]) < 1e-4), `fold ${k}: ${factors}`);
  }
  // The sample holds rows on both sides of the H_mix gate (a dopant left of its host and one right of it).
  const hMix = terms.terms.find((t: { column: string }) => t.column === 'h_mix');
  assert.equal(hMix.part, 'gated');
  const open = parity.features.map((x) => x[card.features.indexOf(hMix.gate.below)] < x[card.features.indexOf(hMix.gate.above)]);
  assert.ok(open.includes(true) && open.includes(false), 'the parity sample has rows with the gate open and closed');
});
