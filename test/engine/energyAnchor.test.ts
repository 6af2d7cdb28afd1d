import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getElement } from '../../engine/src/elements';
import { FEATURE_NAMES, featureIndex } from '../../engine/src/features/schema';
import { EnergyAnchor } from '../../engine/src/inference/energyAnchor';
import { validateEnergyTerms } from '../../engine/src/inference/energyTerms';
import { FIXTURE_TERMS, fixtureSizeLaw } from '../helpers/energyTerms';

/**
 * The physics anchor of E_form (models/FORMAT.md, eform-v2.terms.json), by hand from the fixture
 * coefficients: the size law per element, the cohesive-energy fallback, and the environment term.
 */
const F = FEATURE_NAMES.length;
const AU = 79;
const PD = 46;
const FE = 26;

function row(values: Record<string, number>): Float32Array {
  const r = new Float32Array(F);
  for (const [name, v] of Object.entries({ support_none: 1, ...values })) r[featureIndex(name)] = v;
  return r;
}

const anchor = new EnergyAnchor(FIXTURE_TERMS, FEATURE_NAMES);
// Rows are float32, as the featuriser gives them: 1e-6 is their rounding, far below any energy that matters.
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} vs ${expected}`);

test('size term of a bare Au12Pd: the count-weighted size laws of Au and Pd at N = 13', () => {
  const a = anchor.evaluate(row({ host_z: AU, dopant_z: PD, n_host: 12, n_dopant: 1, n_metal: 13 }), 0);
  const expected = (12 * fixtureSizeLaw('Au', 13) + fixtureSizeLaw('Pd', 13)) / 13;
  close(a.size.value, expected, 'E_size');
  assert.equal(a.size.supported, true);
  assert.equal(a.size.inputs.N, 13);
  assert.match(a.size.source, /fixture Au13–Au55/);
  assert.equal(a.environment.value, 0);
  assert.equal(a.environment.supported, true);
  close(a.total, expected, 'total');
  assert.deepEqual(a.reasons.map((r) => r.text), []);
});

test('a unary cluster uses its one element only; the size law is monotone in N and tends to eBulk', () => {
  const at = (n: number) => anchor.evaluate(row({ host_z: AU, dopant_z: AU, n_host: n, n_dopant: 0, n_metal: n, is_unary: 1 }), 0).size.value;
  close(at(55), fixtureSizeLaw('Au', 55), 'Au55');
  const sizes = [13, 55, 147, 309, 1415, 5000, 1e6];
  for (let i = 1; i < sizes.length; i++) assert.ok(at(sizes[i]) < at(sizes[i - 1]), `E_size(${sizes[i]}) < E_size(${sizes[i - 1]})`);
  assert.ok(Math.abs(at(1e9) - FIXTURE_TERMS.sizeLaw.elements.Au.eBulk) < 0.01);
});

test('an element without its own size law: the cohesive-energy fallback, unsupported, with a domain reason', () => {
  const a = anchor.evaluate(row({ host_z: AU, dopant_z: FE, n_host: 54, n_dopant: 1, n_metal: 55 }), 0);
  const f = FIXTURE_TERMS.sizeLaw.fallback;
  const cohesive = getElement('Fe')!.cohesiveEnergy!;
  // The liquid-drop fallback: bulk limit and surface term both scale with the cohesive energy.
  const eBulk = -(f.eCohScale * cohesive + f.eCohShift);
  const fe = eBulk + (f.a + f.aPerCohesive! * cohesive) / Math.cbrt(55) + f.b / Math.cbrt(55) ** 2;
  close(a.size.value, (54 * fixtureSizeLaw('Au', 55) + fe) / 55, 'E_size');
  assert.equal(a.size.supported, false);
  assert.deepEqual(a.reasons.map((r) => r.text), ['no size law fitted for Fe: estimated from its experimental cohesive energy']);
});

test('below the smallest fitted size, the law is extrapolated: a domain reason, the term still computed', () => {
  const a = anchor.evaluate(row({ host_z: AU, dopant_z: PD, n_host: 4, n_dopant: 2, n_metal: 6 }), 0);
  close(a.size.value, (4 * fixtureSizeLaw('Au', 6) + 2 * fixtureSizeLaw('Pd', 6)) / 6, 'E_size');
  assert.deepEqual(a.reasons.map((r) => r.text), ['N_metal = 6 is below the sizes the size laws were fitted on (Au from 13 atoms, Pd from 13 atoms)']);
});

test('environment: ligands per metal × class fractions × coefficients, plus the support; unknown parts are 0 and flagged', () => {
  const base = { host_z: AU, dopant_z: PD, n_host: 24, n_dopant: 1, n_metal: 25 };
  const thiolate = anchor.evaluate(row({ ...base, ligands_per_metal: 18 / 25, ligand_frac_thiolate: 1 }), 0);
  close(thiolate.environment.value, (18 / 25) * -0.9, 'ΔE_env thiolate');
  assert.equal(thiolate.environment.supported, true);
  assert.match(thiolate.environment.source, /Au23Pd\(S-c-hex\)17 −3\.56/);
  close(thiolate.total, thiolate.size.value + thiolate.environment.value, 'total');

  const mixed = anchor.evaluate(row({ ...base, ligands_per_metal: 20 / 25, ligand_frac_thiolate: 0.9, ligand_frac_phosphine: 0.1 }), 0);
  close(mixed.environment.value, (20 / 25) * 0.9 * -0.9, 'ΔE_env, phosphine share unknown');
  assert.equal(mixed.environment.supported, false);
  assert.deepEqual(mixed.reasons.map((r) => r.text), ['no public data for the environment term of phosphine ligands: their share of ΔE_env is 0 and unknown']);
  // Several unknown classes are one reason.
  const three = anchor.evaluate(row({ ...base, ligands_per_metal: 1, ligand_frac_phosphine: 0.5, ligand_frac_halide: 0.25, ligand_frac_cyclopentadienyl: 0.25 }), 0);
  assert.deepEqual(three.reasons.map((r) => r.text), ['no public data for the environment term of phosphine, halide and cyclopentadienyl ligands: their share of ΔE_env is 0 and unknown']);
  assert.equal(three.environment.value, 0);

  const nc = anchor.evaluate(row({ ...base, support_none: 0, support_nc: 1 }), 0);
  close(nc.environment.value, -0.4, 'ΔE_env nc');
  const zeolite = anchor.evaluate(row({ ...base, support_none: 0, support_zeolite: 1 }), 0);
  assert.equal(zeolite.environment.value, 0);
  assert.deepEqual(zeolite.reasons.map((r) => r.text), ['no public data for the environment term of a zeolite support: ΔE_env is 0 and unknown']);
  const oxide = anchor.evaluate(row({ ...base, support_none: 0, support_oxide: 1 }), 0);
  assert.deepEqual(oxide.reasons.map((r) => r.text), ['no public data for the environment term of an oxide support: ΔE_env is 0 and unknown']);
});

test('a ligand class’s term is trusted near the ligands per metal atom it was fitted on; farther, it is extrapolated and flagged', () => {
  const thiolate = { ...FIXTURE_TERMS.environment.perLigand.thiolate, n: 3, ligandsPerMetal: { min: 17 / 24, max: 18 / 25 } };
  const fitted = new EnergyAnchor({ ...FIXTURE_TERMS, environment: { ...FIXTURE_TERMS.environment, perLigand: { ...FIXTURE_TERMS.environment.perLigand, thiolate } } }, FEATURE_NAMES);
  const base = { host_z: AU, dopant_z: PD, n_host: 24, n_dopant: 1, n_metal: 25 };
  const shell = (perMetal: number, share = 1) => fitted.evaluate(row({ ...base, ligands_per_metal: perMetal, ligand_frac_thiolate: share }), 0);
  // The fitted ends (as float32 rows give them) and a tenth of the range's width beyond them are next to the data.
  for (const perMetal of [17 / 24, 18 / 25, 0.72 + 0.1 * (18 / 25 - 17 / 24) * 0.9]) assert.deepEqual(shell(perMetal).reasons, [], `${perMetal}`);
  const sparse = shell(6 / 25);
  assert.deepEqual(sparse.reasons, [
    { text: '0.24 thiolate ligands per metal atom, where the thiolate environment term was fitted on 0.708–0.72 (3 published clusters): ΔE_env is extrapolated', cause: 'ligands' },
  ]);
  close(sparse.environment.value, (6 / 25) * -0.9, 'the term is still computed');
  // The class's own ligands per metal atom count: a shell of 1.44 per metal atom, half of it thiolate, has 0.72.
  assert.deepEqual(shell(1.44, 0.5).reasons, []);
  assert.match(shell(1.44, 1).reasons[0].text, /^1\.44 thiolate/);
  assert.match(shell(1e9 / 25).reasons[0].text, /^40000000 thiolate ligands per metal atom/);
  const badRange = { ...FIXTURE_TERMS, environment: { ...FIXTURE_TERMS.environment, perLigand: { thiolate: { value: -1, ligandsPerMetal: { min: 1, max: 0 } } } } };
  assert.throws(() => validateEnergyTerms(badRange), /perLigand\.thiolate\.ligandsPerMetal must be \{ min, max \} with min ≤ max/);
});

test('a ligand class’s term is trusted on the hosts of the clusters it was fitted on; on another host it is extrapolated and flagged', () => {
  const thiolate = { ...FIXTURE_TERMS.environment.perLigand.thiolate, hosts: ['Au'] };
  const fitted = new EnergyAnchor({ ...FIXTURE_TERMS, environment: { ...FIXTURE_TERMS.environment, perLigand: { ...FIXTURE_TERMS.environment.perLigand, thiolate } } }, FEATURE_NAMES);
  const shell = (hostZ: number) => fitted.evaluate(row({ host_z: hostZ, dopant_z: PD, n_host: 24, n_dopant: 1, n_metal: 25, ligands_per_metal: 0.72, ligand_frac_thiolate: 1 }), 0);
  assert.deepEqual(shell(AU).reasons, []);
  assert.deepEqual(shell(47).reasons, [{ text: 'a thiolate shell on Ag, where the thiolate environment term was fitted on Au clusters only: ΔE_env is extrapolated', cause: 'ligands' }]);
  // The majority metal binds the shell, whichever is written as the host; at equal counts both do.
  const counted = (nHost: number, nDopant: number) =>
    fitted.evaluate(row({ host_z: AU, dopant_z: 47, n_host: nHost, n_dopant: nDopant, n_metal: nHost + nDopant, ligands_per_metal: 0.72, ligand_frac_thiolate: 1 }), 0).reasons.map((r) => r.text);
  assert.deepEqual(counted(24, 1), []);
  assert.match(counted(1, 24)[0], /^a thiolate shell on Ag,/);
  assert.match(counted(12, 12)[0], /^a thiolate shell on Au and Ag,/);
  const badHosts = { ...FIXTURE_TERMS, environment: { ...FIXTURE_TERMS.environment, perLigand: { thiolate: { value: -1, hosts: 'Au' } } } };
  assert.throws(() => validateEnergyTerms(badHosts), /perLigand\.thiolate\.hosts must be a list of element symbols/);
});

test('a terms file that breaks the contract is rejected with what is wrong', () => {
  assert.throws(() => validateEnergyTerms({ ...FIXTURE_TERMS, schema: 'other' }), /schema must be "bimetal-energy-terms-1"/);
  const badLaw = { ...FIXTURE_TERMS, sizeLaw: { ...FIXTURE_TERMS.sizeLaw, elements: { Au: { eBulk: -3, a: 'x', b: 0 } } } };
  assert.throws(() => validateEnergyTerms(badLaw), /sizeLaw\.elements\.Au/);
  const badFallback = { ...FIXTURE_TERMS, sizeLaw: { ...FIXTURE_TERMS.sizeLaw, fallback: { a: 1, b: 1, eCohScale: 1 } } };
  assert.throws(() => validateEnergyTerms(badFallback), /fallback\.eCohShift/);
  const badLigand = { ...FIXTURE_TERMS, environment: { ...FIXTURE_TERMS.environment, perLigand: { thiolate: { value: null } } } };
  assert.throws(() => validateEnergyTerms(badLigand), /perLigand\.thiolate\.value/);
  assert.equal(validateEnergyTerms(JSON.parse(JSON.stringify(FIXTURE_TERMS))).schema, 'bimetal-energy-terms-1');
});

test('an element with neither a size law nor a cohesive energy stays a number: the median fitted bulk energy, flagged', () => {
  const PM = 61;
  assert.equal(getElement('Pm')?.cohesiveEnergy ?? null, null, 'this test needs an element without a cohesive energy');
  const a = anchor.evaluate(row({ host_z: PM, dopant_z: PM, n_host: 13, n_dopant: 0, n_metal: 13, is_unary: 1 }), 0);
  const f = FIXTURE_TERMS.sizeLaw.fallback;
  // Fitted eBulk: −5.84, −3.89, −3.81, −3.49, −2.95; the median is −3.81.
  close(a.size.value, -3.81 + f.a / Math.cbrt(13) + f.b / Math.cbrt(13) ** 2, 'E_size of Pm13');
  assert.equal(a.size.supported, false);
  assert.deepEqual(a.reasons.map((r) => r.text), ['no size law fitted for Pm and no cohesive energy to estimate one: its size term is a rough median']);
});

test('the size term states the coefficients of each law it sums, a fit or the cohesive-energy fallback, so E_el(N) recomputes from what is shown', () => {
  const a = anchor.evaluate(row({ host_z: AU, dopant_z: FE, n_host: 54, n_dopant: 1, n_metal: 55 }), 0);
  for (const symbol of ['Au', 'Fe']) {
    const stated = new RegExp(`${symbol}: [^;]*\\(eBulk = (-?[\\d.e-]+), a = (-?[\\d.e-]+), b = (-?[\\d.e-]+) eV/atom\\)`).exec(a.size.source);
    assert.ok(stated, `${symbol}'s coefficients in: ${a.size.source}`);
    const [eBulk, lawA, lawB] = stated.slice(1).map(Number);
    const recomputed = eBulk + lawA * 55 ** (-1 / 3) + lawB * 55 ** (-2 / 3);
    assert.ok(Math.abs(recomputed - Number(a.size.inputs[`E_${symbol}(N)`])) < 1e-5, `${symbol}: ${recomputed} against ${a.size.inputs[`E_${symbol}(N)`]}`);
  }
});
