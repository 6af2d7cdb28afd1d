import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { FIXTURE_TERMS } from '../helpers/energyTerms';
import { writeLinearModels } from '../pipeline/modelFixture';
import { AU12PD, AU4RU2, CU_M_MFI } from '../pipeline/sampleRecipes';
import { ensureBuilt, runCli } from './runCli';

let work: string;
let models: string;

before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-cli-'));
  models = path.join(work, 'models');
  writeLinearModels(models, { terms: FIXTURE_TERMS });
});

after(() => rmSync(work, { recursive: true, force: true }));

const RECIPES = AU4RU2 + CU_M_MFI + AU12PD;

/** LANGUAGE.md §5: the record's fields, and the fields of its nested objects. */
const RECORD_FIELDS = ['file', 'recipe', 'formula', 'host', 'dopant', 'nHost', 'nDopant', 'nMetal', 'ratio', 'descriptors', 'prediction', 'site', 'diagnostics'];
const DESCRIPTOR_FIELDS = ['hMix', 'chiEnv', 'deltaChi', 'deltaM', 'deltaR', 'distance', 'reducedDistance', 'phi', 'logP'];
const PREDICTION_FIELDS = ['eForm', 'lower', 'upper', 'coverage', 'model', 'inDomain', 'terms'];
const TERM_FIELDS = ['key', 'value', 'unit', 'source', 'supported', 'inputs'];
const SITE_FIELDS = ['preferred', 'deltaE', 'lower', 'upper', 'inDomain'];

function scoreJson(args: string[]) {
  const r = runCli(['score', '-', '--models', models, ...args], { input: RECIPES });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Array<Record<string, any>>;
}

test('score prints one JSON record per expanded recipe with the fields of LANGUAGE.md §5', () => {
  const records = scoreJson([]);
  assert.equal(records.length, 4);
  assert.equal(records[0].recipe, 'Au4Ru2');
  for (const r of records) {
    for (const f of RECORD_FIELDS) assert.ok(f in r, `record lacks ${f}`);
    for (const f of DESCRIPTOR_FIELDS) assert.ok(f in r.descriptors, `descriptors lack ${f}`);
    for (const f of PREDICTION_FIELDS) assert.ok(f in r.prediction, `prediction lacks ${f}`);
    assert.deepEqual(r.prediction.terms.map((t: { key: string }) => t.key), ['size', 'mixing', 'environment', 'ordering']);
    for (const t of r.prediction.terms) assert.deepEqual(Object.keys(t), TERM_FIELDS);
    const sum = r.prediction.terms.reduce((s: number, t: { value: number }) => s + t.value, 0);
    assert.ok(Math.abs(sum - r.prediction.eForm) < 1e-4, `terms of ${r.recipe} sum to ${sum}, eForm ${r.prediction.eForm}`);
    assert.equal(r.file, '<stdin>');
    for (const d of r.diagnostics) assert.deepEqual(Object.keys(d), ['line', 'column', 'severity', 'code', 'message']);
  }
  const gold = records[0];
  assert.equal(gold.formula, 'Au4Ru2(PET)8(PPh3)2');
  assert.deepEqual([gold.host, gold.dopant, gold.nHost, gold.nDopant, gold.nMetal, gold.ratio], ['Au', 'Ru', 4, 2, 6, 0.333333]);
  assert.equal(gold.site, null, 'a 6-atom octahedron has no core site');
  const au12pd = records[3];
  for (const f of SITE_FIELDS) assert.ok(f in au12pd.site, `site lacks ${f}`);
  assert.equal(au12pd.site.preferred, 'undetermined', 'the fixture interval contains 0');
  assert.equal(au12pd.prediction.terms[0].source.includes('fixture Au13–Au55'), true);
  assert.match(records[1].recipe, /^CuM_MFI\[.*Ir.*\]$/);
  assert.equal(records[1].formula, 'CuIr@MFI');
  assert.equal(records[1].site, null, 'a 1:1 pair has no minority dopant');
});

test('--coverage sets the interval coverage, and a wider coverage gives a wider interval', () => {
  const narrow = scoreJson(['--coverage', '0.5'])[0].prediction;
  const wide = scoreJson(['--coverage', '0.95'])[0].prediction;
  assert.equal(narrow.coverage, 0.5);
  assert.equal(wide.coverage, 0.95);
  assert.ok(wide.upper - wide.lower > narrow.upper - narrow.lower);
});

test('csv has flattened columns and one row per record', () => {
  const r = runCli(['score', '-', '--models', models, '--format', 'csv'], { input: RECIPES });
  assert.equal(r.status, 0, r.stderr);
  // No byte order mark, unlike the editor's Export CSV: a pipeline would read it into the first column's name.
  assert.match(r.stdout, /^file,recipe,/);
  const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
  assert.equal(rows.length, 4);
  const terms = ['size', 'mixing', 'environment', 'ordering'].map((key) => `prediction.terms.${key} (eV/atom)`);
  // Headers state their units; the recipe's topology and dopant site, and the reference comparison, have columns.
  const columns = ['recipe', 'formula', 'topology', 'dopantSite', 'descriptors.hMix (kJ/mol)', 'descriptors.phi', 'descriptors.phiVerdict', 'descriptors.logP.PET', 'prediction.eForm (eV/atom)', ...terms];
  for (const column of [...columns, 'site.preferred', 'site.deltaE (eV)', 'reference (eV/atom)', 'residual (eV/atom)', 'referenceInInterval']) {
    assert.ok(column in rows[0], `missing column ${column}`);
  }
  assert.equal(rows[0].formula, 'Au4Ru2(PET)8(PPh3)2');
  assert.equal(rows[1]['site.deltaE (eV)'], '', 'no site for a 1:1 pair');
  assert.ok(Number.isFinite(Number(rows[0]['prediction.eForm (eV/atom)'])));
  const sum = terms.reduce((s, c) => s + Number(rows[0][c]), 0);
  assert.ok(Math.abs(sum - Number(rows[0]['prediction.eForm (eV/atom)'])) < 1e-4);
  assert.equal(rows[3]['site.preferred'], 'undetermined');
});

test('table shows every recipe with its formula and E_form interval', () => {
  const r = runCli(['score', '-', '--models', models, '--format', 'table'], { input: RECIPES });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /formula/);
  assert.match(r.stdout, /E_form/);
  assert.match(r.stdout, /Au4Ru2\(PET\)8\(PPh3\)2/);
  assert.match(r.stdout, /CuIr@MFI/);
  assert.match(r.stdout, /CuPt@MFI/);
  assert.match(r.stdout, /-?\d+\.\d\d \[-?\d+\.\d\d, -?\d+\.\d\d\]/);
  // An undetermined site call shows the interval that contains 0.
  assert.match(r.stdout, /-?\d+\.\d\d \[-\d+\.\d\d, \d+\.\d\d\] undetermined/);
});

test('--explain shows how each descriptor was derived', () => {
  const records = scoreJson(['--explain']);
  const lines: string[] = records[0].explain;
  assert.ok(lines.some((l) => l.includes('H_mix') && l.includes('kJ/mol')));
  assert.ok(lines.some((l) => /definition: accessibility index \(first paper, eq\. 11\): φ = D̃ × χ_env/.test(l)));
  assert.ok(lines.some((l) => /E_form = -?\d/.test(l)));
  // Every term with its value, definition, inputs and source; the unknown phosphine shell flagged.
  for (const symbol of ['E_size', 'ΔE_mix', 'ΔE_env', 'ΔE_order']) assert.ok(lines.some((l) => new RegExp(`^ +${symbol} = -?\\d+\\.\\d{3} eV/atom`).test(l)), `${symbol} in ${lines.join('\n')}`);
  assert.ok(lines.some((l) => /ΔE_env = .*unsupported/.test(l)));
  assert.ok(lines.some((l) => /source: .*Au23Pd\(S-c-hex\)17/.test(l)));
  assert.ok(lines.some((l) => /inputs: N = 6, n_Au = 4, E_Au\(N\) = /.test(l)));
  assert.ok(lines.some((l) => /eform-v2 trained on: eform-v2 test knowledge/.test(l)));
  assert.ok(lines.some((l) => /eform-v2 not trained on: eform-v2 test ignorance/.test(l)));
  assert.ok(lines.some((l) => /ΔE site: not predicted \(6 metal atoms make an octahedron, which has no interior \(core\) site/.test(l)));
  assert.ok(records[3].explain.some((l: string) => /preferred site: undetermined/.test(l)));
  const table = runCli(['score', '-', '--models', models, '--format', 'table', '--explain'], { input: RECIPES });
  assert.match(table.stdout, /Descriptors of Au4Ru2\b/);
});

test('without models, score still prints descriptors and prediction null, with one warning per file', () => {
  const empty = mkdtempSync(path.join(work, 'empty-'));
  const r = runCli(['score', '-', '--models', empty], { input: RECIPES });
  assert.equal(r.status, 0, r.stderr);
  const records = JSON.parse(r.stdout);
  for (const rec of records) {
    assert.equal(rec.prediction, null);
    assert.ok(rec.descriptors.hMix !== null);
  }
  // No record carries why its prediction is null: stderr says it once, at the first recipe.
  assert.match(r.stderr, /^<stdin>:\d+:\d+: warning BM401 No eform-v2 prediction: the model is not installed/m);
  assert.equal(r.stderr.split('\n').filter((l) => / BM40\d /.test(l)).length, 1, r.stderr);
  // A mistyped folder is a usage error, not a run without predictions that exits 0.
  const missingFolder = runCli(['score', '-', '--models', path.join(empty, 'no-such-folder'), '--format', 'csv'], { input: RECIPES });
  assert.equal(missingFolder.status, 2, missingFolder.stderr);
  assert.match(missingFolder.stderr, /--models <dir>' argument '.*no-such-folder' is invalid\. no such folder/);
  assert.equal(missingFolder.stdout, '');
  const check = runCli(['check', '-', '--models', empty], { input: RECIPES });
  assert.equal(check.stdout.split('\n').filter((l) => / BM401 /.test(l)).length, 1);
});

test('bad option values are usage errors (exit 2)', () => {
  assert.equal(runCli(['score', '-', '--format', 'xml'], { input: RECIPES }).status, 2);
  assert.equal(runCli(['score', '-', '--coverage', '1.5'], { input: RECIPES }).status, 2);
  assert.equal(runCli(['score', '-', '--coverage', '0.4'], { input: RECIPES }).status, 2);
  assert.equal(runCli(['score', '-', '--max-family-size', '0'], { input: RECIPES }).status, 2);
});

test('a recipe with an error exits 1 and reports the error on stderr', () => {
  const r = runCli(['score', '-', '--models', models], { input: 'recipe Same { host Au 4\n dopant Au 2 }\n' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^<stdin>:\d+:\d+: error BM\d{3} /m);
});

/** Labelled recipes: E_form labels on four icosahedra, and a site label on a 55-atom one. */
const LABELLED = [
  ['Au', 'Pt', -2.4],
  ['Au', 'Pd', -2.35],
  ['Ag', 'Cu', -2.8],
  ['Au', 'Cu', -2.38],
  ['Ag', 'Pd', -1.9],
]
  .map(([host, dopant, energy]) => `recipe ${host}12${dopant} {\n  host ${host} 12\n  dopant ${dopant} 1\n  topology icosahedron\n  energy ${energy} eV\n}\n`)
  .join('\n') + 'recipe Au54Pt_site_label {\n  host Au 54\n  dopant Pt 1\n  topology icosahedron\n  site surface\n  siteEnergy 0.50 eV\n}\n';

/** The lines of `record.explain` that start with `prefix` after their indentation. */
function explainLines(record: Record<string, any>, prefix: string): string[] {
  return (record.explain as string[]).filter((l) => l.trimStart().startsWith(prefix));
}

test("--explain states each label's residual as the record does (reference − prediction, E_form's per metal atom), and the site's label beside the site", () => {
  const records = JSON.parse(runCli(['score', '-', '--models', models, '--explain'], { input: LABELLED }).stdout) as Array<Record<string, any>>;
  const agcu = records.find((r) => r.recipe === 'Ag12Cu');
  assert.ok(agcu && agcu.residual !== 0);
  assert.deepEqual(explainLines(agcu, 'reference E_form'), [
    `      reference E_form from the recipe's \`energy\`: -2.8 eV/atom; residual (reference − prediction) = ${agcu.residual.toFixed(3)} eV/atom: the reference lies ${agcu.referenceInInterval ? 'inside' : 'outside'} the 90 % interval`,
  ]);
  const site = records.find((r) => r.recipe === 'Au54Pt_site_label');
  assert.equal(site?.site.reference, 0.5);
  assert.deepEqual(explainLines(site!, 'reference ΔE'), [`      reference ΔE from the recipe's \`siteEnergy\`: 0.5 eV; residual (reference − prediction) = ${site!.site.residual.toFixed(3)} eV`]);
});

test("--explain states the site's sign convention apart from its call, so an undetermined call is not read as a preference", () => {
  const records = scoreJson(['--explain']);
  const undetermined = records.find((r) => r.site?.preferred === 'undetermined');
  assert.ok(undetermined, 'the fixture has an undetermined site call');
  const lines: string[] = undetermined.explain;
  const call = lines.findIndex((l) => l.trim() === 'preferred site: undetermined');
  assert.equal(lines[call - 1].trim(), 'sign: negative means core, positive surface; a call needs the whole interval on one side of zero');
  assert.ok(!lines.some((l) => l.includes('prefers the core')), lines.join('\n'));
});

test('score --calibration --explain explains the calibrated record it is printed with: its E_form, model and terms with the calibration term', () => {
  const labels = path.join(work, 'labelled.bimetal');
  const calibration = path.join(work, 'labelled-cal.json');
  writeFileSync(labels, LABELLED);
  const cal = runCli(['calibrate', labels, '--models', models, '--out', calibration]);
  assert.equal(cal.status, 0, cal.stderr);
  const r = runCli(['score', labels, '--models', models, '--calibration', calibration, '--explain']);
  assert.equal(r.status, 0, r.stderr);
  const record = (JSON.parse(r.stdout) as Array<Record<string, any>>)[0];
  const p = record.prediction;
  assert.match(p.model, /^eform-v2\+cal:/);
  assert.deepEqual(explainLines(record, 'E_form ='), [`  E_form = ${p.eForm.toFixed(3)} eV per metal atom (first paper, eq. 1)`]);
  assert.ok(explainLines(record, 'model:').some((l) => l.startsWith(`      model: ${p.model};`)), record.explain.join('\n'));
  const shift = p.terms.find((t: { key: string }) => t.key === 'calibration');
  assert.deepEqual(
    (record.explain as string[]).filter((l) => /^ +ΔE_cal = -?\d/.test(l)),
    [`        ΔE_cal = ${shift.value.toFixed(3)} eV/atom`],
  );
  assert.ok(explainLines(record, 'reference E_form').some((l) => l.includes(`residual (reference − prediction) = ${record.residual.toFixed(3)} eV/atom`)));
});

test('ligands named like built-in object properties keep their own logP: toString in CSV, __proto__ in JSON', () => {
  const recipes = [
    'ligand toString = "CCS" binds S logP 1.5',
    'ligand __proto__ = "CCCS" binds S logP 2.5',
    'recipe Own { host Au 24 dopant Pd 1 ligands toString x 18 }',
    'recipe Proto { host Au 24 dopant Pd 1 ligands __proto__ x 18 }',
    'recipe Other { host Au 24 dopant Pd 1 ligands PET x 18 }',
    '',
  ].join('\n');
  const csv = runCli(['score', '-', '--models', models, '--format', 'csv'], { input: recipes });
  assert.equal(csv.status, 0, csv.stderr);
  const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
  assert.deepEqual(
    rows.map((r) => [r.recipe, r['descriptors.logP.toString'], r['descriptors.logP.__proto__'], r['descriptors.logP.PET'] === '' ? '' : 'a number']),
    [
      ['Own', '1.5', '', ''],
      ['Proto', '', '2.5', ''],
      ['Other', '', '', 'a number'],
    ],
  );
  assert.ok(Number.isFinite(Number(rows[2]['descriptors.logP.PET'])), rows[2]['descriptors.logP.PET']);
  const json = runCli(['score', '-', '--models', models, '--format', 'jsonl'], { input: recipes });
  assert.equal(json.status, 0, json.stderr);
  const proto = JSON.parse(json.stdout.split('\n')[1]) as { recipe: string; descriptors: { logP: object } };
  assert.equal(proto.recipe, 'Proto');
  assert.deepEqual(Object.entries(proto.descriptors.logP), [['__proto__', 2.5]]);
});

test("a recipe's charge is its record's `charge` and its CSV column, and its formula writes it as an ion's", () => {
  const text = 'recipe Ion {\n  host Au 12\n  dopant Ru 1\n  ligands dppm x 6\n  charge 2\n}\nrecipe Neutral {\n  host Au 12\n  dopant Ru 1\n}\n';
  const json = runCli(['score', '-', '--format', 'json'], { input: text });
  const records = JSON.parse(json.stdout) as { recipe: string; formula: string; charge: number }[];
  assert.deepEqual(records.map((r) => [r.recipe, r.formula, r.charge]), [
    ['Ion', '[Au12Ru(dppm)6]2+', 2],
    ['Neutral', 'Au12Ru', 0],
  ]);
  const rows = parse(runCli(['score', '-', '--format', 'csv'], { input: text }).stdout, { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r.formula, r.charge]), [['[Au12Ru(dppm)6]2+', '2'], ['Au12Ru', '0']]);
});

test('one molecule is one formula term however its SMILES is written: inline, declared or built in, named after its first use', () => {
  const text =
    'ligand Thiol = "SCC"\n' +
    'recipe Spellings {\n  host Au 24\n  dopant Pt 1\n  ligands "CCS" x 9, "SCC" x 9\n}\n' +
    'recipe Declared {\n  host Au 24\n  dopant Pt 1\n  ligands Thiol x 6, "CCS" x 12\n}\n' +
    'recipe Builtin {\n  host Au 12\n  dopant Ru 1\n  ligands PPh3 x 2, "c1ccc(P(c2ccccc2)c2ccccc2)cc1" x 4\n}\n' +
    'recipe Others {\n  host Au 24\n  dopant Pt 1\n  ligands "CCS" x 9, "[S-]CC" x 9\n}\n';
  const r = runCli(['score', '-', '--models', models, '--format', 'json'], { input: text });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as { recipe: string; formula: string }[]).map((x) => [x.recipe, x.formula]), [
    ['Spellings', 'Au24Pt(CCS)18'],
    ['Declared', 'Au24Pt(Thiol)18'],
    ['Builtin', 'Au12Ru(PPh3)6'],
    // The thiolate is another molecule than the thiol: two terms.
    ['Others', 'Au24Pt(CCS)9([S-]CC)9'],
  ]);
});
