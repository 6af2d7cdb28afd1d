import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModelRuntime } from '../../engine/src/inference';
import { featurizeSpecs, unaryIcosahedron } from './helpers';

// Physical sanity of the shipped E_form model (models/eform-v2.*) for pure clusters, through the TS runtime.
const modelDir = path.resolve(__dirname, '../../models');
const card = JSON.parse(readFileSync(path.join(modelDir, 'eform-v2.card.json'), 'utf8'));
// Metals with their own size law (card domain.sizeLawElements).
const trainingMetals: string[] = card.domain.sizeLawElements;

test('binding per atom grows stronger with size (icosahedra 13 → 55 → 147) for every training metal', async () => {
  const runtime = await loadModelRuntime({ modelDir });
  try {
    const specs = trainingMetals.flatMap((el) => [1, 2, 3].map((k) => unaryIcosahedron(el, k)));
    const { rows } = await featurizeSpecs(specs);
    const preds = await runtime.predictEForm(rows, { coverage: 0.9 });
    const weaker: string[] = [];
    trainingMetals.forEach((el, i) => {
      const [e13, e55, e147] = preds.slice(3 * i, 3 * i + 3).map((p) => p.point);
      if (!(e55 < e13 && e147 < e55)) weaker.push(`${el}: ${e13.toFixed(2)}, ${e55.toFixed(2)}, ${e147.toFixed(2)}`);
    });
    assert.deepEqual(weaker, [], 'E_form(13) > E_form(55) > E_form(147) expected');
  } finally {
    await runtime.release();
  }
});

test('a large cluster of a pure metal approaches minus its cohesive energy', async () => {
  const runtime = await loadModelRuntime({ modelDir });
  try {
    const specs = trainingMetals.flatMap((el) => [unaryIcosahedron(el, 3), unaryIcosahedron(el, 12)]);
    const { names, rows } = await featurizeSpecs(specs);
    const ecoh = names.indexOf('host_cohesive_energy');
    const preds = await runtime.predictEForm(rows, { coverage: 0.9 });
    // The targets are PBE binding energies; PBE misses the experimental cohesive energy by up to
    // ~30 % (Zn, Cd: see the isolated-atom cross-check in docs/models.md), and 6525 atoms still keep
    // ~20 % at the surface (PBE overbinds some, e.g. Hf, past −E_coh). So: bound at least as strongly
    // as the 147-atom cluster (the size law is monotone: no slack), and within 45 % of −E_coh.
    const bad = trainingMetals
      .map((el, i) => ({ el, e147: preds[2 * i].point, eLarge: preds[2 * i + 1].point, target: -rows[2 * i][ecoh] }))
      .filter((r) => r.eLarge > r.e147
        || Math.abs(r.eLarge - r.target) > 0.45 * Math.abs(r.target))
      .map((r) => `${r.el}: 147 → ${r.e147.toFixed(2)}, 6525 → ${r.eLarge.toFixed(2)}, −E_coh = ${r.target.toFixed(2)}`);
    assert.deepEqual(bad, []);
  } finally {
    await runtime.release();
  }
});

test('every interval contains its point prediction (80/90/95 %)', async () => {
  const runtime = await loadModelRuntime({ modelDir });
  try {
    const { rows } = await featurizeSpecs(trainingMetals.flatMap((el) => [1, 3, 6].map((k) => unaryIcosahedron(el, k))));
    for (const coverage of [0.8, 0.9, 0.95]) {
      for (const p of await runtime.predictEForm(rows, { coverage })) {
        assert.ok(p.lower <= p.point && p.point <= p.upper, `${p.lower} ≤ ${p.point} ≤ ${p.upper} at ${coverage}`);
      }
    }
  } finally {
    await runtime.release();
  }
});

test('the site goal is judged against the strongest simple baseline in its own table, the more common side included', () => {
  const report = readFileSync(path.resolve(modelDir, '../docs/models.md'), 'utf8');
  const baselines = [...report.matchAll(/^\| (rule: [^|]+|bond-centric site energy alone) \| (\d\.\d{3}) \|/gm)];
  assert.ok(baselines.some((b) => b[1].startsWith('rule: the side more common')), 'the majority side is a baseline');
  const best = Math.max(...baselines.map((b) => Number(b[2])));
  const goal = /goal site sign: (\d\.\d{3}) vs best simple baseline (\d\.\d{3}) .*?: (met|NOT met)/.exec(report);
  assert.ok(goal, 'the goal line');
  assert.equal(Number(goal[2]), best);
  assert.equal(goal[3] === 'met', Number(goal[1]) >= best + 0.05);
});

test('the E_form card lists every data set a part of it was fitted or calibrated on, not only its training rows', () => {
  const sets = (card.training.datasets as { key: string; use: string }[]).map((d) => d.key);
  // c_O on LPNC, the environment term on the published values, the pair-far group on Materials Project binaries.
  for (const key of ['qcd', 'canela', 'lpnc', 'published', 'mp']) assert.ok(sets.includes(key), `${key} in ${sets.join(', ')}`);
});

test("the report states every environment term's fitted range and which terms were fitted together, as the runtime flags them", () => {
  const report = readFileSync(path.resolve(modelDir, '../docs/models.md'), 'utf8');
  const terms = JSON.parse(readFileSync(path.resolve(modelDir, 'eform-v2.terms.json'), 'utf8')).environment;
  for (const [kind, term] of Object.entries(terms.perSupport as Record<string, { nMetal: { min: number; max: number } }>)) {
    const range = term.nMetal.min === term.nMetal.max ? `${term.nMetal.min}` : `${term.nMetal.min}–${term.nMetal.max}`;
    assert.match(report, new RegExp(`^\\| support ${kind} \\|.*\\| ${range} metal atoms \\|$`, 'm'), `support ${kind}'s fitted sizes`);
  }
  for (const group of terms.fittedTogether as string[][]) assert.ok(report.includes(group.join(' + ')), `fitted together: ${group.join(' + ')}`);
  assert.match(report, /a support under a cluster far from the sizes its term was fitted on, or terms no fitted recipe had together \(`environment-new`/);
});

test('every section of every model card says something: no heading stands over nothing', () => {
  for (const name of ['eform-v2', 'site-v2']) {
    const sections = readFileSync(path.join(modelDir, `${name}.card.md`), 'utf8').split(/^## /m).slice(1);
    for (const section of sections) {
      const [heading, ...body] = section.split('\n');
      assert.ok(body.join('\n').trim().length > 0, `${name}.card.md: "## ${heading}" is empty`);
    }
  }
});

test('the shipped site model gives ΔE = 0 for a dopant identical to its host and puts every clear-cut bare training row on its side', () => {
  // A free intercept (−0.22 to −0.38 eV, the model shipped before) moved every dopant towards the core, one identical
  // to its host included, and put Au in Pd (BCSeg +0.49 eV, all three rules agreeing) in the core.
  const report = readFileSync(path.resolve(modelDir, '../docs/models.md'), 'utf8');
  const row = /^\| model `[^`]+` \(shipped\) \|.*\| (\d+\.\d{3}) \| (\d+) of (\d+) \((\d+) of (\d+)\) \|$/m.exec(report);
  assert.ok(row, 'the shipped row with its symmetry and clear-cut columns');
  assert.equal(Number(row[1]), 0, `ΔE at dopant = host: ${row[1]} eV`);
  assert.ok(Number(row[5]) > 0 && row[4] === row[5], `clear-cut bare rows right: ${row[4]} of ${row[5]}`);
  assert.ok(Number(row[2]) >= 0.8 * Number(row[3]), `clear-cut rows right: ${row[2]} of ${row[3]}`);
});

test('leave-host-out, the site model beats the mean ΔE of the other hosts on the ligated slabs and on the bare ones', () => {
  // With the bare slabs' weights on ligated rows the model missed the ligated slabs by more than that baseline (MAE
  // 0.300 eV against 0.287, sign accuracy 0.644): under an adsorbate the bare-surface terms weigh s times as much.
  const report = readFileSync(path.resolve(modelDir, '../docs/models.md'), 'utf8');
  for (const slice of ['source: bare slabs (BCSeg)', 'source: ligated slabs (EsegAds)', 'all']) {
    const row = new RegExp(`^\\| ${slice.replace(/[()]/g, '\\$&')} \\| (\\d+) \\| (\\d\\.\\d{3}) \\| (\\d\\.\\d{3}) \\| (\\d\\.\\d{3}) \\|`, 'm').exec(report);
    assert.ok(row, `the slice ${slice}`);
    assert.ok(Number(row[2]) < Number(row[3]), `${slice}: MAE ${row[2]} eV against the other hosts' mean ${row[3]}`);
  }
});
