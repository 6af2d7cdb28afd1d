import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureIndex } from '../../engine/src/features/schema';
import { ModelLoadError } from '../../engine/src/inference/errors';
import { EnergyAnchor } from '../../engine/src/inference/energyAnchor';
import { noveltyOf } from '../../engine/src/inference/noveltyGroup';
import { loadModelRuntime, type ModelRuntime } from '../../engine/src/inference/runtime';
import { FIXTURE_TERMS, fixtureSizeLaw, neutralEnergyTerms } from '../helpers/energyTerms';
import { cvPlusCalibration, LINEAR_FOLDS as K, linearModelBytes, writeModelFiles } from '../helpers/linearModel';

/** A row's novelty key alone (noveltyOf gives it with its composition). */
function noveltyKey(...args: Parameters<typeof noveltyOf>): (row: ArrayLike<number>, r: number, point: number) => string {
  const classify = noveltyOf(...args);
  return (row, r) => classify(row, r).key;
}

/**
 * The v2 runtime (models/FORMAT.md "v2"): the ONNX output is the mixing term, the runtime adds the
 * physics anchor to the point and both interval ends, the terms sum to the point, and a "novelty"
 * conformal file calibrates each row with residuals of equally new chemistry.
 */
const F = FEATURE_NAMES.length;
const AU = 79;
const PD = 46;
const PT = 78;
const FE = 26;

// Fold models that disagree, so the CV+ interval is not symmetric and its shift is a real check.
const w = new Array(F).fill(0);
w[featureIndex('ratio')] = 0.5;
const W = Array.from({ length: F }, (_, f) => Array.from({ length: K }, (_, k) => w[f] * (1 + 0.2 * (k - 2))));
const onnx = linearModelBytes({ w, b: 0.02, W, c: [0.01, 0.03, 0.02, 0.0, 0.04] });

// Ten residuals per novelty group, wider for newer chemistry (as grouped CV finds them).
const GROUPS = ['unary-Au', 'small-6', 'pair-seen', 'pair-new', 'pair-far', 'element-new', 'environment', 'environment-new'] as const;
const residuals = GROUPS.flatMap((_, g) => Array.from({ length: 10 }, (_, i) => 0.02 * (g + 1) * (i + 1)));
const groupOf = GROUPS.flatMap((g) => Array.from({ length: 10 }, () => g));

function card(name: string) {
  // The Miedema mixing input of the fitted pairs spans −0.1 to 0.05 eV/atom: beyond −0.115 or 0.065 a pair is `pair-far`.
  const domain = { pairs: ['Au-Pd'], features: { miedema_mixing: { min: -0.1, max: 0.05 } } };
  return { name, version: 'test', features: FEATURE_NAMES, featureSchema: FEATURE_SCHEMA_VERSION, domain };
}

function row(values: Record<string, number>): Float32Array {
  const r = new Float32Array(F);
  for (const [name, v] of Object.entries({ support_none: 1, ...values })) r[featureIndex(name)] = v;
  return r;
}

const bimetallicValues = (host: number, dopant: number, nDopant: number, n: number) => ({
  host_z: host,
  dopant_z: dopant,
  n_host: n - nDopant,
  n_dopant: nDopant,
  n_metal: n,
  ratio: nDopant / n,
});
const bimetallic = (host: number, dopant: number, nDopant: number, n: number) => row(bimetallicValues(host, dopant, nDopant, n));
const unary = (z: number, n: number) => row({ host_z: z, dopant_z: z, n_host: n, n_dopant: 0, n_metal: n, is_unary: 1 });

let root: string;
let anchored: ModelRuntime;
let neutral: ModelRuntime;

function writeModels(dir: string, terms: unknown, conformal = cvPlusCalibration(residuals, groupOf, 'novelty')) {
  writeModelFiles(dir, 'eform-v2', { onnx, card: card('eform-v2'), conformal, terms });
  writeModelFiles(dir, 'site-v2', { onnx, card: card('site-v2'), conformal });
}

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'bimetal-terms-'));
  writeModels(path.join(root, 'anchored'), FIXTURE_TERMS);
  writeModels(path.join(root, 'neutral'), neutralEnergyTerms());
  [anchored, neutral] = await Promise.all([loadModelRuntime({ modelDir: path.join(root, 'anchored') }), loadModelRuntime({ modelDir: path.join(root, 'neutral') })]);
});

after(async () => {
  await Promise.all([anchored?.release(), neutral?.release()]);
  rmSync(root, { recursive: true, force: true });
});

test('E_form = size + mixing + environment: the anchor shifts point, both interval ends and the model point alike', async () => {
  const x = row({ host_z: AU, dopant_z: PD, n_host: 24, n_dopant: 1, n_metal: 25, ratio: 1 / 25, ligands_per_metal: 18 / 25, ligand_frac_thiolate: 1 });
  const [p] = await anchored.predictEForm([x], { coverage: 0.9 });
  const [mix] = await neutral.predictEForm([x], { coverage: 0.9 });
  const size = (24 * fixtureSizeLaw('Au', 25) + fixtureSizeLaw('Pd', 25)) / 25;
  const environment = (18 / 25) * -0.9;
  const anchor = size + environment;
  for (const key of ['point', 'lower', 'upper', 'modelPoint'] as const) {
    assert.ok(Math.abs(p[key] - (mix[key] + anchor)) < 1e-6, `${key}: ${p[key]} vs ${mix[key]} + ${anchor}`);
  }
  assert.deepEqual(p.terms.map((t) => t.key), ['size', 'mixing', 'environment']);
  assert.deepEqual(p.terms.map((t) => t.symbol), ['E_size', 'ΔE_mix', 'ΔE_env']);
  const [sizeTerm, mixing, env] = p.terms;
  assert.ok(Math.abs(sizeTerm.value - size) < 1e-6);
  assert.ok(Math.abs(env.value - environment) < 1e-6);
  assert.equal(mixing.value, mix.point, 'the mixing term is the calibration-weighted median of the ONNX fold outputs');
  const sum = p.terms.reduce((s, t) => s + t.value, 0);
  assert.ok(Math.abs(sum - p.point) < 1e-12, `terms sum ${sum} vs point ${p.point}`);
  assert.ok(p.terms.every((t) => t.unit === 'eV/atom' && t.source.length > 0 && t.definition.length > 0));
  assert.equal(p.inDomain, true, p.domainReasons.join('; '));
  // The site model has no anchor: its outputs are ΔE itself.
  const [site] = await anchored.predictSite([x], { coverage: 0.9 });
  assert.deepEqual(site.terms, []);
  assert.equal(site.point, mix.point);
});

test('novelty groups: unary, small-N, pair-seen, pair-new, pair-far, element-new, environment, environment-new, for E_form and (through the E_form terms) for the site model', async () => {
  // Au's and Pd's fixture laws were fitted from 13 atoms (nMin): Au13 is `unary-Au`, Au6 and Au5Pd `small-6`.
  const protectedCore = { ...bimetallicValues(AU, PD, 1, 25), ligands_per_metal: 18 / 25, ligand_frac_thiolate: 1 };
  const rows = [
    unary(AU, 13),
    unary(AU, 6),
    bimetallic(PD, AU, 1, 55),
    bimetallic(AU, PT, 1, 55),
    row({ ...bimetallicValues(AU, PT, 27, 55), miedema_mixing: -0.12 }),
    bimetallic(AU, FE, 1, 55),
    row(protectedCore),
    // The fixture terms have thiolate and nc only: a phosphine shell's whole ΔE_env is unknown.
    row({ ...protectedCore, ligand_frac_thiolate: 0, ligand_frac_phosphine: 1 }),
    unary(FE, 13),
    row({ ...bimetallicValues(AU, PD, 1, 25), support_none: 0, support_nc: 1 }),
    row({ ...bimetallicValues(AU, PD, 1, 6), ligands_per_metal: 1, ligand_frac_thiolate: 1 }),
    row({ ...bimetallicValues(AU, FE, 1, 25), ligands_per_metal: 18 / 25, ligand_frac_thiolate: 1 }),
    bimetallic(AU, PD, 1, 6),
    // Far beyond the mixing range and below the laws' sizes: no calibration group (pair-far-small; pooled here).
    row({ ...bimetallicValues(AU, PT, 1, 6), miedema_mixing: 0.2 }),
    // Far beyond the mixing range, but first: an element without a law, a shell.
    row({ ...bimetallicValues(AU, FE, 1, 55), miedema_mixing: 0.2 }),
    row({ ...protectedCore, miedema_mixing: 0.2 }),
    // Just beyond the range, within a tenth of its width: still the fitted pairs' group.
    row({ ...bimetallicValues(AU, PD, 27, 55), miedema_mixing: -0.11 }),
    // Part of a shell without a term, a support without one (before an element without a law), and a fitted support.
    row({ ...protectedCore, ligand_frac_thiolate: 0.5, ligand_frac_phosphine: 0.5 }),
    row({ ...bimetallicValues(AU, FE, 1, 6), support_none: 0, support_oxide: 1 }),
    row({ ...bimetallicValues(AU, FE, 1, 6), support_none: 0, support_nc: 1 }),
  ];
  // A shell or support goes first, and where its bare core's error is one the environment residuals (the published
  // recipes') leave out (below the laws' sizes, an element without a law, a far pair), the environment group is
  // widened by the core's groups. A bimetallic row with an element without a law adds its pair's mixing residuals
  // to the refitted laws' (the fixture card has no bimetallic sizes, so no law of its own is added).
  const expected = [
    ...GROUPS.map((g) => (g === 'element-new' ? 'pair-new + element-new' : g)),
    ...['element-new', 'environment', 'environment + (small-6)', 'environment + (pair-new + element-new)', 'small-6', null, 'pair-far + element-new', 'environment + (pair-far)', 'pair-seen'],
    ...['environment-new', 'environment-new', 'environment'],
  ];
  const eForm = await anchored.predictEForm(rows, { coverage: 0.8 });
  assert.deepEqual(eForm.map((p) => p.calibrationGroup), expected);
  const site = await anchored.predictSite(rows, { coverage: 0.8 });
  assert.deepEqual(site.map((p) => p.calibrationGroup), expected);
  // Newer chemistry, wider interval: the groups' residuals grow with novelty.
  const width = (i: number) => eForm[i].upper - eForm[i].lower;
  // The bimetallic row with an element without a law (5) is composed, so it is left out of that order
  // and is wider than the pure cluster of that element (8), which lacks the mixing term's error.
  const order = GROUPS.map((_, i) => i).filter((i) => i !== 5);
  for (let j = 1; j < order.length; j++) assert.ok(width(order[j - 1]) < width(order[j]), eForm.map((p) => (p.upper - p.lower).toFixed(3)).join(' '));
  assert.ok(width(5) > width(8), `${width(5)} vs ${width(8)}`);
  // A fallback element is out of domain, and says why (after the card's own reasons).
  assert.deepEqual(eForm[5].domainReasons, ['the pair Au-Fe was never seen in training', 'no size law fitted for Fe: estimated from its experimental cohesive energy']);
  assert.equal(eForm[5].terms[0].supported, false);
});

test('a thiolate shell beyond the ligands per metal atom its term was fitted on is environment-new: the extrapolated term is as unknown as a missing one', () => {
  // The shipped term's fitted shells: 17 on 24 and 18 on 25 metal atoms; "far beyond" is more than a tenth of that width outside.
  const thiolate = { ...FIXTURE_TERMS.environment.perLigand.thiolate, ligandsPerMetal: { min: 17 / 24, max: 18 / 25 } };
  const key = noveltyKey(FEATURE_NAMES, {
    pairs: ['Au-Pd'],
    sizeLaw: (symbol) => FIXTURE_TERMS.sizeLaw.elements[symbol],
    environment: { ...FIXTURE_TERMS.environment, perLigand: { thiolate } },
  });
  const shell = (nHost: number, nDopant: number, ligands: number, thiolateShare = 1, other: Record<string, number> = {}) =>
    row({ ...bimetallicValues(AU, PD, nDopant, nHost + nDopant), ligands_per_metal: ligands / (nHost + nDopant), ligand_frac_thiolate: thiolateShare, ...other });
  const rows = [
    shell(24, 1, 18), // 0.72: a fitted shell
    shell(23, 1, 17), // 0.708: the other end
    shell(24, 1, 18.02), // 0.7208: beyond the end by less than a tenth of the range's width
    shell(4, 2, 16), // 2.67
    shell(4, 2, 1), // 0.167
    shell(24, 1, 6), // 0.24
    shell(24, 1, 36, 0.5, { ligand_frac_halide: 0.5 }), // 0.72 thiolates per metal atom, beside halides without a term
  ];
  const keys = rows.map((r) => key(r, 0, 0));
  assert.deepEqual(keys, ['environment', 'environment', 'environment', 'environment-new', 'environment-new', 'environment-new', 'environment-new']);
  // The class's own ligands per metal atom count, not the whole shell's: 36 ligands on 25 atoms, half of them thiolates.
  const withTerms = noveltyKey(FEATURE_NAMES, {
    pairs: ['Au-Pd'],
    sizeLaw: (symbol) => FIXTURE_TERMS.sizeLaw.elements[symbol],
    environment: { ...FIXTURE_TERMS.environment, perLigand: { thiolate, halide: { value: -0.5 } } },
  });
  assert.equal(withTerms(rows[6], 0, 0), 'environment');
});

test('no terms file: E_form does not load (BM401), the site model does without novelty', async () => {
  const dir = path.join(root, 'no-terms');
  writeModels(dir, undefined, cvPlusCalibration(residuals, groupOf.map(() => 'all'), 'none'));
  await assert.rejects(loadModelRuntime({ modelDir: dir }), (e: unknown) => e instanceof ModelLoadError && e.kind === 'missing' && e.model === 'eform-v2' && /eform-v2\.terms\.json/.test(e.message));
});

test('a broken terms file, or "novelty" without the card\'s pairs, is BM402', async () => {
  const broken = path.join(root, 'broken-terms');
  writeModels(broken, { ...FIXTURE_TERMS, environment: {} });
  await assert.rejects(loadModelRuntime({ modelDir: broken }), (e: unknown) => e instanceof ModelLoadError && e.kind === 'invalid' && /perLigand and perSupport/.test(e.message));
  // The mixing coefficients are read by fold: one per fold model, or the shown c_M would be another model's.
  const badMixing = path.join(root, 'bad-mixing');
  writeModels(badMixing, { ...FIXTURE_TERMS, mixing: { cM: [1.1, 'x'], cO: 0.1 } });
  await assert.rejects(loadModelRuntime({ modelDir: badMixing }), (e: unknown) => e instanceof ModelLoadError && e.kind === 'invalid' && /mixing must have cM/.test(e.message));
  const fewFolds = path.join(root, 'few-folds');
  writeModels(fewFolds, { ...FIXTURE_TERMS, mixing: { cM: [1.1, 1.2], cO: 0.1 } });
  await assert.rejects(loadModelRuntime({ modelDir: fewFolds }), (e: unknown) => e instanceof ModelLoadError && e.kind === 'invalid' && /mixing\.cM has 2 coefficients, but eform-v2 has 5 fold models/.test(e.message));
  const noPairs = path.join(root, 'no-pairs');
  writeModels(noPairs, FIXTURE_TERMS);
  writeModelFiles(noPairs, 'eform-v2', { card: { ...card('eform-v2'), domain: {} } });
  await assert.rejects(loadModelRuntime({ modelDir: noPairs }), (e: unknown) => e instanceof ModelLoadError && e.kind === 'invalid' && /novelty/.test(e.message));
});

test('the group that knows least wins: below every calibrated size `size-new`, a far pair below the laws\' sizes `pair-far-small`, else `small-N` by size', () => {
  const key = noveltyKey(FEATURE_NAMES, {
    pairs: ['Au-Pd'],
    sizeLaw: (symbol) => FIXTURE_TERMS.sizeLaw.elements[symbol],
    smallestSize: 3,
    mixingRange: { min: -0.1, max: 0.05 },
    environment: FIXTURE_TERMS.environment,
  });
  const rows = [
    bimetallic(AU, PD, 1, 2), // a dimer: fewer atoms than any calibrated cluster
    unary(AU, 2),
    row({ ...bimetallicValues(AU, PT, 1, 3), miedema_mixing: -0.9 }), // Pt2Zr-like: small and far
    row({ ...bimetallicValues(AU, PT, 1, 13), miedema_mixing: -0.9 }), // the same pair at the laws' sizes
    bimetallic(AU, PD, 1, 3),
    unary(AU, 12),
    bimetallic(AU, FE, 1, 2), // Fe has no law: the dimer is still below every calibrated size
  ];
  assert.deepEqual(
    rows.map((r) => key(r, 0, 0)),
    ['size-new', 'size-new', 'pair-far-small', 'pair-far', 'small-3', 'small-12', 'size-new'],
  );
});

test('a support far from the cluster sizes its term was fitted on, or terms never fitted together, are environment-new and flagged', async () => {
  const environment = {
    ...FIXTURE_TERMS.environment,
    perSupport: { nc: { ...FIXTURE_TERMS.environment.perSupport.nc, nMetal: { min: 2, max: 2 }, n: 3 } },
    fittedTogether: [['ligand:thiolate'], ['support:nc']],
  };
  const key = noveltyKey(FEATURE_NAMES, { pairs: ['Au-Pd'], sizeLaw: (symbol) => FIXTURE_TERMS.sizeLaw.elements[symbol], environment });
  const onCarbon = (n: number, extra: Record<string, number> = {}) => row({ ...bimetallicValues(AU, PD, 1, n), support_none: 0, support_nc: 1, ...extra });
  const rows = [
    onCarbon(2),
    onCarbon(25),
    row({ ...bimetallicValues(AU, PD, 1, 25), ligands_per_metal: 18 / 25, ligand_frac_thiolate: 1 }),
    onCarbon(2, { ligands_per_metal: 0.72, ligand_frac_thiolate: 1 }),
  ];
  assert.deepEqual(
    rows.map((r) => key(r, 0, 0)),
    ['environment', 'environment-new', 'environment', 'environment-new'],
  );
  const anchor = new EnergyAnchor({ ...FIXTURE_TERMS, environment }, FEATURE_NAMES);
  // The dimers' size is below the fixture laws' 13 atoms, a reason of its own.
  const reasons = rows.map((r) => anchor.evaluate(r, 0).reasons.map((x) => x.text).filter((t) => !t.startsWith('N_metal')));
  assert.deepEqual(reasons[0], []);
  assert.deepEqual(reasons[1], ['support nc holding a cluster of 25 metal atoms, where its environment term was fitted on 2-atom clusters (3 published clusters): ΔE_env per atom is extrapolated']);
  assert.deepEqual(reasons[2], []);
  assert.deepEqual(reasons[3], ['the ligand thiolate and support nc environment terms were never fitted together on one cluster: ΔE_env adds them untested']);
});
