/**
 * Calibration on the user's labels, end to end through the real scorer and shipped models:
 * the synthetic shift of issue 9, fading back far from the labels, conflicting labels, and the
 * ranking of what to compute next.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScorer } from '../../pipeline/src/index';
import { hasLabel } from '../../pipeline/src/calibration/labels';
import { unreadRecord } from '../helpers/unreadRecord';
import { buildCalibration } from '../../pipeline/src/calibration/build';
import { collectLabels, materialKey, mergeLabels, type CollectedLabel } from '../../pipeline/src/calibration/labels';
import { CALIBRATION_CODES } from '../../report/src/calibrationCodes';
import { knownText, suggest } from '../../pipeline/src/calibration/suggest';
import { labelledRecords, RecordCalibrator } from '../../pipeline/src/calibration/apply';
import { parityPoints } from '../../pipeline/src/calibration/parity';
import { explainMember } from '../../pipeline/src/explain';
import { fadeProfile, syntheticShift } from '../../scripts/calibrationScenarios';
import { atomMoved, icosahedronAtoms, sameShapeCopies, xyzText } from '../helpers/coreXyz';

const scorer = createScorer({});
const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-cal-structure-'));
after(async () => {
  await scorer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('synthetic shift: 12 labels bring the other family members to MAE ≤ 0.12 with honest 90 % intervals', async () => {
  const { heldOut, calibration } = await syntheticShift(scorer);
  assert.ok(heldOut.n >= 20, `enough held-out members (${heldOut.n})`);
  // The shift is not a constant: the offset alone must leave a large error, or the test proves nothing.
  assert.ok(heldOut.maeOffset > 0.2, `offset alone leaves ${heldOut.maeOffset}`);
  assert.ok(heldOut.maeCalibrated <= 0.12, `calibrated MAE ${heldOut.maeCalibrated}`);
  assert.ok(heldOut.coverage >= 0.75, `coverage ${heldOut.coverage}`);
  assert.ok(heldOut.meanWidth <= 1, `mean width ${heldOut.meanWidth}`);
  const q = calibration.targets.eForm?.quality;
  assert.ok(q && q.labels === 12 && q.cvMae < q.maeBefore, 'the file reports its own CV MAE before and after');
  assert.equal(calibration.targets.eForm?.method, 'jackknife+', 'twelve labels use jackknife+');
});

test('far from the labels the calibration fades back to the shipped model and its interval', async () => {
  const { calibration } = await syntheticShift(scorer);
  const calibrator = new RecordCalibrator(calibration);
  const near = await fadeProfile(scorer, calibrator, 'recipe Near {\n  host Au 12\n  dopant Co 1\n  topology icosahedron\n}\n');
  assert.equal(near[0].weight, 1, 'a recipe among the labels gets the whole calibration');
  // Large bare clusters of other elements at another size: unlike every label.
  const far = await fadeProfile(scorer, calibrator, 'recipe Far {\n  host [W, Ta] 560\n  dopant [Sc, Y] 1\n  topology icosahedron\n}\n');
  for (const f of far) {
    assert.ok(f.weight < 0.01, `${f.recipe}: weight ${f.weight}`);
    assert.ok(Math.abs(f.shift) < 0.02, `${f.recipe}: shift ${f.shift}`);
    assert.ok(Math.abs(f.widthChange) < 0.02, `${f.recipe}: width change ${f.widthChange}`);
  }
});

test('the same expanded recipe with two energies is a conflict on both labels, and neither is used', async () => {
  const a = await scorer.scoreText('recipe A {\n  host Au 12\n  dopant Pt 1\n  energy -2.5 eV\n}\n', { file: 'a.bimetal' });
  const b = await scorer.scoreText('recipe B {\n  host Au 12\n  dopant Pt 1\n  energy -2.1 eV\n}\nrecipe C {\n  host Au 12\n  dopant Pd 1\n  energy -2.3 eV\n}\n', { file: 'b.bimetal' });
  const { labels, conflicts } = collectLabels([
    { file: 'a.bimetal', document: a },
    { file: 'b.bimetal', document: b },
  ]);
  assert.deepEqual(labels.map((l) => l.recipe), ['C']);
  const inA = conflicts.get('a.bimetal') ?? [];
  assert.equal(inA.length, 1);
  assert.equal(inA[0].code, CALIBRATION_CODES.conflictingLabels);
  assert.match(inA[0].message, /-2\.1 eV \(B, b\.bimetal\)/);
  assert.equal(conflicts.get('b.bimetal')?.length, 1);
});

test('20,000 conflicting labels of 20 materials: each BM420 names a few of the others and counts the rest', () => {
  // A DFT table that repeats compositions: naming every other copy made 20,000 messages of 999
  // entries each (quadratic time and memory; 30,000 rows took 35 s and 3 GB in \`bimetal check\`).
  const materials = 20;
  const rows = 20_000;
  const labels: CollectedLabel[] = Array.from({ length: rows }, (_, i) => ({
    features: [],
    base: -2,
    reference: -2 - i / rows,
    group: 'Au-Pd',
    key: `material ${i % materials}`,
    target: 'eForm',
    file: 'table.bimetal',
    recipe: `r${i}`,
  }));
  const { labels: kept, conflicts } = mergeLabels([{ labels, unusable: [] }]);
  assert.equal(kept.length, 0, 'no value of a conflicting material is used');
  const messages = (conflicts.get('table.bimetal') ?? []).map((d) => d.message);
  assert.equal(messages.length, rows, 'one BM420 per label');
  assert.ok(messages.every((m) => m.length < 300), 'every message is short');
  // r0's material has r0, r20, r40, …: 999 others, three named.
  assert.match(messages[0], /^r0: energy -2 eV conflicts with -2\.001 eV \(r20, table\.bimetal\), -2\.002 eV \(r40, table\.bimetal\), -2\.003 eV \(r60, table\.bimetal\) and 996 more label\(s\) for the same recipe; none of these values is used/);
  assert.match(messages.find((m) => m.startsWith('r20:')) ?? '', /^r20: .* conflicts with -2 eV \(r0, table\.bimetal\), -2\.002 eV \(r40, table\.bimetal\), -2\.003 eV \(r60, table\.bimetal\) and 996 more/);
});

test('collecting labels reads the records of labelled members only', async () => {
  const scored = await scorer.scoreText(
    'recipe Labelled {\n  host Au 12\n  dopant Pt 1\n  energy -2.5 eV\n}\nrecipe Sweep {\n  host Au 1..40\n  dopant [Pt, Pd] 1..3\n}\n',
    { file: 'mixed.bimetal' },
  );
  const members = scored.members.map((m) => (hasLabel(m.spec) ? m : unreadRecord(m)));
  assert.equal(members.length, 1 + 40 * 2 * 3);
  const { labels } = collectLabels([{ file: 'mixed.bimetal', document: { members } }]);
  assert.deepEqual(labels.map((l) => [l.recipe, l.target, l.reference]), [['Labelled', 'eForm', -2.5]]);
});

test('suggest ranks unlabelled, error-free members by the lower bound or by the width', async () => {
  const doc = await scorer.scoreText(
    'recipe S {\n  host Au 12\n  dopant [Pt, Pd, Ni, Fe, Co] 1\n}\nrecipe Known {\n  host Ag 12\n  dopant Pt 1\n  energy -2 eV\n}\nrecipe Broken {\n  host Au 12\n  dopant Xx 1\n}\n',
    { file: 's.bimetal' },
  );
  const records = labelledRecords(doc.members, undefined, 0.9);
  const candidates = doc.members.map((m, i) => ({ member: m, record: records[i] }));
  const stable = suggest(candidates, 'stable', 3).ranked;
  assert.equal(stable.length, 3);
  assert.ok(stable.every((r) => r.recipe.startsWith('S[')), 'the labelled and the broken recipe are skipped');
  const allStable = suggest(candidates, 'stable', 10).ranked;
  assert.equal(allStable.length, 5);
  for (let i = 1; i < allStable.length; i++) assert.ok(allStable[i - 1].prediction!.lower <= allStable[i].prediction!.lower);
  const uncertain = suggest(candidates, 'uncertain', 10).ranked;
  const width = (r: (typeof uncertain)[number]) => r.prediction!.upper - r.prediction!.lower;
  for (let i = 1; i < uncertain.length; i++) assert.ok(width(uncertain[i - 1]) >= width(uncertain[i]));
  // Without a calibration there is nothing to redo: the members' own records already compare their labels.
  assert.deepEqual(records, doc.members.map((m) => m.record), "the members' own records");
  const known = records.find((r) => r.recipe === 'Known');
  assert.equal(known?.reference, -2);
  assert.equal(known?.residual, Number((-2 - known!.prediction!.eForm).toPrecision(6)));
});

test('garbage labels are diagnostics on the labels, never a crash, and never calibrate', async () => {
  const text = [
    'recipe A {\n  host Au 12\n  dopant Pt 1\n  energy 1e999 eV\n}',
    'recipe B {\n  host Au 12\n  dopant Pd 1\n  energy -310 eV\n}',
    'recipe C {\n  host Au 12\n  dopant Ni 1\n  siteEnergy 900 eV\n}',
    'recipe D {\n  host Au 12\n  dopant Co 1\n  energy eV\n}',
    'recipe E {\n  host Au 12\n  dopant Fe 1\n  energy "-2" eV\n}',
    'recipe F {\n  host Au 12\n  dopant Zn 1\n  energy -2.4 kJ\n}',
  ].join('\n');
  const doc = await scorer.scoreText(text, { file: 'bad.bimetal' });
  const codes = doc.diagnostics.map((d) => d.code);
  for (const code of ['BM229', 'BM230']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
  // The recipes with a bad value are still scored; only the label is dropped.
  assert.ok(doc.records.find((r) => r.recipe === 'A')?.prediction);
  const { labels } = collectLabels([{ file: 'bad.bimetal', document: doc }]);
  assert.deepEqual(labels, []);
});

test('siteEnergy labels calibrate the site preference the same way', async () => {
  const dopants = ['Pt', 'Pd', 'Ni', 'Co', 'Fe', 'Ru'];
  const base = await scorer.scoreText(
    dopants.map((d) => `recipe S${d} {\n  host Au 12\n  dopant ${d} 1\n  topology icosahedron\n}`).join('\n'),
    { file: 'site.bimetal' },
  );
  // Your ΔE: the shipped one moved towards the surface by 0.8 eV.
  const text = base.members
    .map((m) => `recipe S${m.spec.dopant.element} {\n  host Au 12\n  dopant ${m.spec.dopant.element} 1\n  topology icosahedron\n  siteEnergy ${(m.record.site!.deltaE + 0.8).toFixed(3)} eV\n}`)
    .join('\n');
  const labelled = await scorer.scoreText(text, { file: 'site.bimetal' });
  const { labels } = collectLabels([{ file: 'site.bimetal', document: labelled }]);
  assert.equal(labels.filter((l) => l.target === 'siteEnergy').length, 6);
  const file = buildCalibration(labels, 'sha256:test', 0.9)!;
  assert.ok(file.targets.siteEnergy && !file.targets.eForm);
  const calibrator = new RecordCalibrator(file);
  const [record] = labelledRecords(labelled.members.slice(0, 1), calibrator, 0.9);
  assert.equal(record.site?.calibration?.labels, 6);
  assert.ok(Math.abs(record.site!.residual!) < 0.05, `site residual ${record.site!.residual}`);
  assert.equal(record.site?.reference, Number((base.members[0].record.site!.deltaE + 0.8).toFixed(3)));
  assert.equal(record.prediction?.model, 'eform-v2', 'no E_form labels, no E_form calibration');
});

test("a calibrated ΔE prices the stated site's ordering term: E_form(core) − E_form(surface) = m·ΔE/N with the ΔE the record shows, in the record and in a family's ranking", async () => {
  // Your ΔE: every Au12X dopant prefers the surface by 1.5 eV; the shipped model sends Pd to the core (ΔE −0.18 eV).
  const dopants = ['Pt', 'Ni', 'Cu', 'Co', 'Rh', 'Ir', 'Fe', 'Ru', 'Os', 'Zn', 'Ag'];
  const text = dopants.map((d) => `recipe S${d} {\n  host Au 12\n  dopant ${d} 1\n  topology icosahedron\n  siteEnergy 1.5 eV\n}`).join('\n');
  const labelled = await scorer.scoreText(text, { file: 'site.bimetal' });
  const calibrator = new RecordCalibrator(buildCalibration(collectLabels([{ file: 'site.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!);
  const scored = await scorer.scoreText('recipe C {\n  host Au 12\n  dopant Pd 1\n  topology icosahedron\n  site core\n}\nrecipe S {\n  host Au 12\n  dopant Pd 1\n  topology icosahedron\n  site surface\n}\n', { file: 'pd.bimetal' });
  const [core, surface] = scored.members.map((m) => calibrator.apply(m, m.buildRecord(), 0.9).record);
  const deltaE = core.site!.deltaE;
  assert.ok(deltaE > 1 && core.site!.preferred === 'surface', `calibrated ΔE ${deltaE} (${core.site!.preferred})`);
  // One core site of 13: m = 1. Priced by the shipped ΔE, site core cost nothing and site surface 0.014 eV/atom.
  const difference = core.prediction!.eForm - surface.prediction!.eForm;
  assert.ok(Math.abs(difference - deltaE / 13) < 1e-5, `E_form(core) − E_form(surface) = ${difference}, ΔE/13 = ${deltaE / 13}`);
  for (const [record, member] of [[core, scored.members[0]], [surface, scored.members[1]]] as const) {
    const p = record.prediction!;
    const sum = p.terms.reduce((total, t) => total + t.value, 0);
    assert.ok(Math.abs(sum - p.eForm) < 1e-5, `${record.recipe}: terms sum to ${sum}, E_form ${p.eForm}`);
    assert.ok(p.lower <= p.eForm && p.eForm <= p.upper, `${record.recipe}: [${p.lower}, ${p.upper}] holds ${p.eForm}`);
    assert.equal(calibrator.eFormPoint(member), p.eForm, `${record.recipe}: the ranking's point is the record's`);
    // --explain states the term as the record holds it: priced by the calibrated ΔE, not the shipped -0.1825 eV.
    const lines = explainMember(member, record, calibrator);
    const at = lines.findIndex((l) => l.trim().startsWith('ΔE_order ='));
    assert.match(lines.slice(at, at + 4).join('\n'), new RegExp(`ΔE_site = ${record.site!.deltaE}[^]*source: model site-v2\\+cal:`), lines.slice(at, at + 4).join('\n'));
  }
});

/** Eleven Pd12X icosahedra whose X prefers the surface by 1.5 eV, whatever the site model says: a calibration of ΔE near Au as the dopant of Pd12. */
const PD12_SURFACE = ['Pt', 'Ni', 'Cu', 'Co', 'Rh', 'Ir', 'Fe', 'Ru', 'Os', 'Zn', 'Ag'].map((d) => `recipe S${d} {\n  host Pd 12\n  dopant ${d} 1\n  topology icosahedron\n  siteEnergy 1.5 eV\n}`);

test("a calibrated ΔE prices a majority dopant's stated site too, with the roles swapped: ΔE′ is the calibrated ΔE of the recipe written the other way round", async () => {
  const labelled = await scorer.scoreText(PD12_SURFACE.join('\n'), { file: 'pd12.bimetal' });
  const calibrator = new RecordCalibrator(buildCalibration(collectLabels([{ file: 'pd12.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!);
  // AuPd12 (Pd the majority) `site surface` puts Au in the core of Pd12, as Pd12Au `site core` does; `site core` puts it at the surface.
  const recipe = (name: string, host: string, dopant: string, site: string) => `recipe ${name} {\n  host ${host}\n  dopant ${dopant}\n  topology icosahedron\n  site ${site}\n}\n`;
  const text = recipe('C', 'Au 1', 'Pd 12', 'core') + recipe('S', 'Au 1', 'Pd 12', 'surface') + recipe('WC', 'Pd 12', 'Au 1', 'core') + recipe('WS', 'Pd 12', 'Au 1', 'surface');
  const scored = await scorer.scoreText(text, { file: 'aupd.bimetal' });
  const [core, surface, writtenCore, writtenSurface] = scored.members.map((m) => calibrator.apply(m, m.buildRecord(), 0.9).record);
  const deltaE = writtenCore.site!.deltaE;
  const shipped = scored.members[1].swappedSite!.site.point;
  assert.ok(deltaE - shipped > 0.5, `the calibration moves ΔE of Au in Pd12 from ${shipped} to ${deltaE}, or the test proves nothing`);
  const ordering = (r: typeof core) => r.prediction!.terms.find((t) => t.key === 'ordering')!;
  for (const [record, member, written] of [
    [core, scored.members[0], writtenSurface],
    [surface, scored.members[1], writtenCore],
  ] as const) {
    const term = ordering(record);
    // The stated site enters the distance, a feature of the calibration: each is the recipe written at the opposite site.
    assert.equal(term.inputs['ΔE′_site'], written.site!.deltaE, `${record.recipe}: ΔE′ is the calibrated ΔE of Pd12Au at the opposite site`);
    assert.match(term.source, /^model site-v2\+cal:[0-9a-f]+ with the roles swapped \(Au 1 as the dopant of Pd 12 at the /, record.recipe);
    const p = record.prediction!;
    assert.ok(Math.abs(p.terms.reduce((total, t) => total + t.value, 0) - p.eForm) < 1e-5, `${record.recipe}: the terms sum to E_form`);
    assert.ok(p.lower <= p.eForm && p.eForm <= p.upper, `${record.recipe}: [${p.lower}, ${p.upper}] holds ${p.eForm}`);
    assert.equal(calibrator.eFormPoint(member), p.eForm, `${record.recipe}: the ranking's point is the record's`);
  }
  // The one arrangement costs the same written either way: Au in the core, which the calibrated ΔE′ > 0 charges.
  assert.equal(ordering(surface).value, ordering(writtenCore).value);
  // One core site of 13: m′ = 1, and E_form(core) − E_form(surface) = −ΔE′/13.
  const difference = core.prediction!.eForm - surface.prediction!.eForm;
  assert.ok(Math.abs(difference + deltaE / 13) < 1e-5, `E_form(core) − E_form(surface) = ${difference}, −ΔE′/13 = ${-deltaE / 13}`);
});

test("with ΔE calibrated too, an energy label of a stated site is fitted on the E_form its record shows: the held-out residuals shown average the CV MAE", async () => {
  const dopants = ['Pt', 'Ni', 'Cu', 'Co', 'Rh', 'Ir', 'Fe', 'Ru', 'Os', 'Zn', 'Ag', 'Pd'];
  const text = dopants
    .map((d, i) => `recipe L${d} {\n  host Au 12\n  dopant ${d} 1\n  topology icosahedron\n  site core\n  energy ${(-2.3 - 0.03 * i).toFixed(3)} eV\n  siteEnergy 1.5 eV\n}`)
    .join('\n');
  const labelled = await scorer.scoreText(text, { file: 'both.bimetal' });
  const file = buildCalibration(collectLabels([{ file: 'both.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!;
  const records = labelledRecords(labelled.members, new RecordCalibrator(file), 0.9);
  assert.ok(records.every((r) => r.prediction?.calibration?.heldOut && r.prediction.terms.find((t) => t.key === 'ordering')!.value > 0.1), 'site core costs ΔE/13 of the calibrated ΔE');
  const shown = records.reduce((sum, r) => sum + Math.abs(r.residual!), 0) / records.length;
  // Fitted on the shipped ordering term, the CV MAE was 0.0963 and the residuals shown averaged 0.1126 eV/atom.
  assert.ok(Math.abs(shown - file.targets.eForm!.quality.cvMae) < 1e-5, `mean |residual| shown ${shown}, CV MAE ${file.targets.eForm!.quality.cvMae}`);
});

test('with ΔE calibrated too, an energy label of a majority dopant is fitted on the E_form its record shows, priced by the calibrated ΔE′', async () => {
  const majority = ['Pt', 'Ni', 'Cu', 'Co', 'Rh', 'Ir', 'Ag', 'Au'].map(
    (d, i) => `recipe M${d} {\n  host ${d} 1\n  dopant Pd 12\n  topology icosahedron\n  site surface\n  energy ${(-3.1 - 0.03 * i).toFixed(3)} eV\n}`,
  );
  const labelled = await scorer.scoreText([...PD12_SURFACE, ...majority].join('\n'), { file: 'majority.bimetal' });
  const file = buildCalibration(collectLabels([{ file: 'majority.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!;
  const records = labelledRecords(labelled.members, new RecordCalibrator(file), 0.9).filter((r) => r.reference !== undefined);
  assert.equal(records.length, majority.length);
  // X in the core of Pd12: the calibrated ΔE′ (X prefers the surface by 1.5 eV) charges it, where the shipped ΔE′ charged Au 0.006 eV/atom.
  assert.ok(records.every((r) => r.prediction?.calibration?.heldOut && r.prediction.terms.find((t) => t.key === 'ordering')!.value > 0.05), JSON.stringify(records.map((r) => r.prediction?.terms.at(-2))));
  const shown = records.reduce((sum, r) => sum + Math.abs(r.residual!), 0) / records.length;
  assert.ok(Math.abs(shown - file.targets.eForm!.quality.cvMae) < 1e-5, `mean |residual| shown ${shown}, CV MAE ${file.targets.eForm!.quality.cvMae}`);
});

test('a label with no prediction of its kind to compare with is BM421 on the label, saying why; a family shares one', async () => {
  const text = [
    'recipe Octa {\n  host Au 4\n  dopant Ag 2\n  topology octahedron\n  siteEnergy -0.3 eV\n}',
    'recipe Majority {\n  host Au 6\n  dopant Ag 7\n  siteEnergy -0.2 eV\n}',
    'recipe Fine {\n  host Au 12\n  dopant Ag 1\n  topology icosahedron\n  siteEnergy -0.1 eV\n}',
    // Fam[dopantCount=1]'s 19 atoms close an octahedron's second shell alone: derived, with one core site.
    'recipe Fam {\n  host Au 18\n  dopant Cu [1, 18, 19, 20]\n  siteEnergy -0.4 eV\n}',
    'recipe Unknown {\n  host Au 12\n  dopant Pm 1\n  energy -2 eV\n}',
    'recipe Broken {\n  host Au 4\n  dopant Xx 2\n  siteEnergy -0.3 eV\n}',
    // Its stated site is priced by the call with the roles swapped, which is of Au's ΔE′, not of Ag's ΔE.
    'recipe Stated {\n  host Au 6\n  dopant Ag 7\n  topology icosahedron\n  site surface\n  siteEnergy -0.2 eV\n}',
  ].join('\n');
  const doc = await scorer.scoreText(text, { file: 'siteless.bimetal' });
  const { labels, conflicts } = collectLabels([{ file: 'siteless.bimetal', document: doc }]);
  assert.deepEqual(labels.map((l) => [l.recipe, l.target]), [['Fine', 'siteEnergy'], ['Fam[dopantCount=1]', 'siteEnergy']]);
  const found = conflicts.get('siteless.bimetal') ?? [];
  assert.ok(found.every((d) => d.code === CALIBRATION_CODES.unusableLabel && d.severity === 'warning'), JSON.stringify(found));
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  assert.deepEqual(
    found.map((d) => [lineOf(d.range.start), text.slice(d.range.start, d.range.end), d.message]),
    [
      [5, 'siteEnergy -0.3 eV', 'Octa: siteEnergy -0.3 eV is not used for calibration: there is no ΔE site prediction to compare it with (6 metal atoms make an octahedron, which has no interior (core) site)'],
      [10, 'siteEnergy -0.2 eV', 'Majority: siteEnergy -0.2 eV is not used for calibration: there is no ΔE site prediction to compare it with (the dopant is not the minority, and the site model asks where a minority dopant goes)'],
      [
        21,
        'siteEnergy -0.4 eV',
        '3 members of Fam (Fam[dopantCount=18], Fam[dopantCount=19], Fam[dopantCount=20]): siteEnergy -0.4 eV is not used for calibration: there is no ΔE site prediction to compare it with (the dopant is not the minority, and the site model asks where a minority dopant goes)',
      ],
      [26, 'energy -2 eV', 'Unknown: energy -2 eV is not used for calibration: there is no E_form prediction to compare it with (it cannot be turned into features, BM406: dopant: Pm has no cohesive_energy data)'],
      [
        38,
        'siteEnergy -0.2 eV',
        'Stated: siteEnergy -0.2 eV is not used for calibration: there is no ΔE site prediction to compare it with (the dopant is not the minority, and the site model asks where a minority dopant goes; the call with the roles swapped that prices its stated site (Au 6 as the dopant of Ag 7 at the core) is of ΔE′ of Au, not this label\'s ΔE of Ag)',
      ],
    ],
    'the recipe with an error (Xx) has that error, not BM421',
  );
});

test('suggest leaves out an unlabelled recipe whose material is labelled under another name, and counts it', async () => {
  const family = await scorer.scoreText('recipe fam {\n  host [Au, Pt] 12\n  dopant [Os, Ir] 1\n  topology icosahedron\n}\nrecipe Other {\n  host Pt 12\n  dopant Os 1\n  topology icosahedron\n  site surface\n}\n', { file: 'base.bimetal' });
  const dft = await scorer.scoreText('recipe Pt12Os {\n  host Pt 12\n  dopant Os 1\n  topology icosahedron\n  energy -3.3487 eV\n}\n', { file: 'dft.bimetal' });
  const candidates = [family, dft].flatMap((doc) => {
    const records = labelledRecords(doc.members, undefined, 0.9);
    return doc.members.map((m, i) => ({ member: m, record: records[i] }));
  });
  const ranked = suggest(candidates, 'stable', 40).ranked.map((r) => r.recipe);
  assert.ok(!ranked.includes('fam[host=Pt,dopant=Os]'), `Pt12Os under another name is not suggested: ${ranked.join(', ')}`);
  assert.deepEqual([...ranked].sort(), ['Other', 'fam[host=Au,dopant=Ir]', 'fam[host=Au,dopant=Os]', 'fam[host=Pt,dopant=Ir]'], 'another stated site is another material');
  const known = suggest(candidates, 'stable', 0).known;
  assert.deepEqual(known.map((k) => [k.record.recipe, k.labelled.recipe, k.labelled.file]), [['fam[host=Pt,dopant=Os]', 'Pt12Os', 'dft.bimetal']]);
  assert.equal(
    knownText(known),
    '1 unlabelled recipe is the same material as a recipe with an energy label in the inputs (fam[host=Pt,dopant=Os] is Pt12Os in dft.bimetal), so its DFT result is already known and it is not suggested',
  );
  assert.equal(suggest(candidates, 'stable', 0).unbounded, 0);
  // Only an energy label makes a recipe known: a siteEnergy alone leaves its E_form to compute.
  const siteOnly = await scorer.scoreText('recipe Site {\n  host Pt 12\n  dopant Os 1\n  topology icosahedron\n  siteEnergy -1 eV\n}\n', { file: 'site.bimetal' });
  const withSite = candidates.filter((c) => c.member.spec.energy === undefined).concat(siteOnly.members.map((m) => ({ member: m, record: m.record })));
  assert.deepEqual(suggest(withSite, 'stable', 0).known, []);
  assert.ok(suggest(withSite, 'stable', 40).ranked.some((r) => r.recipe === 'fam[host=Pt,dopant=Os]'));
});

test('a calibration has one id however its files were named: the command line\'s relative paths, the editor\'s URIs', async () => {
  const text = ['Pt', 'Pd', 'Ni', 'Co'].map((d, i) => `recipe L${i} {\n  host Au 12\n  dopant ${d} 1\n  energy ${(-2.9 + 0.2 * i).toFixed(1)} eV\n}`).join('\n');
  const fitted = async (file: string, source = text) => {
    const document = await scorer.scoreText(source, { file });
    return buildCalibration(collectLabels([{ file, document }]).labels, 'sha256:test', 0.9)!;
  };
  // `bimetal calibrate labels.bimetal` in the workspace, and the editor's live calibration of the same file.
  const cli = await fitted('labels.bimetal');
  const editor = await fitted('file:///home/user/ws/labels.bimetal');
  assert.deepEqual([cli.labels[0].file, editor.labels[0].file], ['labels.bimetal', 'file:///home/user/ws/labels.bimetal'], 'each file still names its labels\' file as given');
  assert.equal(editor.id, cli.id);
  // The id still follows what was fitted: another value is another calibration.
  const changed = await fitted('labels.bimetal', text.replace('energy -2.9 eV', 'energy -2.8 eV'));
  assert.notEqual(changed.id, cli.id);
});

test('a calibration is the same file, byte for byte, whatever order its labels were read in', async () => {
  // 21 labels of one pair: CV+ deals them to folds in turn, so the order would change the fit itself, not only the id.
  const recipe = (name: string, host: number, dopant: number, energy: number) => `recipe ${name} {\n  host Au ${host}\n  dopant Pt ${dopant}\n  energy ${energy.toFixed(3)} eV\n}\n`;
  const sizes = Array.from({ length: 21 }, (_, i) => ({ host: 12 + 3 * i, dopant: 1 + (i % 3) }));
  const texts = [0, 1].map((half) =>
    sizes
      .filter((_, i) => i % 2 === half)
      .map(({ host, dopant }, i) => recipe(`S${half}_${i}`, host, dopant, -2.6 - 0.01 * host + 0.05 * Math.sin(host)))
      .join(''),
  );
  // One material labelled in both files under two names, with one value: one label, whose name must not depend on which file came first.
  texts[0] += recipe('Copy', 13, 2, -2.7);
  texts[1] += recipe('Original', 13, 2, -2.7);
  const documents = await Promise.all(texts.map(async (text, i) => ({ file: `f${i}.bimetal`, document: await scorer.scoreText(text, { file: `f${i}.bimetal` }) })));
  const fitted = (order: typeof documents) => buildCalibration(collectLabels(order).labels, 'sha256:test', 0.9)!;
  const forward = fitted(documents);
  const backward = fitted([...documents].reverse());
  assert.equal(forward.targets.eForm?.method, 'cv+', 'enough labels for CV+');
  assert.equal(forward.targets.eForm?.quality.labels, 22);
  assert.equal(JSON.stringify(backward), JSON.stringify(forward));
  assert.equal(forward.labels.filter((l) => l.recipe === 'Copy' || l.recipe === 'Original').length, 1);
});

test('a labelled recipe is compared with its held-out prediction, not with a calibration fitted on its own label', async () => {
  const energies = [-2.9, -2.4, -2.8, -2.2, -2.6];
  const labelledText = ['Pt', 'Pd', 'Ni', 'Co', 'Fe'].map((d, i) => `recipe L${d} {\n  host Au 12\n  dopant ${d} 1\n  energy ${energies[i]} eV\n}`).join('\n');
  const labelled = await scorer.scoreText(labelledText, { file: 'labels.bimetal' });
  const file = buildCalibration(collectLabels([{ file: 'labels.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!;
  const t = file.targets.eForm!;
  const calibrator = new RecordCalibrator(file);
  const records = labelledRecords(labelled.members, calibrator, 0.9);
  records.forEach((r, i) => {
    assert.equal(r.prediction?.calibration?.heldOut, true, r.recipe);
    assert.match(r.prediction!.terms.at(-1)!.source, /held out: fitted without this label/);
    // The file holds its labels in canonical order, not the document's: each is found by its material.
    const heldOut = t.residuals[t.labelKeys.indexOf(materialKey(labelled.members[i])!)];
    assert.ok(Math.abs(Math.abs(r.residual!) - heldOut) < 1e-4, `${r.recipe}: residual ${r.residual}, held out ${heldOut}`);
  });
  const shownMae = records.reduce((s, r) => s + Math.abs(r.residual!), 0) / records.length;
  assert.ok(Math.abs(shownMae - t.quality.cvMae) < 1e-4, `the residuals shown average to the CV MAE (${shownMae} vs ${t.quality.cvMae})`);
  // The same material without a label (a family member, another name) keeps the whole calibration, which saw the label.
  const unlabelled = await scorer.scoreText('recipe U {\n  host Au 12\n  dopant [Pt, Pd, Ni, Co, Fe] 1\n}\n', { file: 'u.bimetal' });
  const full = labelledRecords(unlabelled.members, calibrator, 0.9);
  const inSampleMae = full.reduce((s, r, i) => s + Math.abs(energies[i] - r.prediction!.eForm), 0) / full.length;
  assert.ok(full.every((r) => r.prediction?.calibration && r.prediction.calibration.heldOut === undefined));
  assert.ok(inSampleMae < shownMae / 1.5, `the fit to the labels themselves flatters them: ${inSampleMae} against ${shownMae} held out`);
  // The parity view reads the same held-out values.
  const points = parityPoints(labelled.members.map((m) => ({ file: 'labels.bimetal', member: m })), calibrator, 0.9);
  assert.deepEqual(points.map((p) => p.predicted), records.map((r) => r.prediction!.eForm));
});

test("a record's calibration coverage is its labels' held-out coverage at the record's coverage, not at the one the calibration was fitted at", async () => {
  // Labels scattered about the shipped model, so that 60 % and 85 % intervals hold different shares of them.
  const hosts = ['Au', 'Ag', 'Cu'];
  const dopants = ['Pt', 'Pd', 'Ni', 'Co', 'Fe'];
  const base = await scorer.scoreText(`recipe S {\n  host [${hosts.join(', ')}] 12\n  dopant [${dopants.join(', ')}] 1\n}\n`, { file: 's.bimetal' });
  const text = base.members
    .map((m, i) => `recipe L${i} {\n  host ${m.spec.host.element} 12\n  dopant ${m.spec.dopant.element} 1\n  energy ${(m.record.prediction!.eForm + 0.3 + 0.08 * Math.sin(7 * i)).toFixed(4)} eV\n}\n`)
    .join('');
  const labelled = await scorer.scoreText(text, { file: 'labels.bimetal' });
  const file = buildCalibration(collectLabels([{ file: 'labels.bimetal', document: labelled }]).labels, 'sha256:test', 0.6)!;
  const calibrator = new RecordCalibrator(file);
  const shares = [0.6, 0.85].map((coverage) => {
    const records = labelledRecords(labelled.members, calibrator, coverage);
    assert.ok(records.every((r) => r.prediction?.calibration?.weight === 1), 'every label is reached in full, so its interval is the one counted');
    const inside = records.filter((r) => r.referenceInInterval === true).length / records.length;
    for (const r of records) assert.ok(Math.abs(r.prediction!.calibration!.coverage - inside) < 1e-6, `at ${coverage}: the record says ${r.prediction!.calibration!.coverage}, its labels ${inside}`);
    return inside;
  });
  assert.ok(shares[1] > shares[0], `85 % intervals hold more labels than 60 % ones (${shares.join(' vs ')})`);
});

test("a calibrated record's BM412 compares its label with the calibrated interval, as the editor's Problems do: gone where that interval holds the label, placed on the label where it does not", async () => {
  const HOSTS = ['Au', 'Ag', 'Cu'];
  const DOPANTS = ['Pt', 'Pd', 'Ni'];
  const text = HOSTS.flatMap((h, i) => DOPANTS.map((d, j) => `recipe ${h}${d} {\n  host ${h} 12\n  dopant ${d} 1\n  energy ${(-2.3 - 0.1 * i - 0.04 * j).toFixed(3)} eV\n}`)).join('\n');
  const labelled = await scorer.scoreText(text, { file: 'labels.bimetal' });
  const bm412 = (r: { diagnostics: { code: string }[] }) => r.diagnostics.filter((d) => d.code === 'BM412');
  assert.ok(labelled.records.some((r) => bm412(r).length > 0), 'the shipped intervals leave out some labels, or the test proves nothing');
  const calibrator = new RecordCalibrator(buildCalibration(collectLabels([{ file: 'labels.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!);
  const calibrated = labelledRecords(labelled.members, calibrator, 0.9);
  for (const r of calibrated) assert.equal(bm412(r).length, r.referenceInInterval === false ? 1 : 0, `${r.recipe}: ${r.residual} against [${r.prediction?.lower}, ${r.prediction?.upper}]`);
  // A label on the shipped point, which the calibration moves away from it: another material than
  // the labels' (a label's own material gets its held-out estimate), close to them.
  const probeCore = 'host Ag 11\n  dopant Pt 2';
  const shipped = (await scorer.scoreText(`recipe Probe {\n  ${probeCore}\n}\n`, { file: 'probe.bimetal' })).records[0].prediction!.eForm;
  const probe = await scorer.scoreText(`recipe Probe {\n  ${probeCore}\n  energy ${shipped} eV\n}\n`, { file: 'probe.bimetal' });
  assert.deepEqual(bm412(probe.records[0]), [], 'the shipped interval holds its own point');
  const [record] = labelledRecords(probe.members, calibrator, 0.9);
  assert.equal(record.prediction?.calibration?.heldOut, undefined, 'the probe is none of the labels');
  assert.equal(record.referenceInInterval, false, `${shipped} against [${record.prediction?.lower}, ${record.prediction?.upper}]`);
  const [finding] = bm412(record) as typeof record.diagnostics;
  assert.deepEqual([finding?.line, finding?.column], [4, 3], 'on the label');
  const { eForm, lower, upper } = record.prediction!;
  assert.ok(finding.message.includes(`interval [${lower!.toFixed(3)}, ${upper!.toFixed(3)}] of the prediction ${eForm.toFixed(3)} `), finding.message);
  // Calibrating the member itself (as the parity view and the editor do) gives that record, not one
  // with the shipped verdict, and the member's own diagnostics (the editor's Problems) the same finding.
  const applied = calibrator.apply(probe.members[0], probe.members[0].record, 0.9);
  assert.deepEqual(applied.record, record);
  const own = applied.diagnostics.filter((d) => d.code === 'BM412');
  assert.deepEqual(own.map((d) => d.message), [finding.message]);
  assert.equal(probe.members[0].recordDiagnostic(own[0]).line, 4);
});

test("a member's calibrated E_form point alone (what a family's ranking reads) is its calibrated record's, for labels held out and for other recipes, by jackknife+ and by CV+", async () => {
  const hosts = ['Au', 'Ag', 'Cu', 'Pt', 'Pd'];
  const dopants = ['Ni', 'Co', 'Fe', 'Rh', 'Ir'];
  const label = (h: number, d: number) => `recipe L${hosts[h]}${dopants[d]} {\n  host ${hosts[h]} 12\n  dopant ${dopants[d]} 1\n  energy ${(-2.2 - 0.15 * h - 0.07 * d).toFixed(3)} eV\n}`;
  const few = hosts.map((_, h) => label(h, h)).join('\n');
  const many = hosts.flatMap((_, h) => dopants.map((__, d) => label(h, d))).join('\n');
  const others = await scorer.scoreText('recipe U {\n  host [Au, Ag, Cu, Pt, Pd] 1..20\n  dopant [Ni, Rh, Zn] 1..3\n}\n', { file: 'u.bimetal' });
  for (const [text, method] of [[few, 'jackknife+'], [many, 'cv+']] as const) {
    const labelled = await scorer.scoreText(text, { file: 'labels.bimetal' });
    const file = buildCalibration(collectLabels([{ file: 'labels.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!;
    assert.equal(file.targets.eForm?.method, method);
    const calibrator = new RecordCalibrator(file);
    let heldOut = 0;
    for (const m of [...labelled.members, ...others.members]) {
      const { record } = calibrator.apply(m, m.buildRecord(), 0.9);
      if (record.prediction?.calibration?.heldOut) heldOut++;
      assert.equal(calibrator.eFormPoint(m), record.prediction?.eForm ?? null, `${method} ${m.spec.name}`);
    }
    assert.equal(heldOut, labelled.members.length, `${method}: every label is shown held out`);
  }
});

/** A 13-atom Au12Pt icosahedron (Pt at the centre) as XYZ, its bonds `scale` times 2.7 Å. */
const au12PtXyz = (scale = 1) => xyzText(icosahedronAtoms('Au', 'Pt', scale));

/** Three labels without a structure file: with a structure file's label, enough to fit a calibration. */
const plainLabels = ['Pd', 'Ni', 'Co'].map((d, i) => `recipe L${d} {\n  host Au 12\n  dopant ${d} 1\n  energy ${-2.4 - 0.1 * i} eV\n}\n`).join('');

/** Writes `files` (path relative to a new folder under `dir` → text) and returns that folder. */
function project(name: string, files: Record<string, string>): string {
  const root = path.join(dir, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** `file` (relative to `root`) scored as the command line scores it: structure paths resolve against its folder, and may lie anywhere in `root`. */
async function scoreIn(root: string, file: string, text: string) {
  return scorer.scoreText(text, { file, baseDir: path.dirname(path.join(root, file)), allowedRoots: [root] });
}

const structureRecipe = (name: string, structure: string, energy?: number) =>
  `recipe ${name} {\n  host Au 12\n  dopant Pt 1\n  structure "${structure}"${energy === undefined ? '' : `\n  energy ${energy} eV`}\n}\n`;

test("a labelled recipe with a structure file is that label, and shown held out, however the path to the file is written", async () => {
  const root = project('paths', { 'sub/s.xyz': au12PtXyz() });
  const labels = await scoreIn(root, 'sub/labels.bimetal', structureRecipe('A', 's.xyz', -2.5) + plainLabels);
  const file = buildCalibration(collectLabels([{ file: 'sub/labels.bimetal', document: labels }]).labels, 'sha256:test', 0.9)!;
  assert.equal(file.targets.eForm?.quality.labels, 4);
  const calibrator = new RecordCalibrator(file);
  const [own] = labelledRecords(labels.members.slice(0, 1), calibrator, 0.9);
  assert.equal(own.prediction?.calibration?.heldOut, true);
  // The same file from the same folder written another way, and from the folder above.
  for (const [where, written] of [['sub/again.bimetal', './s.xyz'], ['above.bimetal', 'sub/s.xyz']]) {
    const scored = await scoreIn(root, where, structureRecipe('A', written, -2.5));
    const [record] = labelledRecords(scored.members, calibrator, 0.9);
    assert.equal(record.prediction?.calibration?.heldOut, true, `${where}: structure "${written}"`);
    assert.deepEqual(record.prediction, own.prediction, `${where}: the label's held-out estimate`);
  }
});

test("structure files of one name in two folders are two materials; one file's content in two folders is one", async () => {
  const root = project('folders', { 'x/s.xyz': au12PtXyz(), 'y/s.xyz': au12PtXyz(0.96), 'z/s.xyz': au12PtXyz() });
  const documents = await Promise.all(
    (
      [
        ['x/l.bimetal', -2.5],
        ['y/l.bimetal', -2.2],
      ] as const
    ).map(async ([file, energy]) => ({ file, document: await scoreIn(root, file, structureRecipe(file[0].toUpperCase(), 's.xyz', energy)) })),
  );
  const apart = collectLabels(documents);
  assert.deepEqual([...apart.conflicts.values()].flat(), [], 'no conflict between two different files');
  assert.deepEqual(apart.labels.map((l) => [l.recipe, l.reference]), [['X', -2.5], ['Y', -2.2]]);
  // z/s.xyz holds what x/s.xyz holds: its other value for the same material is a conflict.
  const copy = { file: 'z/l.bimetal', document: await scoreIn(root, 'z/l.bimetal', structureRecipe('Z', 's.xyz', -2.2)) };
  const together = collectLabels([documents[0], copy]);
  assert.deepEqual(together.labels, []);
  assert.deepEqual([...together.conflicts.values()].flat().map((d) => d.code), [CALIBRATION_CODES.conflictingLabels, CALIBRATION_CODES.conflictingLabels]);

  // suggest: an unlabelled recipe on y's file is still to compute beside X's label; one on z's copy of x's file is known.
  const unlabelled = await Promise.all(['y/u.bimetal', 'z/u.bimetal'].map((file) => scoreIn(root, file, structureRecipe(`U${file[0]}`, 's.xyz'))));
  const candidates = [documents[0].document, ...unlabelled].flatMap((doc) => doc.members.map((m) => ({ member: m, record: m.record })));
  const { ranked, known } = suggest(candidates, 'stable', 10);
  assert.deepEqual(ranked.map((r) => r.recipe), ['Uy']);
  assert.deepEqual(known.map((k) => [k.record.recipe, k.labelled.recipe]), [['Uz', 'X']]);
});

/** Whether two labelled recipes with other values are one material: BM420 on both when they are, no conflict when not. */
function oneMaterial(...documents: Parameters<typeof collectLabels>[0]): boolean {
  const codes = [...collectLabels(documents).conflicts.values()].flat().map((d) => d.code);
  assert.ok(codes.length === 0 || codes.join() === [CALIBRATION_CODES.conflictingLabels, CALIBRATION_CODES.conflictingLabels].join(), codes.join());
  return codes.length > 0;
}

test('one material however it is written: ligands in another order, under another name or SMILES for the same molecule, a distance in another unit', async () => {
  const labelled = async (name: string, body: string, energy: number) => ({
    file: `${name}.bimetal`,
    document: await scorer.scoreText(`ligand Thiol = "CCS" binds S\nrecipe ${name} {\n  host Au 24\n  dopant Pt 1\n${body}  energy ${energy} eV\n}\n`, { file: `${name}.bimetal` }),
  });
  const same = async (a: string, b: string) => oneMaterial(await labelled('A', a, -3.1), await labelled('B', b, -3.3));
  assert.ok(await same('  ligands PET x 12, Cl x 6\n', '  ligands Cl x 6, PET x 12\n'), 'ligand order');
  assert.ok(await same('  ligands Thiol x 18\n', '  ligands "CCS" x 18\n'), 'a name declared, with its binding atom, for the SMILES written inline');
  assert.ok(await same('  ligands PET x 18\n', '  ligands "SCCc1ccccc1" x 18\n'), "a built-in ligand and its SMILES written inline (the built-in states its binding atom, the inline one leaves it to the toolkit)");
  // One molecule whatever SMILES writes it: RDKit's canonical form, not the text.
  assert.ok(await same('  ligands "CCS" x 18\n', '  ligands "SCC" x 18\n'), 'one molecule in two SMILES spellings');
  assert.ok(await same('  ligands Thiol x 18\n', '  ligands "SCC" x 18\n'), 'a declared ligand and its molecule spelt otherwise inline');
  assert.ok(await same('  ligands PPh3 x 18\n', '  ligands "c1ccc(P(c2ccccc2)c2ccccc2)cc1" x 18\n'), "a built-in ligand and its molecule spelt otherwise than the library's SMILES");
  assert.ok(await same('  ligands "CCS" x 9, "SCC" x 9\n', '  ligands "CCS" x 18\n'), 'two spellings of one molecule in one recipe add up');
  assert.ok(await same('  ligands PET x 9, PET x 9\n', '  ligands PET x 18\n'), 'one ligand written twice');
  assert.ok(await same('  ligands PET x 18\n  distance 2.8\n', '  ligands PET x 18\n  distance 280 pm\n'), 'a distance in pm');
  assert.ok(await same('  ligands PET x 18\n  topology none\n', '  ligands PET x 18\n'), 'composition only, said or not');
  // What differs in the material still does.
  assert.ok(!(await same('  ligands PET x 12, Cl x 6\n', '  ligands PET x 6, Cl x 12\n')), 'counts swapped between ligands');
  assert.ok(!(await same('  ligands PET x 18\n  distance 2.8\n', '  ligands PET x 18\n  distance 2.81\n')), 'another distance');
  assert.ok(!(await same('  ligands "CCS" x 18\n', '  ligands "[S-]CC" x 18\n')), 'the thiolate is another molecule than the thiol');
});

// Which copies of a core are one material is structureIdentity's (test/engine/structureIdentity.test.ts); here, that a label reads it.
test("a structure file's copy rotated is the label's material, held out; a core with one atom moved 0.1 Å is another", async () => {
  const atoms = icosahedronAtoms('Au', 'Pt');
  const copies = { 'rotated.xyz': sameShapeCopies(atoms)['rotated.xyz'] };
  const root = project('copies', { 's.xyz': xyzText(atoms), ...copies, 'nudged.xyz': xyzText(atomMoved(atoms, 1, 0.1)) });
  const labels = { file: 'l.bimetal', document: await scoreIn(root, 'l.bimetal', structureRecipe('A', 's.xyz', -2.5) + plainLabels) };
  const calibrator = new RecordCalibrator(buildCalibration(collectLabels([labels]).labels, 'sha256:test', 0.9)!);
  const [own] = labelledRecords(labels.document.members.slice(0, 1), calibrator, 0.9);
  for (const [structure, same] of [...Object.keys(copies).map((copy) => [copy, true] as const), ['nudged.xyz', false] as const]) {
    const label = await scoreIn(root, `${structure}.bimetal`, structureRecipe('B', structure, -2.5));
    const [record] = labelledRecords(label.members, calibrator, 0.9);
    assert.ok(record.prediction?.calibration, `${structure}: calibrated`);
    // A record says heldOut only when it is.
    assert.equal(record.prediction.calibration.heldOut === true, same, `${structure}: held out`);
    if (same) assert.equal(record.prediction.eForm, own.prediction?.eForm, `${structure}: the label's held-out estimate`);
    const conflicting = await scoreIn(root, `${structure}.bimetal`, structureRecipe('B', structure, -2.2));
    assert.equal(oneMaterial(labels, { file: `${structure}.bimetal`, document: conflicting }), same, `${structure}: BM420 against s.xyz's label`);
  }
});

/** A calibration on eleven Au–Pd labels across the composition of a 147-atom cluster, none stating a site. */
async function auPdCalibrator(): Promise<RecordCalibrator> {
  const text = [1, 7, 17, 27, 37, 47, 57, 67, 72, 77, 87]
    .map((pd, i) => `recipe L${i} {\n  host Au ${147 - pd}\n  dopant Pd ${pd}\n  energy ${(-2.6 - 0.003 * pd).toFixed(3)} eV\n}`)
    .join('\n');
  const labelled = await scorer.scoreText(text, { file: 'aupd.bimetal' });
  return new RecordCalibrator(buildCalibration(collectLabels([{ file: 'aupd.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!);
}

test('a calibration bounds no upper end of a stated site that nothing prices: its cost is no calibration feature', async () => {
  const calibrator = await auPdCalibrator();
  // Au22Pd22 `site surface`, a 44-atom octahedron: neither metal is the minority, so no site call prices the stated
  // site, not even with the roles swapped (BM405, upper end open). (Au73Pd74, a majority dopant, was this probe
  // until the call with the roles swapped priced it: the next test.)
  const probe = await scorer.scoreText('recipe Unpriced {\n  host Au 22\n  dopant Pd 22\n  topology octahedron\n  site surface\n}\nrecipe Mixed {\n  host Au 22\n  dopant Pd 22\n  topology octahedron\n}\n', { file: 'probe.bimetal' });
  const [unpriced, mixed] = probe.members.map((m) => calibrator.apply(m, m.record, 0.9));
  assert.equal(probe.members[0].record.prediction!.upper, Infinity, 'shipped: the upper end is open');
  const p = unpriced.record.prediction!;
  assert.ok(p.calibration, 'the calibration reaches the recipe');
  assert.ok(Number.isFinite(p.lower), `calibrated lower end ${p.lower}`);
  assert.equal(p.upper, Infinity);
  assert.equal(unpriced.record.diagnostics.filter((d) => d.code === 'BM405').length, 1, 'BM405 stays in the record');
  assert.equal(unpriced.diagnostics.filter((d) => d.code === 'BM405').length, 1, "and in the editor's diagnostics");
  // The same composition with no stated site is bounded by the labels.
  assert.ok(Number.isFinite(mixed.record.prediction!.upper), JSON.stringify(mixed.record.prediction));
});

test("a calibrated E_form keeps the spread of a stated site's ordering term: the labels do not measure what the site costs", async () => {
  // Au74Pd73 (Pd the minority) states a site, which the site model prices; Au73Pd74 (Pd the majority) too, with the roles swapped.
  const calibrator = await auPdCalibrator();
  for (const [host, dopant] of [
    [74, 73],
    [73, 74],
  ]) {
    const probe = await scorer.scoreText(
      `recipe Stated {\n  host Au ${host}\n  dopant Pd ${dopant}\n  topology icosahedron\n  site surface\n}\nrecipe Mixed {\n  host Au ${host}\n  dopant Pd ${dopant}\n  topology icosahedron\n}\n`,
      { file: 'probe.bimetal' },
    );
    const width = (p: { lower: number; upper: number }) => p.upper - p.lower;
    const [stated, mixed] = probe.members.map((m) => m.record.prediction!);
    // What the stated site adds to the shipped interval: its ordering term's range over the site interval.
    const siteSpread = width(stated) - width(mixed);
    assert.ok(siteSpread > 0.1, `Au${host}Pd${dopant}: the stated site widens the shipped interval by ${siteSpread}, or the test proves nothing`);
    const [calibratedStated, calibratedMixed] = probe.members.map((m) => calibrator.apply(m, m.record, 0.9));
    const [c, cMixed] = [calibratedStated.record.prediction!, calibratedMixed.record.prediction!];
    assert.ok(c.calibration && cMixed.calibration, `Au${host}Pd${dopant}: the calibration reaches both`);
    assert.ok(width(c) >= width(cMixed) + siteSpread - 0.01, `Au${host}Pd${dopant}: calibrated [${c.lower}, ${c.upper}] against site mixed's [${cMixed.lower}, ${cMixed.upper}] and the site's spread ${siteSpread}`);
    assert.ok(c.lower <= c.eForm && c.eForm <= c.upper);
    // A priced site leaves no upper end open under the calibration, and no BM405.
    assert.equal(calibratedStated.record.diagnostics.filter((d) => d.code === 'BM405').length, 0, `Au${host}Pd${dopant}: ${JSON.stringify(calibratedStated.record.diagnostics)}`);
  }
});

test("a calibration that bounds an interval the shipped model leaves unbounded takes the shipped model's BM405 away, in the record and in the editor's diagnostics; one that does not keeps it", async () => {
  // Small clusters of a far pair: the shipped `uncalibrated` group bounds no interval (BM405); labels of their own bound one.
  const dopants = ['Sc', 'Ti', 'Zr', 'Hf', 'Y', 'V', 'Nb', 'Ta', 'Mn', 'Cr'];
  const text = dopants.map((d, i) => `recipe Au8${d} {\n  host Au 8\n  dopant ${d} 1\n  energy ${(-2.6 + 0.02 * ((i * 7) % 10) - 0.09).toFixed(3)} eV\n}`).join('\n');
  const labelled = await scorer.scoreText(text, { file: 'small.bimetal' });
  const bm405 = (diagnostics: { code: string }[]) => diagnostics.filter((d) => d.code === 'BM405').length;
  const finite = (value: number | null | undefined) => Number.isFinite(value ?? NaN);
  const unbounded = labelled.records.filter((r) => !finite(r.prediction?.lower) && bm405(r.diagnostics) === 1);
  assert.ok(unbounded.length >= 3, 'some labels have an unbounded shipped interval and its BM405, or the test proves nothing');
  const calibrator = new RecordCalibrator(buildCalibration(collectLabels([{ file: 'small.bimetal', document: labelled }]).labels, 'sha256:test', 0.9)!);
  const probe = await scorer.scoreText('recipe P {\n  host Au 8\n  dopant Sc 1\n}\nrecipe Far {\n  host Cu 3\n  dopant Sc 1\n}\n', { file: 'probe.bimetal' });
  const [near, far] = probe.members.map((m) => calibrator.apply(m, m.record, 0.9));
  assert.ok(finite(near.record.prediction?.lower) && finite(near.record.prediction?.upper), JSON.stringify(near.record.prediction));
  assert.equal(bm405(probe.members[0].diagnostics), 1, 'shipped: unbounded');
  assert.deepEqual([bm405(near.record.diagnostics), bm405(near.diagnostics)], [0, 0], 'calibrated and bounded: no BM405 in the record or the editor');
  for (const r of labelledRecords(labelled.members, calibrator, 0.9)) {
    const shippedBm405 = bm405(labelled.records.find((s) => s.recipe === r.recipe)!.diagnostics);
    assert.equal(bm405(r.diagnostics), finite(r.prediction?.lower) ? 0 : shippedBm405, `${r.recipe}: [${r.prediction?.lower}, ${r.prediction?.upper}]`);
  }
  // Far from the labels the calibration fades back to the shipped interval, unbounded, and its BM405 stays.
  assert.ok(!finite(far.record.prediction?.lower), JSON.stringify(far.record.prediction));
  assert.deepEqual([bm405(far.record.diagnostics), bm405(far.diagnostics)], [1, 1]);
});
