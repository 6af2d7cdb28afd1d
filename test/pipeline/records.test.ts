import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../grammar/src/index';
import { tidy } from '../../engine/src/significant';
import { referenceFields, toRecordDiagnostic, toSiteRecord } from '../../pipeline/src/records';
import { labelledRecords } from '../../pipeline/src/calibration/apply';
import { createScorer } from '../../pipeline/src/index';
import { AU12PD, AU4RU2, CU_M_MFI } from './sampleRecipes';

test('record diagnostics are 1-based line and column', () => {
  const text = 'recipe A {\n  host Au 4\n  dopant S 2\n}';
  const start = text.indexOf('S 2');
  const d = toRecordDiagnostic({ code: 'BM201', severity: 'error', message: 'not a metal', range: { start, end: start + 1 } }, new LineIndex(text));
  assert.deepEqual(d, { line: 3, column: 10, severity: 'error', code: 'BM201', message: 'not a metal' });
});

test('site preference: core or surface only when the whole interval of ΔE = E(core) − E(surface) is on one side of 0', () => {
  const base = { coverage: 0.9, model: 'site-v2', inDomain: true };
  assert.equal(toSiteRecord({ ...base, point: -0.2, lower: -0.5, upper: -0.01 }).preferred, 'core');
  assert.equal(toSiteRecord({ ...base, point: 0.3, lower: 0.05, upper: 0.6 }).preferred, 'surface');
  // A negative point whose interval reaches 0 is no call, nor is one that straddles it.
  assert.equal(toSiteRecord({ ...base, point: -0.2, lower: -0.5, upper: 0 }).preferred, 'undetermined');
  assert.equal(toSiteRecord({ ...base, point: 0.3, lower: -1, upper: 1 }).preferred, 'undetermined');
  assert.equal(toSiteRecord({ ...base, point: -0.2, lower: -Infinity, upper: -0.1 }).preferred, 'undetermined');
  assert.equal(toSiteRecord({ ...base, point: 0.2, lower: 0.1, upper: Infinity }).preferred, 'undetermined');
});

test('numbers keep six significant digits, without binary noise; infinite bounds stay infinite', () => {
  assert.equal(tidy(0.33999999999999986), 0.34);
  assert.equal(tidy(-2.1129767894744873), -2.11298);
  assert.equal(tidy(90.54656899999999), 90.5466);
  assert.equal(tidy(Infinity), Infinity);
});

test('a reference lies in the interval unless a finite end excludes it: an unbounded end (±Infinity, or null after JSON) holds every value', () => {
  const at = (lower: number | null, upper: number | null) => referenceFields(-3.5, { eForm: -2.7, lower, upper }).referenceInInterval;
  assert.equal(at(-3.1, -2.4), false);
  assert.equal(at(-3.6, -2.4), true);
  assert.equal(at(-Infinity, Infinity), true);
  assert.equal(at(null, null), true);
  assert.equal(at(null, -3.6), false);
  assert.deepEqual(referenceFields(undefined, { eForm: -2.7, lower: -3, upper: -2 }), {});
});

test('a labelled recipe with no prediction (no model installed) keeps its label in the record, without the comparison', async () => {
  assert.deepEqual(referenceFields(-3.5, null), { reference: -3.5 });
  const scorer = createScorer({ modelDir: '/nonexistent-bimetal-models', batch: true });
  try {
    const scored = await scorer.scoreText('recipe L {\n  host Au 12\n  dopant Pt 1\n  topology icosahedron\n  energy -2.9 eV\n}\n', { file: 'l.bimetal' });
    const [record] = labelledRecords(scored.members, undefined, 0.9);
    assert.equal(record.prediction, null);
    assert.equal(record.reference, -2.9);
    assert.equal(record.residual, undefined);
  } finally {
    await scorer.dispose();
  }
});

test("a term's inputs, which records share rather than copy, hold numbers as records print them: six significant digits, or a whole count", async () => {
  // Size laws, ligand fractions (a support adds only its name), mixing with its coefficients, and ordering with a site ΔE (the shipped models).
  const family = 'recipe Fam {\n  host Au [12, 54]\n  dopant [Pt, Pd, Ag] 1..2\n  topology icosahedron\n  site core\n  ligands PET x 1..3\n}\n';
  const scorer = createScorer();
  const document = await scorer.scoreText([AU12PD, AU4RU2, CU_M_MFI, family].join('\n'), { file: 'terms.bimetal', baseDir: process.cwd() });
  await scorer.dispose();
  const records = labelledRecords(document.members, undefined, 0.9);
  const seen = new Set<string>();
  for (const record of records) {
    for (const term of record.prediction?.terms ?? []) {
      for (const [name, value] of Object.entries(term.inputs)) {
        if (typeof value !== 'number') continue;
        // Inputs are named after what they are: N and n_X count atoms; every other number is a measure.
        const count = name === 'N' || name.startsWith('n_');
        seen.add(`${term.key}.${name.replace(/^n_.+/, 'n_X').replace(/^E_.+\(N\)$/, 'E_X(N)').replace(/^ligand_frac_.+/, 'ligand_frac_X')}`);
        assert.ok(count ? Number.isInteger(value) : tidy(value) === value, `${record.recipe} ${term.key}.${name} = ${value}`);
      }
    }
  }
  const expected = ['size.N', 'size.n_X', 'size.E_X(N)', 'environment.ligands_per_metal', 'environment.ligand_frac_X', 'mixing.H_mix (kJ/mol)', 'mixing.x', 'mixing.4x(1−x)·H_mix (eV/atom)', 'mixing.c_M', 'mixing.bcm_ordering (eV/atom)', 'mixing.c_O', 'ordering.ΔE_site', 'ordering.n_X', 'ordering.N'];
  assert.deepEqual(expected.filter((input) => !seen.has(input)), [], `seen: ${[...seen].join(', ')}`);
});

test("a record's topology is null for composition only, whether `topology none` is written or no template is derived; a derived one is named", async () => {
  const scorer = createScorer({ modelDir: '/nonexistent-models' });
  try {
    const doc = await scorer.scoreText(
      ['recipe Said {\n  host Au 12\n  dopant Ni 1\n  topology none\n}', 'recipe Unsaid {\n  host Au 12\n  dopant Ni 1\n}', 'recipe Derived {\n  host Au 4\n  dopant Ni 2\n}'].join('\n'),
      { file: 't.bimetal' },
    );
    assert.deepEqual(
      doc.records.map((r) => [r.recipe, r.topology]),
      [
        ['Said', null],
        ['Unsaid', null],
        ['Derived', 'octahedron'],
      ],
    );
  } finally {
    await scorer.dispose();
  }
});
