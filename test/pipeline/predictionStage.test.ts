import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../grammar/src/index';
import type { Prediction } from '../../engine/src/inference/runtime';
import { analyzeMember } from '../../pipeline/src/memberAnalysis';
import type { Predictor } from '../../pipeline/src/modelStage';
import { predictMembers } from '../../pipeline/src/predictionStage';

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
