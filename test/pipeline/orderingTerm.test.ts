import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeText } from '../../grammar/src/index';
import type { Prediction } from '../../engine/src/inference/runtime';
import { createScorer, type ScoredMember } from '../../pipeline/src/index';
import { ordering, withOrdering } from '../../pipeline/src/orderingTerm';
import { fccTetrahedron } from '../../engine/src/geometry/fccSolids';
import { FIXTURE_TERMS, fixtureSizeLaw } from '../helpers/energyTerms';
import { EFORM_INTERCEPT, EFORM_SLOPE, SITE_INTERCEPT, SITE_SLOPE, writeLinearModels } from './modelFixture';
import { AU12PD, AU4RU2 } from './sampleRecipes';

/**
 * E_form through the whole pipeline with the fixture anchor: size + mixing + environment +
 * ordering, where the ordering term comes from the site model (models/FORMAT.md "Ordering term").
 */
let work: string;
let modelDir: string;
let eformOnly: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-ordering-'));
  modelDir = path.join(work, 'models');
  writeLinearModels(modelDir, { terms: FIXTURE_TERMS });
  eformOnly = path.join(work, 'eform-only');
  writeLinearModels(eformOnly, { terms: FIXTURE_TERMS, site: false });
});

after(() => rmSync(work, { recursive: true, force: true }));

/** The one member of AU12PD with its `site` line replaced. */
async function au12pd(site: 'core' | 'surface' | 'mixed', dir = modelDir): Promise<ScoredMember> {
  const doc = await createScorer({ modelDir: dir }).scoreText(AU12PD.replace('site     core', `site     ${site}`), { file: `${site}.bimetal` });
  return doc.members[0];
}

const sum = (m: ScoredMember) => m.prediction!.terms.reduce((s, t) => s + t.value, 0);

test('E_form of bare Au12Pd, by hand: size laws + the learned mixing term (+ no environment)', async () => {
  const m = await au12pd('mixed');
  const p = m.prediction!;
  const size = (12 * fixtureSizeLaw('Au', 13) + fixtureSizeLaw('Pd', 13)) / 13;
  const mixing = EFORM_SLOPE * (1 / 13) + EFORM_INTERCEPT;
  assert.ok(Math.abs(p.point - (size + mixing)) < 1e-5, `${p.point} vs ${size + mixing}`);
  assert.deepEqual(p.terms.map((t) => [t.key, t.symbol]), [['size', 'E_size'], ['mixing', 'ΔE_mix'], ['environment', 'ΔE_env'], ['ordering', 'ΔE_order']]);
  assert.ok(Math.abs(sum(m) - p.point) < 1e-12, 'the terms sum to the point');
  const ordering = p.terms[3];
  assert.equal(ordering.value, 0);
  assert.equal(ordering.supported, true);
  // The record carries the same terms, rounded like every other number.
  const record = m.record.prediction!;
  assert.deepEqual(record.terms.map((t) => t.key), ['size', 'mixing', 'environment', 'ordering']);
  assert.ok(Math.abs(record.terms.reduce((s, t) => s + t.value, 0) - record.eForm) < 1e-4);
  assert.deepEqual(Object.keys(record.terms[0]), ['key', 'value', 'unit', 'source', 'supported', 'inputs']);
  assert.equal(record.terms[0].inputs.N, 13);
});

test('site core and site surface: E_form differs by n_dopant·ΔE/N exactly, and only the disfavoured site pays', async () => {
  const [core, surface, mixed] = await Promise.all([au12pd('core'), au12pd('surface'), au12pd('mixed')]);
  const deltaE = core.site!.point;
  assert.ok(Math.abs(deltaE - (SITE_SLOPE / 13 + SITE_INTERCEPT)) < 1e-6);
  assert.equal(surface.site!.point, deltaE, 'the site model does not read the stated site');
  const difference = core.prediction!.point - surface.prediction!.point;
  assert.ok(Math.abs(difference * 13 - 1 * deltaE) < 1e-9, `(E_core − E_surface)·N = ${difference * 13}, ΔE = ${deltaE}`);
  // ΔE > 0: Pd prefers the surface, so `site core` pays (1/13)·ΔE and `site surface` nothing.
  assert.ok(deltaE > 0);
  assert.ok(Math.abs(core.prediction!.terms[3].value - deltaE / 13) < 1e-12);
  assert.equal(surface.prediction!.terms[3].value, 0);
  assert.equal(mixed.prediction!.point, surface.prediction!.point);
  // The interval takes the term's range over the site interval of ΔE, not only the point's cost:
  // `site core` pays between max(0, lower)/13 and max(0, upper)/13, `site surface` the mirror image.
  const { lower, upper } = core.site!;
  assert.ok(lower < deltaE && deltaE < upper);
  const bare = mixed.prediction!;
  const shifts = (m: ScoredMember) => [m.prediction!.lower - bare.lower, m.prediction!.upper - bare.upper];
  const expected = { core: [Math.max(0, lower) / 13, Math.max(0, upper) / 13], surface: [Math.max(0, -upper) / 13, Math.max(0, -lower) / 13] };
  for (const [name, m] of [['core', core], ['surface', surface]] as const) {
    shifts(m).forEach((shift, i) => assert.ok(Math.abs(shift - expected[name][i]) < 1e-9, `${name}: ${shifts(m)} vs ${expected[name]}`));
  }
  assert.ok(core.prediction!.upper - core.prediction!.lower > bare.upper - bare.lower, 'the site model\'s error widens the interval');
  assert.deepEqual(core.prediction!.terms[3].inputs, { site: 'core', 'ΔE_site': Number(deltaE.toPrecision(6)), n_dopant: 1, n_core: 1, N: 13 });
  for (const m of [core, surface, mixed]) assert.ok(Math.abs(sum(m) - m.prediction!.point) < 1e-12);
});

test('without a site prediction the ordering term is 0, and flagged unless there is nothing to order', async () => {
  const noSiteModel = await au12pd('core', eformOnly);
  const ordering = noSiteModel.prediction!.terms[3];
  assert.equal(ordering.value, 0);
  assert.equal(ordering.supported, false);
  assert.match(ordering.source, /no site prediction/);
  // A stated site with no ΔE to cost it: E_form's interval would claim what nothing measured.
  assert.equal(noSiteModel.prediction!.inDomain, false);
  assert.ok(noSiteModel.prediction!.domainReasons.some((r) => /^the ordering energy is not known: no site prediction/.test(r)), JSON.stringify(noSiteModel.prediction!.domainReasons));
  // Au4Ru2 is a 6-atom octahedron, all surface: `site surface` is exactly what it has.
  const doc = await createScorer({ modelDir }).scoreText(AU4RU2, { file: 'gold.bimetal' });
  const octahedron = doc.members[0];
  assert.equal(octahedron.site, null);
  assert.equal(octahedron.prediction!.terms[3].value, 0);
  assert.equal(octahedron.prediction!.terms[3].supported, true);
  assert.ok(!octahedron.prediction!.domainReasons.some((r) => /ordering energy/.test(r)));
  // Its thiolates (PET) have a fitted environment coefficient, its phosphines (PPh3) do not.
  const environment = octahedron.prediction!.terms[2];
  assert.equal(environment.supported, false);
  assert.ok(Math.abs(environment.value - (10 / 6) * 0.8 * -0.9) < 1e-6, `${environment.value}`);
  assert.ok(octahedron.prediction!.domainReasons.includes('no public data for the environment term of phosphine ligands: their share of ΔE_env is 0 and unknown'));
});

test("a structure file's arrangement of a pair without bond-centric data has no price: E_form is outside its domain for it", async () => {
  // An Au12X icosahedron with X at its centre (edge 2.92 Å): vertices (0, ±1, ±φ) and their cyclic turns.
  const phi = (1 + Math.sqrt(5)) / 2;
  const scale = 2.92 / 2;
  const vertices = [-1, 1].flatMap((a) => [-phi, phi].flatMap((b) => [[0, a, b], [a, b, 0], [b, 0, a]]));
  const xyz = (dopant: string) => `13\nAu12${dopant}, ${dopant} at the centre\n${dopant} 0 0 0\n${vertices.map((v) => `Au ${v.map((c) => (c * scale).toFixed(5)).join(' ')}`).join('\n')}\n`;
  const reason = (dopant: string) => {
    writeFileSync(path.join(work, `au12${dopant}.xyz`), xyz(dopant));
    return createScorer({ modelDir })
      .scoreText(`recipe R {\n  host Au 12\n  dopant ${dopant} 1\n  structure "au12${dopant}.xyz"\n}\n`, { file: `${dopant}.bimetal`, baseDir: work })
      .then((doc) => doc.members[0].prediction!.domainReasons.find((r) => /ordering energy/.test(r)));
  };
  assert.match((await reason('Cd')) ?? '', /^the ordering energy is not known: structure file: it places the dopant atoms, but no bond-centric data prices the arrangement of Au–Cd/);
  assert.equal(await reason('Pt'), undefined);
});

/** The one member of `host Au HOST; dopant Pt DOPANT` in `topology` with its `site`. */
async function auPt(scorer: ReturnType<typeof createScorer>, host: number, dopant: number, topology: string, site: 'core' | 'surface' | 'mixed'): Promise<ScoredMember> {
  return (await scorer.scoreText(`recipe R {\n  host Au ${host}\n  dopant Pt ${dopant}\n  topology ${topology}\n  site ${site}\n}\n`, { file: 'majority.bimetal' })).members[0];
}

test("a majority dopant's stated site is priced by the site model with the roles swapped: Au6Pt7 `site surface` is Au6 in the core of Pt7, and core − surface = −m′·ΔE′/N", async () => {
  const scorer = createScorer({ modelDir });
  const [core, surface, mixed] = await Promise.all((['core', 'surface', 'mixed'] as const).map((site) => auPt(scorer, 6, 7, 'icosahedron', site)));
  // The fixture's ΔE is linear in the dopant's share: Au's, 6/13, with the roles swapped (Pt's 7/13 would be the recipe's own).
  const swappedDeltaE = SITE_SLOPE * (6 / 13) + SITE_INTERCEPT;
  const swappedSite = { core: 'surface', surface: 'core' } as const;
  assert.equal(mixed.swappedSite, null, 'site mixed states nothing for a call to price');
  for (const [site, m] of [['core', core], ['surface', surface]] as const) {
    assert.equal(m.site, null, `${site}: the record's site is the dopant's own call, and a majority dopant has none`);
    // The call has a record of its own on the member: what was asked, and its ΔE′ with its interval and domain verdict.
    const call = m.swappedSite!;
    assert.deepEqual([call.spec.host, call.spec.dopant, call.spec.site], [{ element: 'Pt', count: 7 }, { element: 'Au', count: 6 }, swappedSite[site]], site);
    assert.ok(Math.abs(call.site.point - swappedDeltaE) < 1e-6 && call.site.lower < call.site.point && call.site.point < call.site.upper, `${site}: ${JSON.stringify(call.site)}`);
    assert.deepEqual([call.site.model, call.site.inDomain, m.unpricedSite], ['site-v2', true, undefined], site);
    const term = m.prediction!.terms[3];
    assert.equal(term.supported, true, site);
    assert.match(term.source, new RegExp(`^model site-v2 with the roles swapped \\(Au 6 as the dopant of Pt 7 at the ${swappedSite[site]}\\): ΔE′ = E\\(core\\) − E\\(surface\\) of Au = `), site);
    assert.match(term.definition, /^For a majority dopant, priced by the site model with the roles swapped/);
    const { inputs } = term;
    assert.deepEqual(Object.keys(inputs), ['site', 'swapped roles', 'ΔE′_site', 'ΔE′_site lower', 'ΔE′_site upper', 'n_host', 'n_core', 'N']);
    assert.equal(inputs.site, site);
    assert.ok(Math.abs((inputs['ΔE′_site'] as number) - swappedDeltaE) < 1e-5, `${site}: ΔE′ ${inputs['ΔE′_site']} vs ${swappedDeltaE}`);
    assert.deepEqual([inputs.n_host, inputs.n_core, inputs.N], [6, 1, 13]);
    assert.deepEqual([inputs['ΔE′_site'], inputs['ΔE′_site lower'], inputs['ΔE′_site upper']], [call.site.point, call.site.lower, call.site.upper].map((v) => Number(v.toPrecision(6))), site);
    // Priced, the stated site is no longer unknown: no BM404 reason for it, and a bounded interval without BM405.
    assert.ok(!m.prediction!.domainReasons.some((r) => /ordering energy/.test(r)), `${site}: ${m.prediction!.domainReasons}`);
    assert.ok(Number.isFinite(m.record.prediction!.upper), `${site}: upper ${m.record.prediction!.upper}`);
    assert.equal(m.diagnostics.find((d) => d.code === 'BM405'), undefined, site);
  }
  // One core site at 13 atoms: m′ = 1, whichever metal is counted.
  const deltaE = surface.prediction!.terms[3].inputs['ΔE′_site'] as number;
  const difference = core.prediction!.point - surface.prediction!.point;
  assert.ok(Math.abs(difference * 13 + deltaE) < 1e-6, `(E_core − E_surface)·N = ${difference * 13}, −ΔE′ = ${-deltaE}`);
  // ΔE′ < 0, Au prefers the core of Pt: `site surface` (Au in the core) costs nothing, `site core` (Au at the surface) pays.
  assert.ok(deltaE < 0);
  assert.equal(surface.prediction!.terms[3].value, 0);
  // The interval takes the cost's range over ΔE′'s interval: Au in the core pays max(0, ΔE′)/13, at the surface max(0, −ΔE′)/13.
  const lower = surface.prediction!.terms[3].inputs['ΔE′_site lower'] as number;
  const upper = surface.prediction!.terms[3].inputs['ΔE′_site upper'] as number;
  const bare = mixed.prediction!;
  const expected = { surface: [Math.max(0, lower) / 13, Math.max(0, upper) / 13], core: [Math.max(0, -upper) / 13, Math.max(0, -lower) / 13] };
  for (const [site, m] of [['core', core], ['surface', surface]] as const) {
    const shifts = [m.prediction!.lower - bare.lower, m.prediction!.upper - bare.upper];
    shifts.forEach((shift, i) => assert.ok(Math.abs(shift - expected[site][i]) < 1e-6, `${site}: ${shifts} vs ${expected[site]}`));
  }
});

test('a stated site nothing prices, not even with the roles swapped, leaves E_form without an upper end: equal counts, or no site model; an all-surface core has nothing to price', async () => {
  const scorer = createScorer({ modelDir });
  // Au22Pt22, a 44-atom octahedron: neither metal is the minority the site model is asked about.
  const [unpriced, mixed] = await Promise.all([auPt(scorer, 22, 22, 'octahedron', 'surface'), auPt(scorer, 22, 22, 'octahedron', 'mixed')]);
  assert.deepEqual([unpriced.site, unpriced.swappedSite], [null, null]);
  // Why nothing prices it is the member's own record, which BM405 quotes and a calibration reads (it keeps the upper end open).
  assert.equal(unpriced.unpricedSite, 'the two metals are equal in number, so neither is the minority the site model is asked about, in either role');
  assert.equal(mixed.unpricedSite, undefined);
  const p = unpriced.record.prediction!;
  // ΔE_order = (m/N)·max(0, −ΔE) is never negative: the lower end is site mixed's, the upper has no bound.
  assert.equal(p.eForm, mixed.record.prediction!.eForm);
  assert.equal(p.lower, mixed.record.prediction!.lower);
  assert.equal(p.upper, Infinity);
  const note = unpriced.diagnostics.find((d) => d.code === 'BM405');
  assert.match(
    note?.message ?? '',
    /^eform-v2: the ordering term ΔE_order of the stated site, never negative, has no ΔE to price it \(the two metals are equal in number, so neither is the minority the site model is asked about, in either role\), so the interval is unbounded above at every coverage \(\[-?[\d.]+, \+∞\]\); eform-v2's own calibration group "[^"]+" is large enough$/,
  );
  assert.equal(mixed.diagnostics.find((d) => d.code === 'BM405'), undefined);
  // Without a site model there is no call with the roles swapped either.
  const withoutSiteModel = await auPt(createScorer({ modelDir: eformOnly }), 6, 7, 'icosahedron', 'surface');
  assert.equal(withoutSiteModel.record.prediction!.upper, Infinity);
  assert.match(withoutSiteModel.prediction!.terms[3].source, /^no site prediction \(the dopant is the majority, and the site model gave no prediction with the roles swapped\): ΔE_order is 0 and unknown$/);
  assert.deepEqual([withoutSiteModel.swappedSite, withoutSiteModel.unpricedSite], [null, 'the dopant is the majority, and the site model gave no prediction with the roles swapped']);
  // Au2Pt4, a 6-atom octahedron, is all surface: `site surface` is exactly what it has, whichever metal is the minority.
  const allSurface = await auPt(scorer, 2, 4, 'octahedron', 'surface');
  const ordering = allSurface.prediction!.terms[3];
  assert.equal(ordering.supported, true);
  assert.equal(allSurface.unpricedSite, undefined, 'exact, not unpriced');
  assert.ok(Number.isFinite(allSurface.record.prediction!.upper));
  assert.ok(!allSurface.prediction!.domainReasons.some((r) => /ordering energy/.test(r)));
});

test("a site call outside its domain that prices a stated site puts E_form outside its domain too, a minority dopant's own call and one with the roles swapped alike", async () => {
  const narrow = path.join(work, 'site-narrow');
  // The site model has seen Au and Ag only: Pd and Pt dopants, and Au as the dopant of Pt, are outside it; E_form's domain is the fixture's.
  writeLinearModels(narrow, { terms: FIXTURE_TERMS, siteDomain: { elements: ['Au', 'Ag'] } });
  const scorer = createScorer({ modelDir: narrow });
  const majority = await auPt(scorer, 6, 7, 'icosahedron', 'surface');
  const flagged = majority.diagnostics.filter((d) => d.code === 'BM404').map((d) => d.message);
  assert.equal(flagged.length, 2, JSON.stringify(flagged));
  assert.match(flagged[1], /^site-v2 prediction with the roles swapped \(Au 6 as the dopant of Pt 7 at the core\), which prices the stated site, is outside its applicability domain: .*Pt/);
  assert.ok(majority.prediction!.terms[3].supported, "out of its domain, the call still prices the term, as a minority dopant's own call does");
  // Au in Pt's core is what the swapped call prefers (ΔE′ < 0): the term is 0, and that 0 is the call's answer all the same.
  assert.equal(majority.prediction!.terms[3].value, 0);
  const swappedReason = 'the ordering term ΔE_order of the stated site is priced by the site-v2 prediction with the roles swapped (Au 6 as the dopant of Pt 7 at the core), which is outside its applicability domain';
  assert.deepEqual([majority.prediction!.inDomain, majority.prediction!.domainReasons], [false, [swappedReason]]);
  assert.equal(flagged[0], `eform-v2 prediction is outside its applicability domain: ${swappedReason}`);
  assert.equal(majority.record.prediction!.inDomain, false);
  // A minority dopant's own call outside its domain: the same; its `site mixed` states nothing for a call to price.
  const [core, mixed] = await Promise.all(['core', 'mixed'].map((site) => scorer.scoreText(AU12PD.replace('site     core', `site     ${site}`), { file: `${site}.bimetal` })));
  const own = core.members[0];
  assert.equal(own.site!.inDomain, false);
  assert.deepEqual(own.prediction!.domainReasons, ['the ordering term ΔE_order of the stated site is priced by the site-v2 prediction, which is outside its applicability domain']);
  assert.equal(mixed.members[0].prediction!.inDomain, true);
  // Inside its domain, the call leaves E_form's verdict alone.
  const inside = await auPt(createScorer({ modelDir }), 6, 7, 'icosahedron', 'surface');
  assert.deepEqual([inside.prediction!.inDomain, inside.prediction!.domainReasons], [true, []]);
});

test('an unbounded site interval leaves E_form unbounded on that side, and says so (bounded false)', () => {
  const prediction = (point: number, lower: number, upper: number): Prediction => ({
    point,
    modelPoint: point,
    lower,
    upper,
    coverage: 0.995,
    model: 'test',
    bounded: Number.isFinite(lower) && Number.isFinite(upper),
    calibrationGroup: 'all',
    calibrationRule: null,
    calibrationPoints: 190,
    calibrationParts: [],
    inDomain: true,
    domainReasons: [],
    terms: [],
  });
  const spec = analyzeText(AU12PD).members[0];
  const eForm = prediction(-2.5, -2.6, -2.4);
  const site = prediction(0.4, -0.3, Infinity);
  const core = withOrdering(eForm, ordering(spec, site, undefined, false));
  assert.equal(core.lower, eForm.lower, 'ΔE may be below 0: core may cost nothing');
  assert.equal(core.upper, Infinity);
  assert.equal(core.bounded, false);
  assert.ok(Math.abs(core.point - (eForm.point + 0.4 / 13)) < 1e-12);
  const surface = withOrdering(eForm, ordering({ ...spec, site: 'surface' }, site, undefined, false));
  assert.ok(Math.abs(surface.upper - (eForm.upper + 0.3 / 13)) < 1e-12);
  assert.equal(surface.bounded, true);
});

test('only the dopant atoms the core can hold are charged: min(n_dopant, n_core)/N of the cost', async () => {
  const scorer = createScorer({ modelDir });
  const member = async (host: number, dopant: number, site: 'core' | 'surface') =>
    (await scorer.scoreText(`recipe R {\n  host Au ${host}\n  dopant Pt ${dopant}\n  topology icosahedron\n  site ${site}\n}\n`, { file: 'cap.bimetal' })).members[0];
  for (const [host, dopant, nCore] of [
    [12, 1, 1],
    [7, 6, 1],
    [54, 1, 13],
    [42, 13, 13],
    [28, 27, 13],
  ] as const) {
    for (const site of ['core', 'surface'] as const) {
      const scored = await member(host, dopant, site);
      const deltaE = scored.site!.point;
      const cost = site === 'core' ? Math.max(0, deltaE) : Math.max(0, -deltaE);
      const term = scored.prediction!.terms[3];
      const n = host + dopant;
      assert.ok(Math.abs(term.value - (Math.min(dopant, nCore) / n) * cost) < 1e-12, `Au${host}Pt${dopant} ${site}: ${term.value}, ΔE ${deltaE}`);
      assert.equal(term.inputs.n_core, nCore);
    }
  }
});

test("a structure file of a size no template closes counts its own core: a 38-atom truncated octahedron's 6 core sites cap the stated site's cost", async () => {
  // fcc points nearest an octahedral hole, in units of a/2 (a = 4.08 Å): 6 at distance 1 (the core), 8 at √3, 24 at √5.
  const points: number[][] = [];
  for (let x = -4; x <= 5; x++) for (let y = -4; y <= 5; y++) for (let z = -4; z <= 5; z++) if ((x + y + z) % 2 === 0 && (x - 1) ** 2 + y ** 2 + z ** 2 <= 5) points.push([x - 1, y, z]);
  assert.equal(points.length, 38);
  writeFileSync(path.join(work, 'to38.xyz'), `38\nAu38 truncated octahedron\n${points.map((p) => `Au ${p.map((c) => (c * 2.04).toFixed(4)).join(' ')}`).join('\n')}\n`);
  const scorer = createScorer({ modelDir });
  const member = async (dopant: number, site: 'core' | 'surface') =>
    (await scorer.scoreText(`recipe R {\n  host Au ${38 - dopant}\n  dopant Pd ${dopant}\n  structure "to38.xyz"\n  site ${site}\n}\n`, { file: 'to38.bimetal', baseDir: work })).members[0];
  for (const dopant of [3, 6, 7, 18]) {
    const [core, surface] = [await member(dopant, 'core'), await member(dopant, 'surface')];
    const [coreTerm, surfaceTerm] = [core.prediction!.terms[3], surface.prediction!.terms[3]];
    assert.equal(coreTerm.inputs.n_core, 6, `${dopant} Pd: ${JSON.stringify(coreTerm.inputs)}`);
    const deltaE = core.site!.point;
    assert.ok(Math.abs(deltaE) > 0.01, `ΔE ${deltaE}: one of the two sites must cost something`);
    // The disfavoured site pays m·|ΔE|/N, m = min(n_dopant, 6) − max(0, n_dopant − 32): past 6 Pd atoms the core holds no more.
    const paid = coreTerm.value + surfaceTerm.value;
    assert.ok(Math.abs(paid - (Math.min(dopant, 6) / 38) * Math.abs(deltaE)) < 1e-12, `${dopant} Pd: ${paid} vs ${(Math.min(dopant, 6) / 38) * Math.abs(deltaE)}`);
  }
});

test('a structure file of a size whose template has no interior charges its stated site nothing, as the template does: the 20-atom tetrahedron', async () => {
  const positions = fccTetrahedron(3);
  const atoms = Array.from({ length: positions.length / 3 }, (_, i) => `Au ${[0, 1, 2].map((k) => (positions[3 * i + k] * 2.88).toFixed(4)).join(' ')}`);
  writeFileSync(path.join(work, 'tet20.xyz'), `20\nAu20 tetrahedron\n${atoms.join('\n')}\n`);
  const scorer = createScorer({ modelDir });
  const recipe = (dopant: number, site: 'core' | 'surface', where: string) =>
    `recipe R {\n  host Au ${20 - dopant}\n  dopant Pd ${dopant}\n  ${where}\n  site ${site}\n}\n`;
  for (const dopant of [1, 6, 12]) {
    const fromFile = (await scorer.scoreText(recipe(dopant, 'surface', 'structure "tet20.xyz"'), { file: 'tet20.bimetal', baseDir: work })).members[0];
    const fromTemplate = (await scorer.scoreText(recipe(dopant, 'surface', 'topology tetrahedron'), { file: 'tet20.bimetal', baseDir: work })).members[0];
    const term = fromFile.prediction!.terms[3];
    // Au19Pd, Au14Pd6: a site prediction is asked of the file (siteCall.ts), but no dopant atom can move into a core it lacks.
    assert.equal(term.value, 0, `${dopant} Pd: ${JSON.stringify(term)}`);
    assert.equal(term.supported, true);
    assert.equal(fromFile.prediction!.point, fromTemplate.prediction!.point);
    assert.equal(fromFile.prediction!.upper, fromTemplate.prediction!.upper, `${dopant} Pd: the file's interval is the template's`);
  }
});

test('a minority dopant that outnumbers the surface sites moves only those the surface can take: Au281Pt280, a 561-atom icosahedron', () => {
  const spec = analyzeText('recipe R {\n  host Au 281\n  dopant Pt 280\n  topology icosahedron\n  site surface\n}\n').members[0];
  const site: Prediction = { point: -0.95, modelPoint: -0.95, lower: -1.2, upper: -0.7, coverage: 0.9, model: 'test', bounded: true, calibrationGroup: 'all', calibrationRule: null, calibrationPoints: 190, calibrationParts: [], inDomain: true, domainReasons: [], terms: [] };
  // 309 core sites and 252 surface sites: 28 of the 280 Pt atoms are in the core whatever the stated site.
  const { term } = ordering(spec, site, undefined, false);
  assert.ok(Math.abs(term.value - (252 / 561) * 0.95) < 1e-12, `${term.value}`);
  assert.deepEqual(term.inputs, { site: 'surface', 'ΔE_site': -0.95, n_dopant: 280, n_core: 309, N: 561 });
});
