import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../grammar/src/index';
import type { Prediction } from '../../engine/src/inference/runtime';
import { analyzeMember } from '../../pipeline/src/memberAnalysis';
import type { Predictor } from '../../pipeline/src/modelStage';
import { predictMembers } from '../../pipeline/src/predictionStage';
import { featureIndex } from '../../engine/src/features/schema';

function outOfDomain(model: string, point: number): Prediction {
  return {
    point,
    modelPoint: point,
    lower: point - 0.1,
    upper: point + 0.1,
    coverage: 0.9,
    model,
    bounded: true,
    calibrationGroup: null,
    calibrationRule: null,
    calibrationPoints: 100,
    calibrationParts: [],
    inDomain: false,
    domainReasons: [`${model} reason`],
    terms: [],
  };
}

/** Two 13-atom members that both get a site call; their feature rows are whatever the featuriser gives. */
function pending() {
  const text = 'recipe R {\n  host Au 12\n  dopant [Pt, Pd] 1\n  topology icosahedron\n}\n';
  return analyzeText(text).members.map((spec) => ({ spec, analysis: analyzeMember({ spec, ligands: new Map(), phiThreshold: -0.3 }) }));
}

test('both models are asked before either answers, and findings keep E_form before site', async () => {
  const calls: string[] = [];
  let answerEForm!: () => void;
  const runtime: Predictor = {
    cards: {},
    problems: [],
    predictEForm: (rows) => {
      calls.push('eform');
      return new Promise((resolve) => (answerEForm = () => resolve((rows as Float32Array[]).map(() => outOfDomain('eform-v2', -3)))));
    },
    predictSite: async (rows) => {
      calls.push('site');
      return (rows as Float32Array[]).map(() => outOfDomain('site-v2', 0.2));
    },
  };
  const members = pending();
  const done = predictMembers(runtime, members, 0.9);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, ['eform', 'site'], 'the site model was asked while E_form had not answered');
  answerEForm();
  const { siteFailure } = await done;
  assert.equal(siteFailure, undefined);
  for (const { analysis } of members) {
    assert.equal(analysis.prediction?.model, 'eform-v2');
    assert.equal(analysis.site?.model, 'site-v2');
    const domain = analysis.findings.filter((f) => f.code === 'BM404').map((f) => f.message);
    assert.deepEqual(domain.map((m) => m.split(' ')[0]), ['eform-v2', 'site-v2']);
  }
});

test('a failing site model leaves E_form predicted and is returned once', async () => {
  const failure = new Error('no site model');
  const runtime: Predictor = {
    cards: {},
    problems: [],
    predictEForm: async (rows) => (rows as Float32Array[]).map(() => outOfDomain('eform-v2', -3)),
    predictSite: async () => {
      throw failure;
    },
  };
  const members = pending();
  const { siteFailure } = await predictMembers(runtime, members, 0.9);
  assert.equal(siteFailure, failure);
  for (const { analysis } of members) {
    assert.equal(analysis.prediction?.model, 'eform-v2');
    assert.equal(analysis.site, null);
    assert.ok(analysis.predicted);
  }
});

test('predicted members let go of their feature rows, which only the models read', async () => {
  const asked: Float32Array[] = [];
  const runtime: Predictor = {
    cards: {},
    problems: [],
    predictEForm: async (rows) => {
      asked.push(...(rows as Float32Array[]));
      return (rows as Float32Array[]).map(() => outOfDomain('eform-v2', -3));
    },
    predictSite: async (rows) => (rows as Float32Array[]).map(() => outOfDomain('site-v2', 0.2)),
  };
  const members = pending();
  const rows = members.map((m) => m.analysis.features);
  assert.ok(rows.every((row) => row instanceof Float32Array && row.length > 0));
  await predictMembers(runtime, members, 0.9);
  assert.deepEqual(asked, rows, 'the models were given the rows');
  for (const { analysis } of members) {
    assert.ok(analysis.predicted);
    assert.equal(analysis.features, null);
    assert.equal(analysis.featureError, undefined);
  }
});

/**
 * A 147-atom Au–Pd member per stated site, E_form bounded or not, ΔE unbounded: which group BM405 on
 * E_form names; under `majority`, Au73Pd74's (Pd the majority), with ΔE′ from the call with the roles swapped.
 */
async function eFormUnboundedNotes(eFormBounded: boolean, eFormPoints = 6, counts = 'host Au 146 dopant Pd 1'): Promise<Map<string, string[]>> {
  const unbounded = (p: Prediction): Prediction => ({ ...p, lower: -Infinity, upper: Infinity, bounded: false });
  const eForm = { ...outOfDomain('eform-v2', -3), calibrationGroup: 'pair-new', calibrationPoints: eFormPoints };
  const runtime: Predictor = {
    cards: {},
    problems: [],
    predictEForm: async (rows) => (rows as Float32Array[]).map(() => (eFormBounded ? eForm : unbounded(eForm))),
    predictSite: async (rows) => (rows as Float32Array[]).map(() => unbounded({ ...outOfDomain('site-v2', 0.2), calibrationGroup: 'all', calibrationPoints: 5 })),
  };
  const text = ['core', 'surface', 'mixed'].map((site) => `recipe R_${site} { ${counts} topology icosahedron site ${site} }\n`).join('');
  const members = analyzeText(text).members.map((spec) => ({ spec, analysis: analyzeMember({ spec, ligands: new Map(), phiThreshold: -0.3 }) }));
  await predictMembers(runtime, members, 0.9);
  return new Map(members.map(({ spec, analysis }) => [spec.site, analysis.findings.filter((f) => f.code === 'BM405' && f.message.startsWith('eform-v2')).map((f) => f.message)]));
}

test("BM405 on E_form names the site model's group when the ordering term carried its unbounded interval in, and E_form's own only when that is too small", async () => {
  const carriedOnly = await eFormUnboundedNotes(true);
  for (const site of ['core', 'surface']) {
    const [note, ...more] = carriedOnly.get(site)!;
    assert.equal(more.length, 0, site);
    assert.match(note, /^eform-v2: site-v2's calibration group "all" \(whose ΔE interval the ordering term ΔE_order spans\) holds 5 points, too few for 90 % coverage \(CV\+ needs at least 9\)/, site);
    assert.match(note, /; eform-v2's own calibration group "pair-new" is large enough;/, site);
  }
  // `site mixed` has no ordering term: E_form's interval stays bounded, and so it has no BM405.
  assert.deepEqual(carriedOnly.get('mixed'), []);

  const both = await eFormUnboundedNotes(false);
  for (const site of ['core', 'surface']) {
    assert.match(both.get(site)![0], /^eform-v2: calibration group "pair-new" holds 6 points and site-v2's calibration group "all" \(whose ΔE interval the ordering term ΔE_order spans\) holds 5 points, too few/, site);
  }
  assert.match(both.get('mixed')![0], /^eform-v2: calibration group "pair-new" holds 6 points, too few for 90 % coverage/);
});

test("BM405 on E_form names ΔE′, and what was asked, where the call with the roles swapped carried its unbounded interval in", async () => {
  const notes = await eFormUnboundedNotes(true, 6, 'host Au 73 dopant Pd 74');
  for (const [site, asked] of [
    ['core', 'surface'],
    ['surface', 'core'],
  ]) {
    const [note, ...more] = notes.get(site)!;
    assert.equal(more.length, 0, site);
    assert.match(
      note,
      new RegExp(`^eform-v2: site-v2's calibration group "all" \\(whose ΔE′ interval, with the roles swapped \\(Au 73 as the dopant of Pd 74 at the ${asked}\\), the ordering term ΔE_order spans\\) holds 5 points, too few`),
      site,
    );
  }
  assert.deepEqual(notes.get('mixed'), []);
});

test('BM405 says a group without calibration points bounds no interval at any coverage, and does not promise that a lower one may', async () => {
  const none = await eFormUnboundedNotes(false, 0);
  const [mixed] = none.get('mixed')!;
  assert.match(mixed, /^eform-v2: calibration group "pair-new" holds no calibration points \(no calibrated recipe is of its kind\), so the interval is unbounded at every coverage/);
  assert.doesNotMatch(mixed, /lower coverage/);
  // Beside a site group that holds some, the lower coverage still cannot bound E_form.
  assert.match(none.get('core')![0], /holds no calibration points and site-v2's .* holds 5 points, too few for 90 % coverage .*unbounded at every coverage/);
  assert.doesNotMatch(none.get('core')![0], /lower coverage/);
});

test("the site model is asked with the roles swapped only for a majority dopant that states core or surface, in the same call as the members' own", async () => {
  const asked: Float32Array[][] = [];
  const runtime: Predictor = {
    cards: {},
    problems: [],
    predictEForm: async (rows) => (rows as Float32Array[]).map(() => outOfDomain('eform-v2', -3)),
    predictSite: async (rows) => {
      asked.push(rows as Float32Array[]);
      return (rows as Float32Array[]).map(() => outOfDomain('site-v2', 0.2));
    },
  };
  // Pt the minority, the majority with no site stated, the majority stating one, and equal counts (a 44-atom octahedron).
  const text = [
    'recipe Own { host Au 12 dopant Pt 1 topology icosahedron site core }',
    'recipe Mixed { host Au 6 dopant Pt 7 topology icosahedron site mixed }',
    'recipe Surface { host Au 6 dopant Pt 7 topology icosahedron site surface }',
    'recipe Equal { host Au 22 dopant Pt 22 topology octahedron site surface }',
  ].join('\n');
  const members = analyzeText(text).members.map((spec) => ({ spec, analysis: analyzeMember({ spec, ligands: new Map(), phiThreshold: -0.3 }) }));
  const own = members[0].analysis.features;
  await predictMembers(runtime, members, 0.9);
  assert.equal(asked.length, 1, 'one site model call');
  const [rows] = asked;
  assert.equal(rows.length, 2, 'the member\'s own row and one swapped row');
  assert.deepEqual(rows[0], own);
  // The swapped row is Au6 as the dopant of Pt7.
  assert.deepEqual([rows[1][featureIndex('n_host')], rows[1][featureIndex('n_dopant')]], [7, 6]);
  const [, mixed, surface, equal] = members.map((m) => m.analysis);
  const orderingSource = (a: typeof surface) => a.prediction!.terms.find((t) => t.key === 'ordering')!.source;
  assert.equal(surface.site, null, 'the swapped call prices the term, and is no site of the member');
  assert.match(orderingSource(surface), /^model site-v2 with the roles swapped/);
  assert.deepEqual(
    surface.findings.filter((f) => f.code === 'BM404').map((f) => f.message.split(': ')[0]),
    ['eform-v2 prediction is outside its applicability domain', 'site-v2 prediction with the roles swapped (Au 6 as the dopant of Pt 7 at the core), which prices the stated site, is outside its applicability domain'],
  );
  assert.equal(orderingSource(mixed), 'recipe: site mixed states no ordering');
  assert.match(orderingSource(equal), /^no site prediction \(the two metals are equal in number/);
});
