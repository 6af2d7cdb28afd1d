import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BOHR_IN_ANGSTROM } from '../../engine/src/geometry/coordinateUnits';
import { placeCore } from '../../engine/src/geometry/placeCore';
import { isGeometryError } from '../../engine/src/geometry/types';
import { createScorer, isAbortError, ModelStage, type ScoredDocument } from '../../pipeline/src/index';
import { eachLabelledRecord, labelledRecords } from '../../pipeline/src/calibration/apply';
import { seededRandom } from '../helpers/random';
import { unreadRecord } from '../helpers/unreadRecord';
import { icosahedronAtoms, xyzText } from '../helpers/coreXyz';
import { AU12PD, AU4RU2 } from './sampleRecipes';
import { EFORM_INTERCEPT, EFORM_SLOPE, SITE_INTERCEPT, SITE_SLOPE, writeLinearModels } from './modelFixture';

/**
 * The pipeline end to end on real recipes: grammar, RDKit ligands, geometry, descriptors,
 * featuriser and onnxruntime-web (with small linear test models, see modelFixture.ts).
 */
let work: string;
let modelDir: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-pipeline-'));
  modelDir = path.join(work, 'models');
  writeLinearModels(modelDir);
});

after(() => rmSync(work, { recursive: true, force: true }));

const GOLD = AU4RU2;

function codes(doc: ScoredDocument): string[] {
  return doc.diagnostics.map((d) => d.code);
}

function at(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

test('an invalid SMILES in a declaration is an error from RDKit, ranged on the offending character', async () => {
  const text = `ligand Bad = "C1CC(" binds C\n${GOLD.replace('PET x 8', 'Bad x 8')}`;
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'bad.bimetal' });
  const smiles = doc.diagnostics.filter((d) => d.code === 'BM301');
  assert.equal(smiles.length, 1, JSON.stringify(doc.diagnostics));
  assert.equal(smiles[0].severity, 'error');
  const literalStart = text.indexOf('"C1CC("');
  assert.ok(smiles[0].range.start > literalStart && smiles[0].range.end <= literalStart + '"C1CC("'.length, 'inside the string');
  assert.match(smiles[0].message, /Bad/);
  // The record of the recipe that uses it carries the error, and has no prediction.
  assert.ok(doc.records[0].diagnostics.some((d) => d.code === 'BM301'));
  assert.equal(doc.records[0].prediction, null);
});

test('an invalid inline SMILES is ranged inside its own string', async () => {
  const text = GOLD.replace('PPh3 x 2', '"c1ccc" x 2');
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'inline.bimetal' });
  const d = doc.diagnostics.find((x) => x.code === 'BM301');
  assert.ok(d, JSON.stringify(doc.diagnostics));
  const literal = text.indexOf('"c1ccc"');
  assert.ok(d.range.start >= literal && d.range.end <= literal + '"c1ccc"'.length);
});

test('a declared ligand named like an inline SMILES ("CCN") keeps its own chemistry; the record keys the inline use quoted', async () => {
  const text = `ligand CCN  = "P(c1ccccc1)(c1ccccc1)c1ccccc1" binds P
ligand Phos = "P(c1ccccc1)(c1ccccc1)c1ccccc1" binds P
recipe Clash {
  host Au 4
  dopant Pd 2
  ligands CCN x 6, "CCN" x 2
}
recipe Ref {
  host Au 4
  dopant Pd 2
  ligands Phos x 6, "CCN" x 2
}
`;
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'clash.bimetal' });
  const [clash, reference] = doc.records.map((r) => r.descriptors!);
  for (const key of ['chiEnv', 'phi', 'reducedDistance'] as const) assert.equal(clash[key], reference[key], key);
  assert.deepEqual(clash.logP, { CCN: reference.logP.Phos, '"CCN"': reference.logP['"CCN"'] });
  assert.ok(reference.logP.Phos > 3 && Math.abs(reference.logP['"CCN"']) < 0.5, JSON.stringify(reference.logP));
  assert.deepEqual(doc.records[0].prediction?.terms, doc.records[1].prediction?.terms);
});

test('records follow LANGUAGE.md §5, with predictions from the model; no site call in a core without an interior site', async () => {
  const doc = await createScorer({ modelDir }).scoreText(GOLD, { file: 'gold.bimetal' });
  assert.equal(doc.records.length, 1);
  const r = doc.records[0];
  // LANGUAGE.md §5's fields, in its order, with the fields added since in between (docs/cli.md).
  assert.deepEqual(Object.keys(r), ['file', 'recipe', 'formula', 'host', 'dopant', 'nHost', 'nDopant', 'nMetal', 'ratio', 'topology', 'dopantSite', 'charge', 'descriptors', 'prediction', 'site', 'diagnostics']);
  assert.equal(r.formula, 'Au4Ru2(PET)8(PPh3)2');
  assert.equal(r.nMetal, 6);
  assert.equal(r.ratio, 0.333333);
  assert.ok(r.descriptors && r.descriptors.hMix !== null && r.descriptors.phi !== null);
  assert.deepEqual(Object.keys(r.descriptors.logP).sort(), ['PET', 'PPh3']);
  assert.ok(r.prediction);
  assert.ok(Math.abs(r.prediction.eForm - (EFORM_SLOPE * (2 / 6) + EFORM_INTERCEPT)) < 1e-5);
  assert.ok(r.prediction.lower < r.prediction.eForm && r.prediction.eForm < r.prediction.upper);
  assert.equal(r.prediction.coverage, 0.9);
  assert.equal(r.prediction.model, 'eform-v2');
  assert.deepEqual(r.prediction.terms.map((t) => t.key), ['size', 'mixing', 'environment', 'ordering']);
  // A 6-atom octahedron is all surface (BM210): no core/surface question, so no site call.
  assert.equal(r.site, null);
});

test('a minority dopant in a core with an interior site gets a site call from the site model', async () => {
  const doc = await createScorer({ modelDir }).scoreText(AU12PD, { file: 'au12pd.bimetal' });
  const r = doc.records[0];
  assert.ok(r.site);
  const deltaE = SITE_SLOPE * (1 / 13) + SITE_INTERCEPT;
  assert.ok(Math.abs(r.site.deltaE - deltaE) < 1e-5);
  // The fixture's residuals (0.05 … 1 eV) make an interval that contains 0 around this small ΔE.
  assert.ok(r.site.lower < 0 && r.site.upper > 0);
  assert.equal(r.site.preferred, 'undetermined');
});

test('no site record when the dopant is not the minority', async () => {
  const text = 'recipe CuIr { host Cu 1\n dopant Ir 1\n support zeolite MFI }';
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'z.bimetal' });
  assert.equal(doc.records[0].site, null);
  assert.ok(doc.records[0].prediction);
});

test('a missing model gives one warning for the document; descriptors still work', async () => {
  const empty = mkdtempSync(path.join(work, 'empty-'));
  const text = GOLD + GOLD.replace('Au4Ru2', 'Au4Ru2_again');
  const doc = await createScorer({ modelDir: empty }).scoreText(text, { file: 'gold.bimetal' });
  const model = doc.diagnostics.filter((d) => d.code.startsWith('BM40') && d.code <= 'BM403');
  assert.equal(model.length, 1, JSON.stringify(doc.diagnostics));
  assert.equal(model[0].code, 'BM401');
  assert.equal(model[0].severity, 'warning');
  for (const r of doc.records) {
    assert.equal(r.prediction, null);
    assert.equal(r.site, null);
    assert.ok(r.descriptors && r.descriptors.chiEnv !== null);
  }
});

test('a corrupt model file gives one BM402 warning', async () => {
  const corrupt = path.join(work, 'corrupt');
  writeLinearModels(corrupt);
  writeFileSync(path.join(corrupt, 'eform-v2.onnx'), 'not an onnx graph');
  const doc = await createScorer({ modelDir: corrupt }).scoreText(GOLD, { file: 'gold.bimetal' });
  assert.deepEqual(codes(doc).filter((c) => c === 'BM402'), ['BM402']);
  assert.equal(doc.records[0].prediction, null);
  assert.ok(doc.records[0].descriptors);
});

test('without a site model, E_form is still predicted and the site stays null', async () => {
  const eformOnly = path.join(work, 'eform-only');
  writeLinearModels(eformOnly, { site: false });
  const doc = await createScorer({ modelDir: eformOnly }).scoreText(AU12PD, { file: 'au12pd.bimetal' });
  assert.ok(doc.records[0].prediction);
  assert.equal(doc.records[0].site, null);
  assert.ok(codes(doc).includes('BM401'));
});

test('elements the model never saw are flagged out of domain', async () => {
  const text = GOLD.replace('Ru 2', 'Os 2');
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'os.bimetal' });
  assert.equal(doc.records[0].prediction?.inDomain, false);
  assert.ok(doc.records[0].diagnostics.some((d) => d.code === 'BM404' && /Os/.test(d.message)));
});

test('a distance beyond what a float32 row holds gives no prediction and says why, not a NaN interval', async () => {
  const text = 'recipe Far {\n  host Au 12\n  dopant Pt 1\n  distance 1e40 Å\n}\n';
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'far.bimetal' });
  const [record] = doc.records;
  assert.equal(record.prediction, null);
  assert.ok(record.diagnostics.some((d) => d.code === 'BM406' && /beyond the model's 32-bit inputs.*= 1e\+40 Å/.test(d.message)), JSON.stringify(record.diagnostics));
  assert.ok(!codes(doc).includes('BM405') && !/NaN/.test(JSON.stringify(doc.diagnostics)), JSON.stringify(doc.diagnostics));
});

test('φ below the threshold is a warning on the recipe name; a lower threshold removes it', async () => {
  const text = 'recipe CuIr_MFI {\n  host Cu 1\n  dopant Ir 1\n  support zeolite MFI\n}';
  const scored = await createScorer({ modelDir }).scoreText(text, { file: 'z.bimetal' });
  const phi = scored.records[0].descriptors?.phi;
  assert.equal(typeof phi, 'number');
  const strict = await createScorer({ modelDir, phiThreshold: (phi as number) + 0.01 }).scoreText(text, { file: 'z.bimetal' });
  const warning = strict.diagnostics.find((d) => d.code === 'BM410');
  assert.ok(warning, JSON.stringify(strict.diagnostics));
  assert.equal(at(text, warning.range), 'CuIr_MFI');
  const lax = await createScorer({ modelDir, phiThreshold: (phi as number) - 0.01 }).scoreText(text, { file: 'z.bimetal' });
  assert.ok(!codes(lax).includes('BM410'));
});

test('an immiscible pair without ligands or support is warned about on the dopant', async () => {
  // Au–Ru: H_mix = +15 kJ/mol in the Takeuchi–Inoue table (the first paper quotes it).
  const text = 'recipe AuRu_bare {\n  host Au 12\n  dopant Ru 1\n  topology icosahedron\n  site core\n}';
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'bare.bimetal' });
  const d = doc.diagnostics.find((x) => x.code === 'BM411');
  assert.ok(d, JSON.stringify(doc.diagnostics));
  assert.match(at(text, d.range), /Ru/);
  // It states the sign rule it applies, not a phase diagram it does not read.
  assert.match(d.message, /^Au–Ru has a positive mixing enthalpy \(H_mix = \+15 kJ\/mol\), which the first paper reads as an immiscible pair/);
  const protectedDoc = await createScorer({ modelDir }).scoreText(GOLD, { file: 'gold.bimetal' });
  assert.ok(!codes(protectedDoc).includes('BM411'));
});

test('a missing structure file is an error on its string, resolved against baseDir; a real one sets D', async () => {
  const text = 'recipe FromFile {\n  host Au 12\n  dopant Pt 1\n  structure "core.xyz"\n}';
  const missing = await createScorer({ modelDir }).scoreText(text, { file: 'f.bimetal', baseDir: work });
  const d = missing.diagnostics.find((x) => x.code === 'BM310');
  assert.ok(d, JSON.stringify(missing.diagnostics));
  assert.equal(d.severity, 'error');
  assert.match(at(text, d.range), /core\.xyz/);

  // A two-atom "core" 2.75 Å apart: D is read from the file.
  writeFileSync(path.join(work, 'core.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
  const text2 = text.replace('Au 12', 'Au 1');
  const found = await createScorer({ modelDir }).scoreText(text2, { file: 'f.bimetal', baseDir: work });
  assert.ok(!found.diagnostics.some((x) => x.code === 'BM310'), JSON.stringify(found.diagnostics));
  assert.ok(Math.abs((found.records[0].descriptors?.distance ?? 0) - 2.75) < 1e-9);
});

test('a structure file of another size is an error for the members that do not fit it; other metals in its size are read onto its sites, or said to be unusable', async () => {
  writeFileSync(path.join(work, 'dimer.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
  const text = 'recipe Sweep {\n  host Au [1, 2]\n  dopant [Pt, Pd] 1\n  structure "dimer.xyz"\n}\nrecipe Other {\n  host Ag 1\n  dopant Pd 1\n  structure "dimer.xyz"\n}';
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'f.bimetal', baseDir: work });
  const byName = new Map(doc.records.map((r) => [r.formula, r]));
  // BM411 (Au–Pt immiscible, bare) is not the subject here.
  const codesOf = (formula: string) => byName.get(formula)?.diagnostics.map((d) => d.code).filter((c) => c.startsWith('BM31'));
  assert.deepEqual(codesOf('AuPt'), [], 'the file\'s own metals: no diagnostic');
  assert.notEqual(byName.get('AuPt')?.prediction, null);
  assert.deepEqual(codesOf('AuPd'), ['BM312'], 'Pd read in the Pt site');
  assert.match(byName.get('AuPd')!.diagnostics.find((d) => d.code === 'BM312')!.message, /its arrangement is read with Pd in the Pt sites/);
  assert.notEqual(byName.get('AuPd')?.prediction, null, 'D and the sites still come from the file');
  // No metal shared and equal counts: which site is whose cannot be told.
  assert.deepEqual(codesOf('AgPd'), ['BM313']);
  assert.notEqual(byName.get('AgPd')?.prediction, null);
  for (const formula of ['Au2Pt', 'Au2Pd']) {
    assert.deepEqual(codesOf(formula), ['BM311'], formula);
    assert.equal(byName.get(formula)?.prediction, null, `${formula}: three atoms are not the file's two`);
  }
  for (const r of doc.records) assert.equal(r.topology, null, 'a structure file replaces the template');
  const ordering = byName.get('AuPt')?.prediction?.terms.find((t) => t.key === 'ordering');
  assert.equal(ordering?.value, 0);
  assert.match(ordering?.source ?? '', /^structure file: it places the dopant atoms, and its arrangement enters the mixing term/);
  // The editor's view: one error for the two members that do not fit, on the path string, and one warning.
  const error = doc.diagnostics.find((d) => d.code === 'BM311');
  assert.ok(error && error.severity === 'error', JSON.stringify(doc.diagnostics));
  assert.equal(at(text, error.range), '"dimer.xyz"');
  assert.match(error.message, /2 of 4 members of Sweep/);
  assert.match(error.message, /the structure file holds 2 metal atoms \(Au1Pt1\), but host \+ dopant = 3/);
  assert.equal(doc.diagnostics.filter((d) => d.code === 'BM312' && d.severity === 'information').length, 1);
  assert.equal(doc.diagnostics.filter((d) => d.code === 'BM313' && d.severity === 'warning').length, 1);
});

test('a stated site beside a structure file: unused where the file places the dopant (BM314), the ordering term where it does not (BM315)', async () => {
  writeFileSync(path.join(work, 'dimer.xyz'), '2\nAuPt dimer\nAu 0 0 0\nPt 0 0 2.75\n');
  writeFileSync(path.join(work, 'au13.xyz'), xyzText(icosahedronAtoms('Au', 'Au'), 'Au13'));
  // Thirteen atoms on a grid: none has the twelve neighbours a core atom of the file's own labels needs.
  writeFileSync(path.join(work, 'grid13.xyz'), `13\nAu13\n${Array.from({ length: 13 }, (_, i) => `Au ${(i % 3) * 2.8} ${Math.floor(i / 3) % 3 * 2.8} ${Math.floor(i / 9) * 2.8}`).join('\n')}\n`);
  const text =
    'recipe Own {\n  host Au 1\n  dopant Pt 1\n  structure "dimer.xyz"\n  site core\n}\n' +
    'recipe Host {\n  host Au 12\n  dopant Pt [1]\n  structure "au13.xyz"\n  site core\n}\n' +
    'recipe Coreless {\n  host Au 12\n  dopant Pt 1\n  structure "grid13.xyz"\n  site core\n}\n' +
    'recipe Mixed {\n  host Au 12\n  dopant Pt 1\n  structure "au13.xyz"\n}\n' +
    'recipe Template {\n  host Au 12\n  dopant Pt 1\n  topology icosahedron\n  site core\n}\n';
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'f.bimetal', baseDir: work });
  const recordOf = (name: string) => doc.records.find((r) => r.recipe === name)!;
  const structureCodes = (name: string) => recordOf(name).diagnostics.map((d) => d.code).filter((c) => c.startsWith('BM31'));
  const orderingOf = (name: string) => recordOf(name).prediction!.terms.find((t) => t.key === 'ordering')!;
  assert.deepEqual(structureCodes('Own'), ['BM314']);
  const unused = doc.diagnostics.find((d) => d.code === 'BM314')!;
  assert.equal(at(text, unused.range), 'site core', 'on the site, where its quick fix removes it');
  assert.deepEqual(unused.data, { removable: true });
  assert.equal(orderingOf('Own').value, 0);
  assert.match(orderingOf('Own').source, /^structure file: it places the dopant atoms/);
  // A host-only file says nothing of the dopant's place: the stated site does, exactly as for the template of that size.
  assert.deepEqual(structureCodes('Host'), ['BM315']);
  assert.match(recordOf('Host').diagnostics.find((d) => d.code === 'BM315')!.message, /does not place the dopant: 'site core' does, through the site model's ordering term/);
  assert.notEqual(orderingOf('Host').value, 0);
  assert.deepEqual(orderingOf('Host'), { ...orderingOf('Template') });
  // The stated site counts as for the template of the file's size, whatever the file's coordination says: a relaxed
  // cluster's centre atom may have fewer than twelve neighbours within the bond cut-off.
  assert.deepEqual(orderingOf('Coreless'), { ...orderingOf('Template') });
  assert.equal(orderingOf('Template').inputs.n_core, 1);
  assert.deepEqual(structureCodes('Mixed'), ['BM313']);
  assert.match(recordOf('Mixed').diagnostics.find((d) => d.code === 'BM313')!.message, /give 'site core' or 'site surface' to state where the dopant sits/);
  assert.equal(orderingOf('Mixed').value, 0);
});

test('a structure file whose D is outside what its metals allow is a warning on its path (units not Å); overlapping atoms are an error', async () => {
  // The Au13 of the test above written in nm: D = 0.28 Å passed with a normal prediction.
  const atoms = Array.from({ length: 13 }, (_, i) => [(i % 3) * 2.8, (Math.floor(i / 3) % 3) * 2.8, Math.floor(i / 9) * 2.8]);
  const xyz = (scale: number, extra: number[][] = [], element = 'Au') => `${13 + extra.length}\n${element}13\n${[...atoms, ...extra].map((a) => `${element} ${a.map((x) => x * scale).join(' ')}`).join('\n')}\n`;
  writeFileSync(path.join(work, 'au13-nm.xyz'), xyz(0.1));
  writeFileSync(path.join(work, 'au13-pm.xyz'), xyz(100));
  writeFileSync(path.join(work, 'au13-twice.xyz'), xyz(1, [atoms[4]]));
  // Magnesium has no metallic radius in the engine: its file is held to the plausible range of a written distance.
  writeFileSync(path.join(work, 'mg13-nm.xyz'), xyz(0.1, [], 'Mg'));
  const text =
    'recipe Nm {\n  host Au 12\n  dopant Pt 1\n  structure "au13-nm.xyz"\n  site core\n}\n' +
    'recipe Pm {\n  host Au 12\n  dopant Pt 1\n  structure "au13-pm.xyz"\n  site core\n}\n' +
    'recipe Stated {\n  host Au 12\n  dopant Pt 1\n  structure "au13-nm.xyz"\n  site core\n  distance 2.8\n}\n' +
    'recipe Twice {\n  host Au 13\n  dopant Pt 1\n  structure "au13-twice.xyz"\n}\n' +
    'recipe NoRadii {\n  host Au 12\n  dopant Pt 1\n  structure "mg13-nm.xyz"\n  site core\n}\n';
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'f.bimetal', baseDir: work });
  const recordOf = (name: string) => doc.records.find((r) => r.recipe === name)!;
  const warnings = doc.diagnostics.filter((d) => d.code === 'BM316');
  assert.deepEqual(warnings.map((d) => [d.severity, at(text, d.range)]), [['warning', '"au13-nm.xyz"'], ['warning', '"au13-pm.xyz"'], ['warning', '"mg13-nm.xyz"']]);
  assert.equal(
    warnings[0].message,
    "the structure file's mean metal–metal distance D = 0.28 Å is outside the 1.5–4.06 Å its metals allow (0.52–1.41 × their bond length from metallic radii, r_i + r_j = 2.88 Å): XYZ coordinates are read in Å, and this file's are probably in other units; read in nm, D would be 2.8 Å",
  );
  assert.match(warnings[1].message, /D = 280 Å is outside the 1\.5–4\.06 Å its metals allow .*; read in pm, D would be 2\.8 Å$/);
  assert.equal(
    warnings[2].message,
    "the structure file's mean metal–metal distance D = 0.28 Å is outside the plausible 1.5–10 Å: XYZ coordinates are read in Å, and this file's are probably in other units; read in nm, D would be 2.8 Å",
  );
  assert.deepEqual(recordOf('Stated').diagnostics.filter((d) => d.code === 'BM316'), [], "the recipe's distance replaces the file's D");
  const overlap = doc.diagnostics.find((d) => d.code === 'BM310');
  assert.ok(overlap && overlap.severity === 'error', JSON.stringify(doc.diagnostics));
  assert.equal(at(text, overlap.range), '"au13-twice.xyz"');
  assert.match(overlap.message, /metal atoms overlap: Au on line 7 and Au on line 16 are 0 Å apart/);
  assert.equal(recordOf('Twice').prediction, null);
});

test('a cluster written in bohr is a warning that says so, though its D lies inside 1.5–10 Å; the cluster compressed or expanded by 10 % is not', async () => {
  const core = placeCore({ topology: 'icosahedron', host: 'Au', dopant: 'Pt', nHost: 12, nDopant: 1, site: 'core' });
  assert.ok(!isGeometryError(core));
  const xyz = (scale: number) => `13\nAu12Pt\n${core.elements.map((element, i) => `${element} ${[0, 1, 2].map((d) => core.positions[3 * i + d] * scale).join(' ')}`).join('\n')}\n`;
  const files = { Bohr: 1 / BOHR_IN_ANGSTROM, Compressed: 0.9, Expanded: 1.1 };
  for (const [name, scale] of Object.entries(files)) writeFileSync(path.join(work, `au12pt-${name}.xyz`), xyz(scale));
  const text = Object.keys(files)
    .map((name) => `recipe ${name} {\n  host Au 12\n  dopant Pt 1\n  structure "au12pt-${name}.xyz"\n}\n`)
    .join('');
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'f.bimetal', baseDir: work });
  const warnings = doc.diagnostics.filter((d) => d.code === 'BM316');
  assert.deepEqual(warnings.map((d) => at(text, d.range)), ['"au12pt-Bohr.xyz"'], JSON.stringify(warnings));
  const bohrD = core.meanNearestNeighbourDistance / BOHR_IN_ANGSTROM;
  assert.ok(bohrD > 1.5 && bohrD < 10, `the file in bohr has D = ${bohrD} Å, inside the range of a written distance`);
  assert.equal(
    warnings[0].message,
    "the structure file's mean metal–metal distance D = 5.41731 Å is outside the 1.49–4.04 Å its metals allow (0.52–1.41 × their bond length from metallic radii, r_i + r_j = 2.866 Å): XYZ coordinates are read in Å, and this file's are probably in other units; read in bohr, D would be 2.86672 Å",
  );
});

test('a binds atom without a Pauling χ is BM305 on that atom; arsine, silyl, stibine and tellurolate ligands get χ_env', async () => {
  const text =
    'ligand AsPh3 = "c1ccc(cc1)[As](c1ccccc1)c1ccccc1" binds As\n' +
    'ligand Silyl = "C[Si](C)(C)C#C" binds Si\n' +
    'ligand SbPh3 = "c1ccc(cc1)[Sb](c1ccccc1)c1ccccc1" binds Sb\n' +
    'ligand TePh = "[Te]c1ccccc1" binds Te\n' +
    'ligand NaThiolate = "CC[S-].[Na+]" binds S, Na\n' +
    ['AsPh3', 'Silyl', 'SbPh3', 'TePh', 'NaThiolate'].map((name) => `recipe With${name} {\n  host Au 12\n  dopant Pt 1\n  ligands ${name} x 4\n}\n`).join('');
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'f.bimetal' });
  const errors = doc.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.code, at(text, d.range)]), [['BM305', 'Na']], 'on the atom, not the whole binds clause');
  assert.match(errors[0].message, /^Ligand NaThiolate: Na in binds has no Pauling electronegativity in Bimetal's element data, so χ_env cannot be computed; binding atoms with data: H, B, C, N, O, F, Si, P, S, Cl, Ge, As, Se, Br, Sb, Te, I and the supported metals$/);
  // χ_env = χ̄_metal − χ_binding, χ̄_metal = (12·2.54 + 2.28)/13 (Pauling, matminer-magpie Electronegativity.table).
  const chiMetal = (12 * 2.54 + 2.28) / 13;
  for (const [name, chi] of [['AsPh3', 2.18], ['Silyl', 1.9], ['SbPh3', 2.05], ['TePh', 2.1]] as const) {
    const record = doc.records.find((r) => r.recipe === `With${name}`)!;
    assert.ok(Math.abs(record.descriptors!.chiEnv! - (chiMetal - chi)) < 1e-4, `${name}: χ_env ${record.descriptors!.chiEnv}`);
    assert.notEqual(record.prediction, null, name);
  }
});

test('unchanged recipes reuse their cached results; an edited one is recomputed', async () => {
  const scorer = createScorer({ modelDir });
  const two = GOLD + GOLD.replace('Au4Ru2', 'Au4Pd2').replace('Ru 2', 'Pd 2');
  const first = await scorer.scoreText(two, { file: 'c.bimetal' });
  // Insert lines above and change the second recipe only.
  const edited = '# a new comment\n\n' + GOLD + GOLD.replace('Au4Ru2', 'Au4Pd2').replace('Ru 2', 'Pt 2');
  const second = await scorer.scoreText(edited, { file: 'c.bimetal' });
  // The member's analysis is kept, not its descriptors (they are computed anew when read): its prediction is the same object.
  assert.equal(second.members[0].prediction, first.members[0].prediction, 'same object: reused');
  assert.notEqual(second.members[1].prediction, first.members[1].prediction);
  // Positions follow the text even when the results are reused.
  assert.equal(second.records[0].diagnostics.length, first.records[0].diagnostics.length);
});

test('recipes of one content under other names are analysed and predicted once, each named in its own findings and descriptors', async () => {
  // φ below a threshold above every φ: BM410 on the name; a reference far outside the interval: BM412 on the label. Both name the recipe.
  const supported = (name: string, dopant = 'Ir') => `recipe ${name} {\n  host Cu 1\n  dopant ${dopant} 1\n  support zeolite MFI\n}\n`;
  const labelled = (name: string) => `recipe ${name} {\n  host Au 12\n  dopant Pt 1\n  energy 4 eV\n}\n`;
  const text = supported('First') + labelled('Third') + supported('Second') + supported('Other', 'Pt') + labelled('Fourth');
  const editor = createScorer({ modelDir, phiThreshold: 10 });
  const uncached = createScorer({ modelDir, phiThreshold: 10, batch: true });
  try {
    const scored = await editor.scoreText(text, { file: 'twins.bimetal' });
    const [first, third, second, other, fourth] = scored.members;
    assert.equal(second.prediction, first.prediction, 'one analysis: the same prediction object');
    assert.equal(fourth.prediction, third.prediction);
    assert.notEqual(other.prediction, first.prediction);
    assert.equal(editor.keptMembers('twins.bimetal'), 3);
    for (const [member, code, where] of [[first, 'BM410', 'First'], [second, 'BM410', 'Second'], [third, 'BM412', 'energy 4 eV'], [fourth, 'BM412', 'energy 4 eV']] as const) {
      const found = member.diagnostics.filter((d) => d.code === code);
      assert.deepEqual(found.map((d) => at(text, d.range)), [where], `${member.spec.name}: ${JSON.stringify(member.diagnostics)}`);
      assert.ok(found[0].message.startsWith(`${member.spec.name}: `), found[0].message);
      assert.equal(member.descriptors.recipe, member.spec.name);
    }
    const fresh = await uncached.scoreText(text, { file: 'twins.bimetal' });
    assert.deepEqual(scored.records, fresh.records);
    assert.deepEqual(scored.diagnostics, fresh.diagnostics);
  } finally {
    await editor.dispose();
    await uncached.dispose();
  }
});

test('a family reuses its members\' cached results after an edit elsewhere, and a family whose list changed keeps the members it still has', async () => {
  const scorer = createScorer({ modelDir });
  try {
    const family = 'recipe F {\n  host Au [12, 13]\n  dopant [Pd, Pt] 1..2\n}\n';
    const other = 'recipe O {\n  host Ag 12\n  dopant Pd 1\n}\n';
    const first = await scorer.scoreText(family + other, { file: 'f.bimetal' });
    assert.equal(first.members.length, 9);
    // Lines above it and another recipe edited: every member of the family is the one scored before.
    const moved = await scorer.scoreText(`# a comment\n\n${family}${other.replace('Pd 1', 'Pt 1')}`, { file: 'f.bimetal' });
    for (let i = 0; i < 8; i++) assert.equal(moved.members[i].prediction, first.members[i].prediction, moved.members[i].spec.name);
    assert.notEqual(moved.members[8].prediction, first.members[8].prediction);
    assert.equal(moved.members[0].spec.ranges?.name.start, first.members[0].spec.ranges!.name.start + '# a comment\n\n'.length);
    // Its dopant count 2 became 3: the members with count 1 are kept, those with 3 are new and right.
    const edited = `${family.replace('1..2', '[1, 3]')}${other}`;
    const changed = await scorer.scoreText(edited, { file: 'f.bimetal' });
    const fresh = await createScorer({ modelDir }).scoreText(edited, { file: 'f.bimetal' });
    assert.deepEqual(changed.records, fresh.records);
    changed.members.slice(0, 8).forEach((member, i) => {
      const kept = member.spec.dopant.count === 1;
      assert.equal(member.prediction === first.members[i].prediction, kept, member.spec.name);
    });
  } finally {
    await scorer.dispose();
  }
});

test('after any sequence of edits, the editor\'s cached results equal those of a scorer that caches nothing', async () => {
  // Each slot's alternatives change a family's lists, a ligand declaration its members resolve, a
  // support, a distance, a note or where the recipes stand; the recipes also change order.
  const slots: Record<string, string[]> = {
    ligand: ['ligand Thiol = "CCCS" binds S', 'ligand Thiol = "CCCCS" binds S', 'ligand Thiol = "CCCS" binds S logP 1.5'],
    hosts: ['host [Au, Ag] 12..13', 'host [Au, Ag] 12..14', 'host Au 12..13', 'host [Ag, Au] 12..13'],
    dopants: ['dopant [Pt, Pd] 1..2', 'dopant [Pt, Pd] [1, 3]', 'dopant Pt 1..2', 'dopant [Pt, Pd, Ni] 1..2'],
    protectedHost: ['host Au 25', 'host Au [24, 25]'],
    ligands: ['ligands Thiol x [18, 20]', 'ligands Thiol x 18', 'ligands PET x [18, 20]', 'ligands Thiol x [18, 20], PPh3 x 2'],
    support: ['support zeolite MFI', 'support oxide "CeO2"'],
    distance: ['', 'distance 2.8 Å', 'distance 2.9 Å'],
    note: ['', 'note "a"', 'note "b"'],
    top: ['', '# a comment\n\n'],
  };
  const document = (c: Record<string, string>, order: readonly number[]) => {
    const recipes = [
      `recipe Fam {\n  ${c.hosts}\n  ${c.dopants}\n  ${c.note}\n}\n`,
      `recipe Lig {\n  ${c.protectedHost}\n  dopant Pd 1\n  ${c.ligands}\n}\n`,
      `recipe Sup {\n  host Cu 1\n  dopant [Ir, Rh] 1\n  ${c.support}\n  ${c.distance}\n}\n`,
      'recipe One {\n  host Au 12\n  dopant Pt 1\n}\n',
    ];
    return `${c.top}${c.ligand}\n${order.map((i) => recipes[i]).join('\n')}`;
  };
  const random = seededRandom(5);
  const editor = createScorer({ modelDir });
  const uncached = createScorer({ modelDir, batch: true });
  try {
    const chosen = Object.fromEntries(Object.entries(slots).map(([slot, choices]) => [slot, choices[0]]));
    let order = [0, 1, 2, 3];
    for (let step = 0; step < 30; step++) {
      if (random() < 0.2) order = [...order].sort(() => random() - 0.5);
      else {
        const slot = Object.keys(slots)[Math.floor(random() * Object.keys(slots).length)];
        chosen[slot] = slots[slot][Math.floor(random() * slots[slot].length)];
      }
      const text = document(chosen, order);
      const cached = await editor.scoreText(text, { file: 'd.bimetal' });
      const fresh = await uncached.scoreText(text, { file: 'd.bimetal' });
      assert.deepEqual(cached.records, fresh.records, text);
      assert.deepEqual(cached.diagnostics, fresh.diagnostics, text);
    }
  } finally {
    await editor.dispose();
    await uncached.dispose();
  }
});

test('records read once for a request are built without being kept; a record read as member.record is kept', async () => {
  const scorer = createScorer({ modelDir });
  try {
    const family = 'recipe F {\n  host Au 10..12\n  dopant Pd 1..2\n}\n';
    const doc = await scorer.scoreText(family, { file: 'f.bimetal' });
    // Reading a member's record keeps it (unreadRecord fails the test on such a read).
    const records = labelledRecords(doc.members.map(unreadRecord), undefined, 0.9);
    assert.equal(records.length, 6);
    const member = doc.members[0];
    assert.notEqual(member.buildRecord(), member.buildRecord(), 'each built anew, none kept');
    assert.deepEqual(records[0], member.buildRecord());
    // Made one at a time as they are read: the first is built before the second member is touched.
    const built: string[] = [];
    const counted = doc.members.map((m) => Object.create(m, { buildRecord: { value: () => (built.push(m.spec.name), m.buildRecord()) } }) as typeof m);
    const each = eachLabelledRecord(counted, undefined, 0.9);
    assert.deepEqual(each.next().value, records[0]);
    assert.deepEqual(built, [doc.members[0].spec.name]);
    assert.deepEqual([...each], records.slice(1));
    const kept = member.record;
    assert.equal(member.record, kept, 'the record read as member.record is kept');
    assert.equal(member.buildRecord(), kept, 'and then given by buildRecord too');
  } finally {
    await scorer.dispose();
  }
});

test('an aborted signal stops the run with an AbortError', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    createScorer({ modelDir }).scoreText(GOLD, { file: 'a.bimetal', signal: controller.signal }),
    (error: unknown) => isAbortError(error),
  );
});

test('a family reports each member, and one summarised warning per repeated problem', async () => {
  const text = 'recipe Sweep {\n  host Cu 1\n  dopant [Ir, Re, Os] 1\n  support zeolite MFI\n}';
  const doc = await createScorer({ modelDir, phiThreshold: 10 }).scoreText(text, { file: 's.bimetal' });
  assert.equal(doc.records.length, 3);
  const phi = doc.diagnostics.filter((d) => d.code === 'BM410');
  assert.equal(phi.length, 1);
  assert.match(phi[0].message, /^3 of 3 members of Sweep/);
  for (const r of doc.records) assert.equal(r.diagnostics.filter((d) => d.code === 'BM410').length, 1);
});

test('a summarised warning counts a large family and names its first five, whatever the family size', async () => {
  const text = 'recipe Sweep {\n  host Au 1..60\n  dopant Pt 1..50\n}\n';
  const doc = await createScorer({ modelDir }).scoreText(text, { file: 'sweep.bimetal' });
  assert.equal(doc.records.length, 3000);
  // Au–Pt: every member is warned of the pair's positive mixing enthalpy (BM411).
  const summaries = doc.diagnostics.filter((d) => d.code === 'BM411');
  assert.equal(summaries.length, 1, 'one summary per code and place');
  for (const summary of summaries) {
    const named = doc.records.filter((r) => r.diagnostics.some((d) => d.code === summary.code)).map((r) => r.recipe);
    assert.ok(named.length > 5);
    const data = summary.data as { members: string[]; memberCount: number };
    assert.equal(data.memberCount, named.length);
    assert.deepEqual(data.members, named.slice(0, 5));
    const thousands = (n: number) => n.toLocaleString('en-US');
    assert.ok(summary.message.startsWith(`${thousands(named.length)} of 3,000 members of Sweep (${named.slice(0, 5).join(', ')} and ${thousands(named.length - 5)} more). First: `), summary.message);
    // Every name was 3.7 MB of JSON per diagnostic for a 98,600-member sweep, published after every edit.
    assert.ok(JSON.stringify(summary).length < 2000, `${JSON.stringify(summary).length} characters`);
  }
});

test('models run in a worker thread give the same predictions as in process', async () => {
  const inProcess = createScorer({ modelDir });
  const inWorker = createScorer({ modelDir, inference: 'worker' });
  try {
    const a = await inProcess.scoreText(AU12PD, { file: 'au12pd.bimetal' });
    const b = await inWorker.scoreText(AU12PD, { file: 'au12pd.bimetal' });
    assert.ok(b.records[0].prediction && b.records[0].site);
    assert.deepEqual(b.records[0].prediction, a.records[0].prediction);
    assert.deepEqual(b.records[0].site, a.records[0].site);
  } finally {
    await inWorker.dispose();
    await inProcess.dispose();
  }
});

test('scorers given one model runtime share it: scoring at once, each with its own coverage; disposing one leaves the runtime to its owner', async () => {
  const models = new ModelStage({ modelDir, inference: 'worker' });
  const narrow = createScorer({ models, coverage: 0.5 });
  const wide = createScorer({ models, coverage: 0.95 });
  try {
    const loaded = await models.load();
    assert.ok(loaded.ok);
    const [first, second] = await Promise.all([narrow.scoreText(AU12PD, { file: 'narrow.bimetal' }), wide.scoreText(AU12PD, { file: 'wide.bimetal' })]);
    // The cards of the runtime given: a scorer that made its own would hold another runtime's.
    for (const scored of [first, second]) assert.equal(scored.members[0].cards, loaded.runtime.cards);
    const [a, b] = [first.records[0].prediction!, second.records[0].prediction!];
    assert.deepEqual([a.coverage, b.coverage], [0.5, 0.95]);
    assert.equal(b.eForm, a.eForm);
    assert.ok(b.upper! - b.lower! > a.upper! - a.lower!, `${JSON.stringify(a)} against ${JSON.stringify(b)}`);
    await narrow.dispose();
    // A scorer must not release a runtime it was given: the owner's is still the one loaded.
    assert.equal(await models.load(), loaded);
    assert.ok((await wide.scoreText(AU12PD, { file: 'wide.bimetal' })).records[0].prediction);
  } finally {
    await models.release();
  }
});

test('an inference worker that stopped is started again by the next scoring run', async () => {
  const models = new ModelStage({ modelDir, inference: 'worker' });
  const scorer = createScorer({ models });
  try {
    const first = await models.load();
    assert.ok(first.ok);
    // Its thread exits, as when it crashes: every request to it is refused from then on.
    await first.release();
    const scored = await scorer.scoreText(AU12PD, { file: 'au12pd.bimetal' });
    assert.ok(scored.records[0].prediction, JSON.stringify(scored.diagnostics));
    assert.notEqual(await models.load(), first);
  } finally {
    await models.release();
  }
});

test('a runtime loaded while the last one is being released is the one the stage keeps, never dropped unreleased', async () => {
  const models = new ModelStage({ modelDir, inference: 'worker' });
  try {
    const first = await models.load();
    assert.ok(first.ok);
    await first.release();
    // A release and a load at once: the load, made after, starts the runtime the stage keeps.
    const releasing = models.release();
    const next = models.load();
    await releasing;
    const state = await next;
    assert.ok(state.ok && !state.stopped());
    assert.equal(await models.load(), state);
  } finally {
    await models.release();
  }
});
