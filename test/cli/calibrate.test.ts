/**
 * The calibration loop on the command line as a user runs it: import a CSV of DFT results,
 * calibrate on it, score with the calibration, suggest; and the errors a user can make.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ensureBuilt, ROOT, runCli } from './runCli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bimetal-cal-'));
const csv = path.join(dir, 'results.csv');
const recipes = path.join(dir, 'results.bimetal');
const calibration = path.join(dir, 'cal.json');

const HOSTS = ['Au', 'Ag', 'Cu'];
const DOPANTS = ['Pt', 'Pd', 'Ni', 'Co'];

before(() => {
  ensureBuilt();
  const rows = ['host,dopant,counts,ligands,smiles,support,energy,siteEnergy,note'];
  HOSTS.forEach((h, i) => DOPANTS.forEach((d, j) => rows.push(`${h},${d},12/1,,,,${(-2.2 - 0.1 * i - 0.05 * j).toFixed(3)},,"row ${h}${d}"`)));
  rows.push('Au,Xx,12/1,,,,-2.0,,bad element'); // line 14
  rows.push('Au,Pt,twelve,,,,-2.0,,bad counts'); // line 15
  rows.push('Au,Pt,12/1,,,,1e999,,not finite'); // line 16
  rows.push('Au,Pt,4/2,PET x 8,SCCc1ccccc1,,-2.9,0.3,with a ligand'); // line 17
  writeFileSync(csv, rows.join('\n') + '\n');
});

test('import: good rows become labelled recipes, bad rows are file:line errors', () => {
  const r = runCli(['import', csv, '--out', recipes]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:14: .*Xx`));
  assert.match(r.stderr, /:15: counts "twelve"/);
  assert.match(r.stderr, /:16: energy "1e999" is too large to be stored as a number/);
  const text = readFileSync(recipes, 'utf8');
  assert.equal((text.match(/^recipe /gm) ?? []).length, 13);
  // The row gives PET its own molecule: it is the built-in, and no declaration replaces it.
  assert.match(text, /ligands +PET x 8/);
  assert.doesNotMatch(text, /^ligand PET/m);
  assert.match(text, /siteEnergy 0.3 eV/);
  const check = runCli(['check', recipes]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});

test('import checks counts as the table gives them: one too large to store exactly is that row’s error, not a different count', () => {
  const table = path.join(dir, 'large-counts.csv');
  const written = path.join(dir, 'large-counts.bimetal');
  writeFileSync(table, 'host,dopant,counts\nAu,Pt,99999999999999999999/1\nAu,Pd,012/01\n');
  const r = runCli(['import', table, '--out', written]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /large-counts\.csv:2: BM205 the host count 99999999999999999999 is too large to count exactly/);
  const text = readFileSync(written, 'utf8');
  assert.equal((text.match(/^recipe /gm) ?? []).length, 1);
  assert.match(text, /host +Au 12\n +dopant +Pd 1\n/);
});

test('import: a structure column names each row\'s XYZ file, its path rewritten for the folder the recipes are written to', () => {
  const tables = path.join(dir, 'tables');
  mkdirSync(path.join(tables, 'xyz'), { recursive: true });
  writeFileSync(path.join(tables, 'xyz', 'dimer.xyz'), '2\nAuPt\nAu 0 0 0\nPt 0 0 2.71\n');
  const table = path.join(tables, 'dimers.csv');
  // A table written on Windows separates folders with \; the rejected row's file is nobody's business.
  writeFileSync(table, 'host,dopant,counts,energy,structure\nAu,Pt,1/1,-2.1,xyz\\dimer.xyz\nQq,Pt,1/1,-2.1,../../elsewhere/q.xyz\n');
  const beside = path.join(tables, 'dimers.bimetal');
  const r = runCli(['import', table, '--out', beside]);
  assert.equal(r.status, 1, 'the Qq row is rejected');
  assert.match(readFileSync(beside, 'utf8'), /\n  structure "xyz\/dimer\.xyz"\n/);
  assert.ok(!r.stderr.includes('note:'), r.stderr);
  // Scored from where it was written, the recipe reads the table's file: D is the file's bond.
  const scored = runCli(['score', beside, '--format', 'json']);
  assert.equal(scored.status, 0, scored.stderr);
  const [record] = JSON.parse(scored.stdout) as { descriptors: { distance: number }; diagnostics: unknown[] }[];
  assert.equal(record.descriptors.distance, 2.71);
  // Written to another folder, the path still leads to the same file.
  const elsewhere = path.join(dir, 'out', 'dimers.bimetal');
  mkdirSync(path.dirname(elsewhere), { recursive: true });
  const moved = runCli(['import', table, '--out', elsewhere]);
  assert.match(readFileSync(elsewhere, 'utf8'), /\n  structure "\.\.\/tables\/xyz\/dimer\.xyz"\n/);
  // Outside the recipes' folder, score does not read it by default: import says so, in score's own words.
  assert.ok(
    moved.stderr.includes(`note: from ${path.dirname(elsewhere)}, 'bimetal score' will not read 1 structure file(s) the recipes name: Structure file "../tables/xyz/dimer.xyz" is outside the recipe file's folder, so it is not read`),
    moved.stderr,
  );
  const refused = JSON.parse(runCli(['score', elsewhere, '--format', 'json']).stdout) as { diagnostics: { code: string }[] }[];
  assert.ok(refused[0].diagnostics.some((d) => d.code === 'BM310'), JSON.stringify(refused[0].diagnostics));
  const withRoot = JSON.parse(runCli(['score', elsewhere, '--format', 'json', '--structure-root', tables]).stdout) as { descriptors: { distance: number } }[];
  assert.equal(withRoot[0].descriptors.distance, 2.71);
});

test('with too few labels to bound an interval, calibrate says so instead of printing NaN and Infinity', () => {
  const few = path.join(dir, 'few-labels.bimetal');
  const out = path.join(dir, 'few-labels.json');
  writeFileSync(few, Array.from({ length: 6 }, (_, i) => `recipe F${i} {\n  host Au ${12 + i}\n  dopant Pt 1\n  energy -2.5 eV\n}\n`).join('\n'));
  const r = runCli(['calibrate', few, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /6 labels/);
  assert.match(r.stdout, /90 % intervals unbounded: each label's is made from the other folds' residuals, and 90 % needs at least 9 of them; add labels/);
  assert.doesNotMatch(r.stdout, /NaN|Infinity/);
});

test("calibrate prints the CV MAE against the shipped model's MAE on the labels and coverage, and score names the calibration", () => {
  runCli(['import', csv, '--out', recipes]);
  const cal = runCli(['calibrate', recipes, '--out', calibration]);
  assert.equal(cal.status, 0, cal.stderr);
  assert.match(cal.stdout, /13 labels/);
  assert.match(cal.stdout, /CV MAE \d\.\d{3} against the shipped model's \d\.\d{3} eV\/atom/);
  assert.match(cal.stdout, /90 % coverage \d\.\d\d/);
  const file = JSON.parse(readFileSync(calibration, 'utf8'));
  assert.equal(file.schema, 'bimetal-calibration');
  assert.equal(file.version, 6);
  assert.match(file.baseModel.hash, /^sha256:[0-9a-f]{64}$/);

  const score = runCli(['score', recipes, '--calibration', calibration]);
  assert.equal(score.status, 0, score.stderr);
  const records = JSON.parse(score.stdout);
  const labelled = records.find((r: { recipe: string }) => r.recipe.startsWith('Au12Pt1'));
  assert.equal(labelled.prediction.model, `eform-v2+cal:${file.id}`);
  assert.deepEqual(Object.keys(labelled.prediction.calibration).sort(), ['coverage', 'cvMae', 'heldOut', 'labels', 'weight']);
  assert.equal(labelled.prediction.calibration.heldOut, true, 'a recipe that is one of the labels is shown held out');
  assert.equal(labelled.prediction.calibration.labels, 13);
  assert.equal(typeof labelled.reference, 'number');
  assert.ok(Math.abs(labelled.residual - (labelled.reference - labelled.prediction.eForm)) < 1e-6);
  const sum = labelled.prediction.terms.reduce((s: number, t: { value: number }) => s + t.value, 0);
  assert.ok(Math.abs(sum - labelled.prediction.eForm) < 1e-4, 'the calibration term keeps the terms summing to E_form');
});

test('calibrate says which target it could not calibrate for too few labels, beside the one it did', () => {
  const file = path.join(dir, 'two-site-labels.bimetal');
  const recipe = (dopant: string, energy: number, siteEnergy?: number) =>
    `recipe L_${dopant} {\n  host Au 12\n  dopant ${dopant} 1\n  topology icosahedron\n  energy ${energy} eV\n${siteEnergy === undefined ? '' : `  siteEnergy ${siteEnergy} eV\n`}}\n`;
  writeFileSync(file, [recipe('Pt', -2.5, -0.3), recipe('Pd', -2.4, -0.2), recipe('Ag', -2.3), recipe('Cu', -2.35)].join(''));
  const cal = runCli(['calibrate', file, '--out', path.join(dir, 'two-site-labels.json')]);
  assert.equal(cal.status, 0, cal.stderr);
  assert.match(cal.stdout, /4 labels/);
  assert.match(cal.stdout, /ΔE_site: not calibrated: 2 usable `siteEnergy` labels, at least 3 are needed; its predictions stay the shipped model's/);
  assert.doesNotMatch(cal.stdout, /E_form: not calibrated/);
  // The report names the models it calibrates, not always the E_form model.
  assert.match(cal.stdout.split('\n')[0], /^calibration [0-9a-f]{6} on eform-v2 \(model files sha256:[0-9a-f]{12}…\)$/);
  const siteOnly = path.join(dir, 'site-labels.bimetal');
  const siteRecipe = (dopant: string, siteEnergy: number) => `recipe S_${dopant} {\n  host Au 12\n  dopant ${dopant} 1\n  topology icosahedron\n  siteEnergy ${siteEnergy} eV\n}\n`;
  writeFileSync(siteOnly, [siteRecipe('Pt', -0.3), siteRecipe('Pd', -0.2), siteRecipe('Ag', 0.4), siteRecipe('Cu', 0.1)].join(''));
  const site = runCli(['calibrate', siteOnly, '--out', path.join(dir, 'site-labels.json')]);
  assert.equal(site.status, 0, site.stderr);
  assert.match(site.stdout.split('\n')[0], /^calibration [0-9a-f]{6} on site-v2 \(model files /);
});

test('calibrate keeps only the labelled members: labels beside a 200,000-member family fit in a 128 MB heap', () => {
  const file = path.join(dir, 'labels-and-sweep.bimetal');
  const labelled = ['Pt', 'Pd', 'Ag'].map((dopant, i) => `recipe L_${dopant} {\n  host Au 12\n  dopant ${dopant} 1\n  topology icosahedron\n  energy ${-2.5 + 0.1 * i} eV\n}\n`);
  writeFileSync(file, [...labelled, 'recipe Sweep {\n  host Au 1..2000\n  dopant [Pt, Pd, Ag, Cu, Ni, Fe, Co, Rh, Ir, Ru] 1..10\n}\n'].join(''));
  const r = spawnSync(process.execPath, ['--max-old-space-size=128', path.join(ROOT, 'dist', 'cli.js'), 'calibrate', file, '--out', path.join(dir, 'sweep-cal.json'), '--max-family-size', '200000'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.match(r.stdout, /3 labels/);
});

test('suggest ranks a 100,000-member family in a 128 MB heap: only the best --n are kept', () => {
  const file = path.join(dir, 'sweep-to-rank.bimetal');
  writeFileSync(file, 'recipe Sweep {\n  host Au 13..1012\n  dopant [Pt, Pd, Ag, Cu, Ni, Fe, Co, Rh, Ir, Ru] 1..10\n}\n');
  const r = spawnSync(process.execPath, ['--max-old-space-size=128', path.join(ROOT, 'dist', 'cli.js'), 'suggest', file, '--n', '5', '--objective', 'uncertain', '--coverage', '0.8', '--format', 'json'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.equal((JSON.parse(r.stdout) as unknown[]).length, 5);
});

test("score --calibration's CSV has the calibration term, so each row's terms sum to its E_form, with and without a calibration", () => {
  runCli(['import', csv, '--out', recipes]);
  const cal = runCli(['calibrate', recipes, '--out', calibration]);
  assert.equal(cal.status, 0, cal.stderr);
  const family = path.join(dir, 'csv-family.bimetal');
  writeFileSync(family, 'recipe Fam {\n  host [Au, Ag, Cu] 12\n  dopant [Pt, Pd, Fe] 1\n}\n');
  const terms = ['size', 'mixing', 'environment', 'ordering', 'calibration'].map((key) => `prediction.terms.${key} (eV/atom)`);
  for (const calibrated of [true, false]) {
    const r = runCli(['score', family, '--format', 'csv', ...(calibrated ? ['--calibration', calibration] : [])]);
    assert.equal(r.status, 0, r.stderr);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, 9);
    for (const row of rows) {
      const sum = terms.reduce((s, column) => s + (row[column] === '' ? 0 : Number(row[column])), 0);
      assert.ok(Math.abs(sum - Number(row['prediction.eForm (eV/atom)'])) < 1e-4, `${row.recipe} (calibrated: ${calibrated}): terms sum to ${sum}, E_form ${row['prediction.eForm (eV/atom)']}`);
      assert.equal(row['prediction.terms.calibration (eV/atom)'] !== '', calibrated, row.recipe);
      assert.equal(row['prediction.calibration.weight'] !== '', calibrated, row.recipe);
      assert.equal(row['site.calibration.weight'], '', 'no siteEnergy labels, no site calibration');
    }
  }
});

test('a wrong calibration file is a clear error, never a crash', () => {
  const cases: Array<[string, RegExp]> = [
    ['not json', /cannot use calibration .*not JSON/],
    ['{"schema":"other"}', /not a Bimetal calibration file/],
    ['{"schema":"bimetal-calibration","version":99}', /schema version 99 is not supported \(this Bimetal reads version \d+\); it was written by a newer version of Bimetal: update Bimetal to use it$/m],
  ];
  runCli(['import', csv, '--out', recipes]);
  runCli(['calibrate', recipes, '--out', calibration]);
  const good = JSON.parse(readFileSync(calibration, 'utf8'));
  cases.push([JSON.stringify({ ...good, baseModel: { name: 'eform-v2', hash: 'sha256:' + '0'.repeat(64) } }), /fitted on other model files/]);
  cases.push([JSON.stringify({ ...good, targets: { eForm: { ...good.targets.eForm, residuals: [1] } } }), /one residual per label/]);
  for (const [text, message] of cases) {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, text);
    const r = runCli(['score', recipes, '--calibration', bad]);
    assert.equal(r.status, 2, text);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /internal error/);
  }
});

test('a --calibration file that cannot be read is refused with the code of every unreadable input (BM123), whatever the output format, for score and suggest', () => {
  runCli(['import', csv, '--out', recipes]);
  const missing = path.join(dir, 'no-such-calibration.json');
  for (const args of [
    ['score', recipes, '--calibration', missing],
    ['score', recipes, '--format', 'json', '--calibration', missing],
    ['suggest', recipes, '--calibration', missing],
  ]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr, `bimetal: cannot read calibration ${missing}: BM123 no such file\n`, args.join(' '));
  }
  const folder = runCli(['score', recipes, '--calibration', dir]);
  assert.equal(folder.stderr, `bimetal: cannot read calibration ${dir}: BM123 is a directory, not a calibration file\n`);
});

test('a models folder without the models stops calibrate and suggest with a clear error, never a crash', () => {
  runCli(['import', csv, '--out', recipes]);
  runCli(['calibrate', recipes, '--out', calibration]);
  // A folder that exists without them (one that does not exist is a usage error, before any model is read).
  const missing = path.join(dir, 'no-models-here');
  mkdirSync(missing);
  for (const args of [
    ['calibrate', recipes, '--out', path.join(dir, 'unwritten.json'), '--models', missing],
    ['suggest', recipes, '--models', missing],
    ['score', recipes, '--calibration', calibration, '--models', missing],
  ]) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, /^bimetal: the models cannot be read \(.*no-models-here.*eform-v2\.\w+: no such file\); --models names the folder/m, args[0]);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.equal(r.stdout, '');
  }
});

test('a models folder with a model that cannot be used stops calibrate, suggest and score --calibration, naming the file, instead of blaming the labels', () => {
  runCli(['import', csv, '--out', recipes]);
  runCli(['calibrate', recipes, '--out', calibration]);
  const broken = (name: string, file: string, bytes: string | Uint8Array) => {
    const models = path.join(dir, name);
    cpSync(path.join(ROOT, 'models'), models, { recursive: true });
    writeFileSync(path.join(models, file), bytes);
    return models;
  };
  const truncatedOnnx = broken('truncated-onnx', 'eform-v2.onnx', readFileSync(path.join(ROOT, 'models', 'eform-v2.onnx')).subarray(0, 1000));
  const damagedCard = broken('damaged-card', 'eform-v2.card.json', '{');
  const damagedSite = broken('damaged-site', 'site-v2.card.json', '{');
  for (const [models, file] of [
    [truncatedOnnx, /BM402 eform-v2\.onnx is not a model/],
    [damagedCard, /BM402 model eform-v2: eform-v2\.card\.json is not valid JSON/],
    [damagedSite, /BM402 model site-v2: site-v2\.card\.json is not valid JSON/],
  ] as const) {
    for (const args of [
      ['calibrate', recipes, '--out', path.join(dir, 'unwritten.json'), '--models', models],
      ['suggest', recipes, '--models', models],
      ['score', recipes, '--calibration', calibration, '--models', models],
    ]) {
      const r = runCli(args);
      const what = `${args[0]} ${path.basename(models)}: ${r.stderr}`;
      assert.equal(r.status, 2, what);
      assert.match(r.stderr, /^bimetal: the models cannot be used \(/m, what);
      assert.match(r.stderr, file, what);
      assert.doesNotMatch(r.stderr, /BM421|usable label|nothing to suggest|internal error/, what);
      assert.equal(r.stdout, '', what);
    }
  }
});

test('suggest lists unlabelled family members, best first', () => {
  const family = path.join(dir, 'family.bimetal');
  writeFileSync(family, 'recipe Next {\n  host [Au, Ag] 12\n  dopant [Fe, Ru, Rh, Ir] 1\n}\n');
  runCli(['import', csv, '--out', recipes]);
  const r = runCli(['suggest', recipes, family, '--n', '5', '--objective', 'stable', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const ranked = JSON.parse(r.stdout);
  assert.equal(ranked.length, 5);
  assert.ok(ranked.every((x: { recipe: string; prediction: { model: string } }) => x.recipe.startsWith('Next[') && x.prediction.model.includes('+cal:')));
  for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].prediction.lower <= ranked[i].prediction.lower);
  assert.equal(r.stderr, '');
});

test('suggest says why when no recipe can be suggested', () => {
  runCli(['import', csv, '--out', recipes]);
  const r = runCli(['suggest', recipes, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
  assert.match(r.stderr, /^bimetal suggest: none of the 13 recipes read is unlabelled, free of errors and predicted with a bounded E_form interval, so there is nothing to suggest\n$/);
});

test('suggest says how many recipes an unbounded interval keeps out of the ranking, and a lower coverage ranks them', () => {
  const mixed = path.join(dir, 'protected.bimetal');
  writeFileSync(mixed, 'recipe Shell {\n  host Au 24\n  dopant [Pd, Pt] 1\n  ligands PET x 18\n}\nrecipe OnCarbon {\n  host Ni 20\n  dopant Pt 5\n  support nc\n}\nrecipe Bare {\n  host Au 24\n  dopant Pd 1\n}\n');
  const atNinety = runCli(['suggest', mixed, '--format', 'json']);
  assert.equal(atNinety.status, 0, atNinety.stderr);
  assert.deepEqual(
    JSON.parse(atNinety.stdout).map((x: { recipe: string }) => x.recipe),
    ['Bare'],
  );
  assert.match(atNinety.stderr, /^bimetal suggest: 3 unlabelled recipes have an unbounded E_form interval at 90 % coverage \(BM405 says why: .*\) and cannot be ranked; a lower --coverage may bound those that BM405 does not call unbounded at every coverage\n$/);
  const atEighty = runCli(['suggest', mixed, '--format', 'json', '--coverage', '0.8']);
  assert.equal(atEighty.status, 0, atEighty.stderr);
  assert.equal(JSON.parse(atEighty.stdout).length, 4);
  assert.equal(atEighty.stderr, '');
});

test('suggest leaves out a family member whose DFT result is already in the files under another name, and says how many', () => {
  const base = path.join(dir, 'twin-base.bimetal');
  const dft = path.join(dir, 'twin-dft.bimetal');
  writeFileSync(base, 'recipe fam {\n  host [Au, Pt] 12\n  dopant [Os, Ir] 1\n  topology icosahedron\n}\n');
  writeFileSync(dft, 'recipe Pt12Os {\n  host Pt 12\n  dopant Os 1\n  topology icosahedron\n  energy -3.3487 eV\n}\n');
  const r = runCli(['suggest', base, dft, '--n', '40', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const ranked = (JSON.parse(r.stdout) as { recipe: string }[]).map((x) => x.recipe);
  assert.deepEqual([...ranked].sort(), ['fam[host=Au,dopant=Ir]', 'fam[host=Au,dopant=Os]', 'fam[host=Pt,dopant=Ir]']);
  assert.equal(
    r.stderr,
    `bimetal suggest: 1 unlabelled recipe is the same material as a recipe with an energy label in the inputs (fam[host=Pt,dopant=Os] is Pt12Os in ${dft}), so its DFT result is already known and it is not suggested\n`,
  );
});

test('too few labels of each kind to fit: calibrate counts each kind, not their sum, beside the number needed (exit 1, nothing written)', () => {
  // 2 energy and 1 siteEnergy: "3 usable label(s); at least 3 of one kind … are needed" read as a contradiction.
  const file = path.join(dir, 'two-and-one.bimetal');
  const out = path.join(dir, 'two-and-one.json');
  writeFileSync(
    file,
    'recipe A {\n  host Au 12\n  dopant Pt 1\n  topology icosahedron\n  energy -2.5 eV\n  siteEnergy -0.3 eV\n}\nrecipe B {\n  host Au 12\n  dopant Pd 1\n  energy -2.4 eV\n}\n',
  );
  const r = runCli(['calibrate', file, '--out', out]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, 'bimetal: no calibration: 2 usable energy label(s) and 1 usable siteEnergy label(s); at least 3 of one kind are needed (3 energy or 3 siteEnergy labels)\n');
  assert.equal(existsSync(out), false);
});

test('calibrate names each siteEnergy label it cannot use, and why (BM421), instead of only counting fewer labels', () => {
  const site = path.join(dir, 'siteless.bimetal');
  writeFileSync(
    site,
    'recipe s1 {\n  host Au 4\n  dopant Ag 2\n  topology octahedron\n  siteEnergy -0.3 eV\n}\nrecipe s2 {\n  host Au 6\n  dopant Ag 7\n  siteEnergy -0.2 eV\n}\nrecipe s3 {\n  host Au 12\n  dopant Ag 1\n  topology icosahedron\n  siteEnergy -0.1 eV\n}\n',
  );
  const r = runCli(['calibrate', site, '--out', path.join(dir, 'siteless.json')]);
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    [
      `${site}:5:3: warning BM421 s1: siteEnergy -0.3 eV is not used for calibration: there is no ΔE site prediction to compare it with (6 metal atoms make an octahedron, which has no interior (core) site)`,
      `${site}:10:3: warning BM421 s2: siteEnergy -0.2 eV is not used for calibration: there is no ΔE site prediction to compare it with (the dopant is not the minority, and the site model asks where a minority dopant goes)`,
      'bimetal: no calibration: 0 usable energy label(s) and 1 usable siteEnergy label(s); at least 3 of one kind are needed (3 energy or 3 siteEnergy labels)',
      '',
    ].join('\n'),
  );
});

/** A 13-atom icosahedron of Pt around one `center` atom, as XYZ. */
function icosahedronXyz(center: string): string {
  const [a, b] = [1.402, 2.268];
  const shell = [
    [0, a, b], [0, -a, b], [0, a, -b], [0, -a, -b],
    [a, b, 0], [-a, b, 0], [a, -b, 0], [-a, -b, 0],
    [b, 0, a], [-b, 0, a], [b, 0, -a], [-b, 0, -a],
  ];
  return [`13`, `Pt12${center}`, `${center} 0 0 0`, ...shell.map((p) => `Pt ${p.join(' ')}`)].join('\n') + '\n';
}

test('calibrate and suggest read structure files under --structure-root, as check and score do; a root that is no readable folder is refused', () => {
  const project = path.join(dir, 'roots');
  const structures = path.join(project, 'structures');
  const recipesFolder = path.join(project, 'recipes');
  mkdirSync(structures, { recursive: true });
  mkdirSync(recipesFolder, { recursive: true });
  const dopants = { Ni: -3.4, Cu: -3.3, Co: -3.5, Pd: undefined };
  const recipeTexts = Object.entries(dopants).map(([dopant, energy]) => {
    writeFileSync(path.join(structures, `Pt12${dopant}.xyz`), icosahedronXyz(dopant));
    const label = energy === undefined ? '' : `\n  energy ${energy} eV`;
    return `recipe Pt12${dopant} {\n  host Pt 12\n  dopant ${dopant} 1\n  structure "../structures/Pt12${dopant}.xyz"${label}\n}\n`;
  });
  const file = path.join(recipesFolder, 'dft.bimetal');
  writeFileSync(file, recipeTexts.join('\n'));
  const out = path.join(project, 'cal.json');

  // Outside the recipe file's folder, the structure files are not read: no label can be used, no recipe suggested.
  const refused = runCli(['calibrate', file, '--out', out]);
  assert.equal(refused.status, 1);
  assert.equal((refused.stderr.match(/error BM310 .*--structure-root/g) ?? []).length, 4, refused.stderr);
  assert.match(refused.stderr, /no calibration: 0 usable energy label\(s\) and 0 usable siteEnergy label\(s\)/);
  const unranked = runCli(['suggest', file, '--format', 'json']);
  assert.deepEqual(JSON.parse(unranked.stdout), []);

  const calibrated = runCli(['calibrate', file, '--out', out, '--structure-root', structures]);
  assert.equal(calibrated.status, 0, calibrated.stderr);
  assert.match(calibrated.stdout, /3 labels/);
  const suggested = runCli(['suggest', file, '--format', 'json', '--structure-root', structures]);
  assert.equal(suggested.status, 0, suggested.stderr);
  assert.deepEqual(
    (JSON.parse(suggested.stdout) as { recipe: string }[]).map((r) => r.recipe),
    ['Pt12Pd'],
  );

  for (const command of ['check', 'score', 'calibrate', 'suggest']) {
    for (const [root, problem] of [
      [path.join(project, 'no-such-folder'), 'no such folder'],
      [file, 'not a folder'],
    ]) {
      const r = runCli([command, file, ...(command === 'calibrate' ? ['--out', out] : []), '--structure-root', root]);
      assert.equal(r.status, 2, `${command} ${root}`);
      assert.match(r.stderr, new RegExp(`option '--structure-root <dir>' argument '.*' is invalid\\. ${problem}`), `${command}: ${r.stderr}`);
    }
  }
});

test("score --calibration shows a label held out wherever its recipe is scored from, its structure file named by another path; calibration files of versions 2 to 5 are refused", () => {
  const project = path.join(dir, 'elsewhere');
  const structures = path.join(project, 'structures');
  mkdirSync(structures, { recursive: true });
  mkdirSync(path.join(project, 'recipes'));
  const energies = { Ni: -3.4, Cu: -3.3, Co: -3.5 };
  const labelled = (written: (dopant: string) => string) =>
    Object.entries(energies).map(([dopant, energy]) => `recipe Pt12${dopant} {\n  host Pt 12\n  dopant ${dopant} 1\n  structure "${written(dopant)}"\n  energy ${energy} eV\n}\n`).join('\n');
  for (const dopant of Object.keys(energies)) writeFileSync(path.join(structures, `Pt12${dopant}.xyz`), icosahedronXyz(dopant));
  const labels = path.join(project, 'recipes', 'dft.bimetal');
  writeFileSync(labels, labelled((d) => `../structures/Pt12${d}.xyz`));
  const out = path.join(project, 'cal.json');
  const calibrated = runCli(['calibrate', labels, '--out', out, '--structure-root', structures]);
  assert.equal(calibrated.status, 0, calibrated.stderr);
  // The same recipes in the project's folder, whose path to each file is another.
  const above = path.join(project, 'again.bimetal');
  writeFileSync(above, labelled((d) => `structures/Pt12${d}.xyz`));
  const heldOut = (file: string) => {
    const r = runCli(['score', file, '--calibration', out, '--format', 'json', '--structure-root', structures]);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as ScoreRecordJson[]).map((x) => [x.recipe, x.prediction.calibration?.heldOut, x.prediction.eForm]);
  };
  const own = heldOut(labels);
  assert.ok(own.every(([, held]) => held === true), JSON.stringify(own));
  assert.deepEqual(heldOut(above), own);

  // Version 2 named a structure file by its written path; version 3 could apply a correction worse than none;
  // version 4 keyed a label by its ligands' order and names and its distance as written; version 5 by its ligands' SMILES as written.
  for (const version of [2, 3, 4, 5]) {
    const older = path.join(project, `cal-v${version}.json`);
    writeFileSync(older, JSON.stringify({ ...JSON.parse(readFileSync(out, 'utf8')), version }));
    const refused = runCli(['score', above, '--calibration', older]);
    assert.equal(refused.status, 2);
    assert.equal(refused.stderr, `bimetal: cannot use calibration ${older}: calibration schema version ${version} is not supported (this Bimetal reads version 6); run bimetal calibrate again\n`);
  }
});

test("the order the files are named in changes no byte of the calibration; where no correction beats the shipped model on its labels, its points are kept", () => {
  // The examples' four labels: an offset fitted on three of them misses the fourth by more than the shipped model does.
  const [gold, supported] = ['gold-nanoclusters', 'nc-supported'].map((name) => path.join(ROOT, 'examples', `${name}.bimetal`));
  const outs = [path.join(dir, 'order-a.json'), path.join(dir, 'order-b.json')];
  const runs = [[gold, supported], [supported, gold]].map((files, i) => runCli(['calibrate', ...files, '--out', outs[i]]));
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(outs[1], 'utf8'), readFileSync(outs[0], 'utf8'));
  assert.match(
    runs[0].stdout,
    /\n {2}E_form \(energy\): 4 labels, residual model none \(the shipped model's points\), intervals jackknife\+\n {4}no correction beat the shipped model's MAE of 0\.514 eV\/atom on these labels by cross-validation: its points are kept, and 4 labels are too few to bound intervals at 90 % coverage \(that needs 9\), so at 90 % the shipped intervals stand too\n/,
  );
  const target = JSON.parse(readFileSync(outs[0], 'utf8')).targets.eForm;
  const offset = target.candidates.find((c: { kind: string }) => c.kind === 'offset');
  assert.ok(offset.cvMae > target.quality.maeBefore, `an offset would predict the labels worse: ${offset.cvMae} against ${target.quality.maeBefore}`);
  const eForms = (extra: string[]) => (JSON.parse(runCli(['score', gold, '--format', 'json', ...extra]).stdout) as ScoreRecordJson[]).map((r) => [r.recipe, r.prediction.eForm]);
  assert.deepEqual(eForms(['--calibration', outs[0]]), eForms([]));

  // At 80 %, 4 labels are enough for a recipe that is none of them (4 residuals): the labels set its interval.
  const at80 = path.join(dir, 'order-80.json');
  const fit80 = runCli(['calibrate', gold, supported, '--out', at80, '--coverage', '0.8']);
  assert.equal(fit80.status, 0, fit80.stderr);
  assert.match(fit80.stdout, /no correction beat the shipped model's MAE of 0\.514 eV\/atom on these labels by cross-validation: its points are kept, the labels set only the intervals\n/);
  const intervals = (extra: string[]) =>
    (JSON.parse(runCli(['score', gold, '--format', 'json', '--coverage', '0.8', ...extra]).stdout) as ScoreRecordJson[]).map((r) => [r.prediction.eForm, r.prediction.lower, r.prediction.upper]);
  const [calibrated, shipped] = [intervals(['--calibration', at80]), intervals([])];
  assert.deepEqual(calibrated.map(([point]) => point), shipped.map(([point]) => point));
  assert.notDeepEqual(calibrated, shipped, 'the labels set the intervals');
});

/** What these tests read of a JSON record. */
interface ScoreRecordJson {
  recipe: string;
  prediction: { eForm: number; lower: number | null; upper: number | null; calibration?: { heldOut?: boolean } };
}

test('labels on one SMILES spelling are the labels of the same molecule spelt otherwise: held out, merged, and known to suggest', () => {
  const labelled = (smiles: string) =>
    Object.entries({ Pt: -3.1, Pd: -3.0, Ni: -2.8 })
      .map(([dopant, energy]) => `recipe Au24${dopant} {\n  host Au 24\n  dopant ${dopant} 1\n  ligands "${smiles}" x 18\n  energy ${energy} eV\n}\n`)
      .join('');
  const written = path.join(dir, 'ethanethiol-ccs.bimetal');
  const spelt = path.join(dir, 'ethanethiol-scc.bimetal');
  writeFileSync(written, labelled('CCS'));
  writeFileSync(spelt, labelled('SCC'));
  const out = path.join(dir, 'ethanethiol-cal.json');
  const calibrated = runCli(['calibrate', written, '--out', out]);
  assert.equal(calibrated.status, 0, calibrated.stderr);
  const scores = (file: string) => {
    const r = runCli(['score', file, '--calibration', out, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as ScoreRecordJson[]).map((x) => [x.recipe, x.prediction.calibration?.heldOut, x.prediction.eForm]);
  };
  const own = scores(written);
  assert.ok(own.every(([, held]) => held === true), JSON.stringify(own));
  assert.deepEqual(scores(spelt), own, 'the labels written "SCC" are the calibration\'s own, held out');
  // Both files hold the same three labels: one calibration of three, not six.
  const both = runCli(['calibrate', written, spelt, '--out', path.join(dir, 'ethanethiol-both.json')]);
  assert.equal(both.status, 0, both.stderr);
  assert.match(both.stdout, /E_form \(energy\): 3 labels/);
  const family = path.join(dir, 'ethanethiol-family.bimetal');
  writeFileSync(family, 'recipe fam {\n  host Au 24\n  dopant [Pt, Pd, Ni, Co] 1\n  ligands "SCC" x 18\n}\n');
  const suggested = runCli(['suggest', family, written, '--format', 'json']);
  assert.match(suggested.stderr, /3 unlabelled recipes are the same material as a recipe with an energy label in the inputs/);
});

test('suggest names each recipe it leaves out for an error, and the error, on stderr', () => {
  const mixed = path.join(dir, 'with-errors.bimetal');
  writeFileSync(mixed, 'recipe Good {\n  host Au 12\n  dopant Pt 1\n}\nrecipe Typo {\n  host Au 12\n  dopant Xx 1\n}\n');
  const r = runCli(['suggest', mixed, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { recipe: string }[]).map((x) => x.recipe),
    ['Good'],
  );
  assert.equal(r.stderr, `${mixed}:7:10: error BM202 'Xx' is not an element symbol for the dopant (symbols are case-sensitive: Au, Pt, Fe)\n`);
});
