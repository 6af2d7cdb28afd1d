import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailModel, isRecipeDetail } from '../../client/src/results/detailModel';
import type { RecipeDetail } from '../../report/src/recipeDetailProtocol';
import type { TermRecord } from '../../engine/src/scoreRecord';
import { record } from '../helpers/scoreRecord';

const terms: TermRecord[] = [
  { key: 'size' as const, value: -2.8, unit: 'eV/atom', source: 'Au size law', supported: true, inputs: { N: 13 } },
  { key: 'mixing' as const, value: 0.1, unit: 'eV/atom', source: 'model eform-v2', supported: true, inputs: {} },
];
const base = record('Fam[dopant=Pt]', -2.7, { reference: -3.5, residual: -0.8, dopant: 'Pt' });
const detail: RecipeDetail = {
  record: { ...base, prediction: { ...base.prediction!, terms } },
  attribution: {
    available: true,
    baseline: -2.5,
    prediction: -2.7,
    ordering: 0.01,
    background: 'the column-wise median of 3 recipes of this file (element identities kept)',
    shares: [
      { name: 'ratio', columns: ['ratio'], value: 0.05 },
      { name: 'N_metal', columns: ['n_metal'], value: -0.25 },
    ],
  },
  core: { available: true, elements: ['Au', 'Pt'], positions: [0, 0, 0, 2.8, 0, 0], labels: ['core', 'surface'], bonds: [[0, 1]], origin: 'icosahedron template' },
};

test('the prediction stands beside its reference, and a reference outside the interval is flagged', () => {
  const model = detailModel(detail);
  assert.deepEqual(model.energy.map((l) => [l.label, l.value]), [
    ['E_form (predicted)', '−2.700 eV/atom'],
    ['interval (90 %)', '[−3.100, −2.400] eV/atom'],
    ['E_form (reference)', '−3.500 eV/atom'],
    ['residual', '−0.800 eV/atom'],
  ]);
  assert.equal(model.referenceOutside, true);
  const inside = record('Fam[dopant=Pt]', -2.7, { reference: -2.6, residual: 0.1, dopant: 'Pt' });
  assert.equal(detailModel({ ...detail, record: inside }).referenceOutside, false);
  // An unbounded interval (BM405; its ends are null after JSON) reads as such and holds the reference
  // (comparing −3.5 with a null end had called it outside).
  const prediction = { ...base.prediction!, lower: null as unknown as number, upper: null as unknown as number };
  const open = detailModel({ ...detail, record: record('Fam[dopant=Pt]', -2.7, { reference: -3.5, residual: -0.8, dopant: 'Pt', prediction }) });
  assert.equal(open.energy[1].value, '[−∞, +∞] eV/atom');
  assert.equal(open.referenceOutside, false);
});

test('the terms as the model exposes them, and the attribution largest first with signed bars', () => {
  const model = detailModel(detail);
  assert.deepEqual(model.terms.map((t) => [t.label, t.value]), [['size', '−2.800 eV/atom'], ['mixing', '0.100 eV/atom']]);
  assert.match(model.terms[0].title, /Au size law\nN = 13/);
  assert.ok(!('unavailable' in model.attribution));
  const { bars, note } = model.attribution as Exclude<typeof model.attribution, { unavailable: string }>;
  assert.deepEqual(bars.map((b) => [b.name, b.text, b.fraction]), [['N_metal', '−0.250', 1], ['ratio', '+0.050', 0.2]]);
  assert.match(note, /baseline, −2\.500, to this recipe's, −2\.700.*ordering term, 0\.010/);
});

test('what is not available says why; a malformed answer is refused', () => {
  const model = detailModel({ ...detail, attribution: { available: false, reason: 'no other recipe' }, core: { available: false, reason: 'topology none' } });
  assert.deepEqual(model.attribution, { unavailable: 'no other recipe' });
  assert.deepEqual(model.core, { unavailable: 'topology none' });
  assert.ok(isRecipeDetail(detail));
  assert.ok(!isRecipeDetail(null));
  assert.ok(!isRecipeDetail({ record: {} }));
});
