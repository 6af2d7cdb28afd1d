/**
 * The site ΔE broken into its terms (models/site-v2.terms.json, engine/src/inference/siteTerms.ts):
 * through the real pipeline and the shipped models, the record's `site.terms` sum to `site.deltaE`
 * and say why a dopant goes where the model puts it; a terms file that is broken or does not
 * describe the model gives no terms, and the prediction stays what it was.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FEATURE_NAMES } from '../../engine/src/features/schema';
import { SiteTermsModel, siteTermValue, validateSiteTerms } from '../../engine/src/inference/siteTerms';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { createScorer, explainMember, type ScoredMember, type Scorer } from '../../pipeline/src/index';
import { memberMarkdown } from '../../server/src/hover';
import { parseCalibrationFile } from '../../engine/src/calibration/file';
import { RecordCalibrator } from '../../pipeline/src/calibration/apply';
import { repoRoot } from '../helpers/runTypeScript';
import { ensureBuilt, runCli } from '../cli/runCli';

const SHIPPED = path.join(repoRoot, 'models');

const RECIPES = `recipe TiPt {
  host     Pt 146
  dopant   Ti 1
  topology icosahedron
}
# A full shell: 46 thiolates, each S bridging two of the icosahedron's 92 surface atoms (ligand_coverage 1), the slabs' screening.
recipe PtAuThiolate {
  host     Au 146
  dopant   Pt 1
  topology icosahedron
  ligands  SCH3 x 46
}
# A shell over part of the surface: 30 thiolates bind 60 of 92 surface atoms, θ = 60/92.
recipe PtAuPartial {
  host     Au 146
  dopant   Pt 1
  topology icosahedron
  ligands  SCH3 x 30
}
# More thiolates than the surface can hold: every site bound.
recipe PtAuCrowded {
  host     Au 146
  dopant   Pt 1
  topology icosahedron
  ligands  SCH3 x 75
}
recipe PdAuBare {
  host     Au 146
  dopant   Pd 1
  topology icosahedron
}
recipe AuHf {
  host     Hf 12
  dopant   Au 1
  topology icosahedron
}
`;

let work: string;
const scorers: Scorer[] = [];

let shipped: Map<string, ScoredMember>;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-site-terms-'));
  shipped = await scored();
});

after(async () => {
  await Promise.all(scorers.map((s) => s.dispose()));
  rmSync(work, { recursive: true, force: true });
});

/** A copy of the shipped models with the site terms file replaced by `terms` (text), or left out (null). */
function modelsWith(name: string, terms: string | null): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  for (const file of readdirSync(SHIPPED)) if (file.endsWith('.json') || file.endsWith('.onnx')) copyFileSync(path.join(SHIPPED, file), path.join(dir, file));
  if (terms === null) rmSync(path.join(dir, 'site-v2.terms.json'));
  else writeFileSync(path.join(dir, 'site-v2.terms.json'), terms);
  return dir;
}

async function scored(modelDir?: string): Promise<Map<string, ScoredMember>> {
  const scorer = createScorer(modelDir ? { modelDir } : {});
  scorers.push(scorer);
  const doc = await scorer.scoreText(RECIPES, { file: 'siteTerms.bimetal' });
  return new Map(doc.members.map((m) => [m.spec.name, m]));
}

function siteOf(member: ScoredMember | undefined): NonNullable<ScoreRecord['site']> {
  assert.ok(member?.record.site, `${member?.spec.name} has a site prediction`);
  return member.record.site;
}

test('through the shipped models, every site record carries terms that sum to its ΔE', () => {
  for (const [name, member] of shipped) {
    const site = siteOf(member);
    assert.ok(site.terms && site.terms.length > 0, `${name}: site.terms`);
    assert.equal(member.site?.siteTerms?.problem, undefined, `${name}: ${member.site?.siteTerms?.problem}`);
    const sum = site.terms.reduce((s, t) => s + t.value, 0);
    assert.ok(Math.abs(sum - site.deltaE) < 1e-4, `${name}: the terms sum to ${sum}, ΔE is ${site.deltaE}`);
    for (const t of site.terms) {
      assert.ok(FEATURE_NAMES.includes(t.input.name), t.input.name);
      assert.ok(t.input.unit.length > 0 && t.symbol.length > 0, JSON.stringify(t));
    }
  }
});

test('Ti in Pt146 (bare): the mixing enthalpy holds it in the core, above every other term', () => {
  const site = siteOf(shipped.get('TiPt'));
  const terms = [...site.terms!].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  assert.equal(terms[0].input.name, 'h_mix', JSON.stringify(terms));
  assert.deepEqual(terms[0].gate, { rule: 'dopant_group < host_group', open: true });
  assert.equal(terms[0].input.unit, 'kJ/mol');
  assert.ok(terms[0].input.value < -50, `H_mix of Ti–Pt: ${terms[0].input.value} kJ/mol`);
  assert.ok(terms[0].value < -0.5, `the H_mix term: ${terms[0].value} eV`);
  assert.ok(site.deltaE < 0, `ΔE = ${site.deltaE}`);
  // Each term is its weight times its input (or the input's side of 0): the record can be checked by hand.
  for (const t of site.terms!) {
    const part = t.key.endsWith('>0') ? Math.max(t.input.value, 0) : t.key.endsWith('<0') ? Math.min(t.input.value, 0) : t.gate?.open === false ? 0 : t.input.value;
    assert.ok(Math.abs(t.weight * part - t.value) < 1e-5, JSON.stringify(t));
  }
});

test('Au in Hf12: H_mix is strongly negative but its term is not counted, the dopant being right of its host; the terms still sum to ΔE', () => {
  const site = siteOf(shipped.get('AuHf'));
  const hMix = site.terms!.find((t) => t.input.name === 'h_mix');
  assert.ok(hMix && hMix.input.value < -50, JSON.stringify(hMix));
  assert.deepEqual(hMix.gate, { rule: 'dopant_group < host_group', open: false });
  assert.equal(hMix.value, 0);
  const sum = site.terms!.reduce((s, t) => s + t.value, 0);
  assert.ok(Math.abs(sum - site.deltaE) < 1e-4, `${sum} against ${site.deltaE}`);
  const lines = explainedTerms(shipped.get('AuHf')!);
  assert.ok(lines.some((l) => /^ {8}H_mix = 0\.000 eV = not counted: dopant_group < host_group does not hold for this recipe \(h_mix = -63 kJ\/mol\)$/.test(l)), lines.join('\n'));
});

test('Pt in Au146 under a thiolate shell: the ligands pull it towards the surface and screen what holds it in the core, on a bare Au core both are 0', () => {
  const terms = siteOf(shipped.get('PtAuThiolate')).terms!;
  const ligand = terms.find((t) => t.key === 'ligand_affinity_diff');
  // Refitted on the ligated slabs beside the screening, the pull weighs −0.03 to −0.13 eV per eV over the folds.
  assert.ok(ligand && ligand.input.value < 0 && ligand.value > 0, JSON.stringify(ligand));
  // Pt, more cohesive than Au, is held in the core by ΔE_coh; under the shell that term weighs s < 1 times as much.
  const cohesive = terms.find((t) => t.key === 'cohesive_energy_diff>0')!;
  const screening = terms.find((t) => t.key === 'cohesive_energy_diff_ligated>0')!;
  assert.ok(cohesive.value < 0 && screening.value > 0 && screening.value < -cohesive.value, JSON.stringify([cohesive, screening]));
  const bare = siteOf(shipped.get('PdAuBare')).terms!;
  assert.equal(bare.find((t) => t.key === 'ligand_affinity_diff')?.value, 0);
  for (const t of bare.filter((t) => t.input.name.endsWith('_ligated'))) assert.equal(t.value, 0, t.key);
});

test('a corrupted terms file gives no terms, says why, and keeps the prediction', async () => {
  const broken = await scored(modelsWith('corrupt', '{"schema": "bimetal-site-terms-1", "terms": [ {"key"'));
  for (const [name, member] of broken) {
    const site = siteOf(member);
    assert.equal(site.terms, undefined, name);
    const { terms: _, ...prediction } = siteOf(shipped.get(name));
    assert.deepEqual(site, prediction, name);
    assert.match(member.site?.siteTerms?.problem ?? '', /site-v2\.terms\.json is invalid .*not valid JSON/, name);
    assert.ok(!member.diagnostics.some((d) => d.code === 'BM402' || d.code === 'BM401'), `${name}: ${JSON.stringify(member.diagnostics)}`);
  }
});

test('a terms file that does not describe the model (one weight changed) gives no terms rather than wrong ones', async () => {
  const file = JSON.parse(readFileSync(path.join(SHIPPED, 'site-v2.terms.json'), 'utf8'));
  const hMix = file.terms.find((t: { column: string }) => t.column === 'h_mix');
  hMix.weights = hMix.weights.map((w: number) => w * 1.01);
  const wrong = await scored(modelsWith('wrong', JSON.stringify(file)));
  const site = siteOf(wrong.get('TiPt'));
  assert.equal(site.terms, undefined);
  assert.equal(site.deltaE, siteOf(shipped.get('TiPt')).deltaE);
  assert.match(wrong.get('TiPt')!.site?.siteTerms?.problem ?? '', /terms sum to .* where fold model \d gives .*does not describe this model/);
});

test('without a terms file the site prediction has no terms and no complaint', async () => {
  const none = await scored(modelsWith('none', null));
  const member = none.get('TiPt');
  assert.equal(siteOf(member).terms, undefined);
  assert.equal(member?.site?.siteTerms, undefined);
  assert.equal(siteOf(member).deltaE, siteOf(shipped.get('TiPt')).deltaE);
});

test('a terms file is checked against the model: schema, columns, sides and one weight per fold', () => {
  const good = { schema: 'bimetal-site-terms-1', terms: [{ key: 'h_mix', column: 'h_mix', part: 'all', weights: [1, 1, 1, 1, 1] }] };
  assert.doesNotThrow(() => validateSiteTerms(good, FEATURE_NAMES, 5));
  const broken: Array<[string, unknown, RegExp]> = [
    ['schema', { ...good, schema: 'bimetal-energy-terms-1' }, /schema/],
    ['column', { ...good, terms: [{ ...good.terms[0], column: 'h_max' }] }, /no feature/],
    ['part', { ...good, terms: [{ ...good.terms[0], part: 'both' }] }, /part/],
    ['weights', { ...good, terms: [{ ...good.terms[0], weights: [1, 1, 1, 1] }] }, /5 finite numbers/],
    ['side twice', { ...good, terms: [good.terms[0], { ...good.terms[0], key: 'h_mix>0', part: 'positive' }] }, /positive side of h_mix a second time/],
  ];
  for (const [what, file, message] of broken) assert.throws(() => validateSiteTerms(file, FEATURE_NAMES, 5), message, what);
});

test('a point that is the mean of two fold models is broken into the mean of their weights', () => {
  const columns = ['a', 'b'];
  const model = new SiteTermsModel(
    validateSiteTerms({ schema: 'bimetal-site-terms-1', terms: [
      { key: 'a', column: 'a', part: 'all', weights: [1, 2, 3] },
      { key: 'b>0', column: 'b', part: 'positive', weights: [10, 20, 30] },
      { key: 'b<0', column: 'b', part: 'negative', weights: [-1, -2, -3] },
    ] }, columns, 3),
    columns,
  );
  const x = [0.5, -0.25];
  const folds = [0.5 * 1 + 0.25, 0.5 * 2 + 0.5, 0.5 * 3 + 0.75];
  const mean = (folds[0] + folds[2]) / 2;
  const out = model.breakdown(x, 0, folds, 0, { folds: [0, 2] }, mean);
  assert.equal(out.problem, undefined);
  assert.deepEqual(out.folds, [0, 2]);
  assert.deepEqual(out.layout.keys.map((key, i) => [key, out.weights[i], siteTermValue(out, i)]), [['a', 2, 1], ['b>0', 20, 0], ['b<0', -2, 0.5]]);
  assert.match(model.breakdown(x, 0, [0, ...folds.slice(1)], 0, { folds: [0, 0] }, 0).problem ?? '', /fold model 1 gives 0/);
  // A shell over part of the surface, θ = 0.25: (1 − θ) times fold 1's model plus θ times the mean of folds 2 and 3, weights alike.
  const blend = 0.75 * folds[0] + 0.25 * ((folds[1] + folds[2]) / 2);
  const partial = model.breakdown(x, 0, folds, 0, { folds: [0, 0], complete: { folds: [1, 2], share: 0.25 } }, blend);
  assert.equal(partial.problem, undefined);
  assert.deepEqual(partial.complete, { folds: [1, 2], share: 0.25 });
  assert.deepEqual(partial.weights, [0.75 * 1 + 0.25 * 2.5, 0.75 * 10 + 0.25 * 25, 0.75 * -1 + 0.25 * -2.5]);
  // Every fold the blend reads is checked against the graph's output.
  assert.match(model.breakdown(x, 0, [folds[0], folds[1], 0], 0, { folds: [0, 0], complete: { folds: [1, 2], share: 0.25 } }, blend).problem ?? '', /fold model 3 gives 0/);
});

/** The `--explain` lines of the site's terms: from the terms header to the line before the sign convention. */
function explainedTerms(member: ScoredMember): string[] {
  const lines = explainMember(member, member.record);
  const start = lines.findIndex((l) => l.startsWith('      terms') && lines.slice(0, lines.indexOf(l)).some((p) => p.startsWith('  ΔE site')));
  const end = lines.findIndex((l) => l.startsWith('      sign: negative means core'));
  return start < 0 ? [] : lines.slice(start, end);
}

test('--explain lists the site terms largest first, each with its value, weight × input and definition, summing to ΔE', () => {
  const member = shipped.get('TiPt')!;
  const lines = explainedTerms(member);
  assert.match(lines[0], /terms \(they sum to ΔE; largest first; .*the weights of (fold model \d|the mean of fold models \d and \d)/);
  const values = lines.filter((l) => /^ {8}\S+ = -?\d/.test(l)).map((l) => Number(/ = (-?\d+\.\d+) eV/.exec(l)![1]));
  assert.deepEqual([...values].sort((a, b) => Math.abs(b) - Math.abs(a)), values, 'largest first');
  assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - member.record.site!.deltaE) < 0.005, `${values} against ${member.record.site!.deltaE}`);
  assert.match(lines[1], /^ {8}H_mix = -1\.\d{3} eV \(to the core\) = 0\.0\d+ eV per kJ\/mol × h_mix where dopant_group < host_group, h_mix = -74 kJ\/mol$/);
  assert.match(lines[2], /Miedema mixing enthalpy/);
  assert.ok(lines.some((l) => l.includes('Δb_ligand = 0.000 eV')), lines.join('\n'));
  assert.ok(lines.some((l) => /^ {8}source: .*least squares/.test(l)), lines.join('\n'));
});

test('a shell over part of the surface shows θ and its inputs beside every term it scales: in the record, --explain and the hover', () => {
  const terms = siteOf(shipped.get('PtAuPartial')).terms!;
  const screening = terms.find((t) => t.key === 'cohesive_energy_diff_ligated>0')!;
  // ΔE_coh(Pt) − ΔE_coh(Au) = 5.84 − 3.81 eV/atom under a full shell; 60 thiolates bind 60 of the 92 surface atoms.
  assert.deepEqual(screening.input, { name: 'cohesive_energy_diff_ligated', value: 1.32391, unit: 'eV/atom', coverage: { theta: 0.652174, bindingSites: 60, surfaceSites: 92, onDopant: false, fullShell: 2.03 } });
  assert.deepEqual(terms.find((t) => t.key === 'ligand_affinity_diff')!.input.coverage, { theta: 0.652174, bindingSites: 60, surfaceSites: 92, onDopant: false, fullShell: -0.4889 });
  // θ scales the shell's columns only; a bare core's terms carry none.
  for (const t of terms) assert.equal(t.input.coverage !== undefined, t.key === 'ligand_affinity_diff' || t.input.name.endsWith('_ligated'), t.key);
  for (const t of siteOf(shipped.get('PdAuBare')).terms!) assert.equal(t.input.coverage, undefined, t.key);
  const lines = explainedTerms(shipped.get('PtAuPartial')!);
  assert.ok(lines.some((l) => l.includes('cohesive_energy_diff_ligated = 1.32391 eV/atom = θ × 2.03 eV/atom, θ = ligand_coverage = min(1, 60 binding sites / 92 surface sites) = 0.652174')), lines.join('\n'));
  // The point blends a bare surface's and a full shell's weighing of the fold models by θ, and --explain says so.
  assert.match(lines[0], /the weights of 0\.348 × [^,]+ \+ 0\.652 × [^,]+, as their outputs make the point: a shell over the share θ = 0\.652/);
  assert.match(memberMarkdown(shipped.get('PtAuPartial')!), /ligand screening of ΔE_coh 1\.32 eV\/atom, θ 0\.652 of 2\.03: 60 of 92 surface sites bound \(\+0\.\d\d eV\)/);
});

test('--explain says why a site prediction has no terms when the terms file is broken', async () => {
  const broken = await scored(modelsWith('corrupt-explain', 'not json'));
  const lines = explainMember(broken.get('TiPt')!, broken.get('TiPt')!.record);
  assert.ok(lines.some((l) => /^ {6}terms: none shown \(site-v2\.terms\.json is invalid/.test(l)), lines.join('\n'));
});

test('the hover says in one line which terms hold the dopant in the core and which push it out, with inputs and eV', async () => {
  const ti = memberMarkdown(shipped.get('TiPt')!);
  assert.match(ti, /\nWhy: held in the core by H_mix −74 kJ\/mol \(−1\.\d\d eV\); pushed to the surface by [^\n]+ \(\+0\.\d\d eV\)/);
  const why = /\nWhy: ([^\n]+)/.exec(ti)![1];
  assert.ok((why.match(/ eV\)/g) ?? []).length <= 3, why);
  assert.match(memberMarkdown(shipped.get('PtAuThiolate')!), /\nWhy: [^\n]*pushed to the surface by ligand screening of ΔE_coh 2\.03 eV\/atom, θ 1: 92 of 92 surface sites bound \(\+0\.40 eV\)/);
  assert.match(memberMarkdown(shipped.get('PtAuCrowded')!), /ligand screening of ΔE_coh 2\.03 eV\/atom, θ 1: all 92 surface sites bound \(150 binding sites\)/);
  const broken = await scored(modelsWith('corrupt-hover', '[]'));
  assert.match(memberMarkdown(broken.get('TiPt')!), /\n_No terms: site-v2\.terms\.json is invalid/);
});

test('under a calibration that keeps the shipped points, --explain says the terms sum to ΔE, which nothing moves', () => {
  ensureBuilt();
  // Labels scattered ±0.4 eV around the shipped ΔE, the signs following no chemistry: no correction beats the
  // shipped model, so the fit keeps its points.
  const scatter: Array<[string, number]> = [['Pt', 1], ['Pd', 1], ['Cu', -1], ['Ni', 1], ['Ag', -1], ['Rh', -1], ['Ir', -1], ['Co', -1], ['Fe', 1], ['Zn', 1], ['Ru', -1], ['Os', 1]];
  const dopants = scatter.map(([d]) => d);
  const recipe = (d: string, label = '') => `recipe Au146${d} {\n  host Au 146\n  dopant ${d} 1\n  topology icosahedron\n${label}}\n`;
  const plain = path.join(work, 'keep-plain.bimetal');
  writeFileSync(plain, dopants.map((d) => recipe(d)).join('\n'));
  const base = runCli(['score', plain]);
  assert.equal(base.status, 0, base.stderr);
  const shippedOf = new Map((JSON.parse(base.stdout) as ScoreRecord[]).map((r) => [r.recipe, r.site!.deltaE]));
  const labels = path.join(work, 'keep-labels.bimetal');
  writeFileSync(labels, scatter.map(([d, sign]) => recipe(d, `  siteEnergy ${(shippedOf.get(`Au146${d}`)! + 0.4 * sign).toFixed(3)} eV\n`)).join('\n'));
  const calibration = path.join(work, 'keep.cal.json');
  const fitted = runCli(['calibrate', labels, '--out', calibration]);
  assert.equal(fitted.status, 0, fitted.stderr);
  assert.equal(JSON.parse(readFileSync(calibration, 'utf8')).targets.siteEnergy.chosen.kind, 'none', 'the fit keeps the shipped points');
  const scored = runCli(['score', plain, '--calibration', calibration, '--explain']);
  assert.equal(scored.status, 0, scored.stderr);
  const record = (JSON.parse(scored.stdout) as Array<ScoreRecord & { explain: string[] }>).find((r) => r.recipe === 'Au146Pd')!;
  assert.ok(record.site?.calibration && record.site.terms, JSON.stringify(record.site));
  assert.equal(record.site.deltaE, shippedOf.get('Au146Pd'), 'the point is the shipped one');
  assert.ok(record.explain.some((l) => l.startsWith('      terms (they sum to ΔE;')), record.explain.join('\n'));
  assert.ok(!record.explain.some((l) => l.includes('which the calibration then moves')), record.explain.join('\n'));
});

test('under a calibration, --explain says the terms sum to the shipped ΔE, which the calibration then moves', () => {
  ensureBuilt();
  const labels = path.join(work, 'labels.bimetal');
  const values: Record<string, number> = { Pt: -0.5, Pd: -0.2, Cu: 0.3, Ni: -0.1, Ag: 0.4 };
  writeFileSync(labels, Object.entries(values).map(([d, v]) => `recipe Au146${d} {\n  host Au 146\n  dopant ${d} 1\n  topology icosahedron\n  siteEnergy ${v} eV\n}\n`).join('\n'));
  const calibration = path.join(work, 'site.cal.json');
  const fitted = runCli(['calibrate', labels, '--out', calibration]);
  assert.equal(fitted.status, 0, fitted.stderr);
  const recipes = path.join(work, 'recipes.bimetal');
  writeFileSync(recipes, RECIPES);
  const scored = runCli(['score', recipes, '--calibration', calibration, '--explain']);
  assert.equal(scored.status, 0, scored.stderr);
  const record = (JSON.parse(scored.stdout) as Array<ScoreRecord & { explain: string[] }>).find((r) => r.recipe === 'PtAuThiolate')!;
  assert.ok(record.site?.calibration && record.site.terms, JSON.stringify(record.site));
  const shippedDeltaE = siteOf(shipped.get('PtAuThiolate')).deltaE;
  assert.notEqual(record.site.deltaE, shippedDeltaE, 'the calibration moves ΔE');
  const sum = record.site.terms.reduce((a, t) => a + t.value, 0);
  assert.ok(Math.abs(sum - shippedDeltaE) < 1e-4, `${sum} against the shipped ${shippedDeltaE}`);
  assert.ok(record.explain.some((l) => l.includes(`terms (they sum to the shipped site-v2's ΔE, ${shippedDeltaE.toFixed(3)} eV, which the calibration then moves;`)), record.explain.join('\n'));
  // The hover under the same calibration: the call is the calibrated ΔE, the terms the shipped one's.
  const calibrator = new RecordCalibrator(parseCalibrationFile(readFileSync(calibration, 'utf8'), undefined));
  const card = memberMarkdown(shipped.get('PtAuThiolate')!, { calibrator, coverage: 0.9 });
  assert.match(card, new RegExp(`\\nWhy: [^\\n]+ \\(the shipped model's terms, summing to ${shippedDeltaE.toFixed(2).replace('-', '−')} eV\\)`), card);
});
