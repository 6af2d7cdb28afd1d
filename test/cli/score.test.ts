import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { writeLinearModels } from '../pipeline/modelFixture';
import { AU4RU2, CU_M_MFI } from '../pipeline/sampleRecipes';
import { ensureBuilt, runCli } from './runCli';

let work: string;
let models: string;

before(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'bimetal-cli-'));
  models = path.join(work, 'models');
  writeLinearModels(models);
});

after(() => rmSync(work, { recursive: true, force: true }));

const RECIPES = AU4RU2 + CU_M_MFI;

/** LANGUAGE.md §5: the record's fields, and the fields of its nested objects. */
const RECORD_FIELDS = ['file', 'recipe', 'formula', 'host', 'dopant', 'nHost', 'nDopant', 'nMetal', 'ratio', 'descriptors', 'prediction', 'site', 'diagnostics'];
const DESCRIPTOR_FIELDS = ['hMix', 'chiEnv', 'deltaChi', 'deltaM', 'deltaR', 'distance', 'reducedDistance', 'phi', 'logP'];
const PREDICTION_FIELDS = ['eForm', 'lower', 'upper', 'coverage', 'model', 'inDomain'];
const SITE_FIELDS = ['preferred', 'deltaE', 'lower', 'upper'];

function scoreJson(args: string[]) {
  const r = runCli(['score', '-', '--models', models, ...args], { input: RECIPES });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Array<Record<string, any>>;
}

test('score prints one JSON record per expanded recipe with the fields of LANGUAGE.md §5', () => {
  const records = scoreJson([]);
  assert.equal(records.length, 3);
  assert.equal(records[0].recipe, 'Au4Ru2');
  for (const r of records) {
    for (const f of RECORD_FIELDS) assert.ok(f in r, `record lacks ${f}`);
    for (const f of DESCRIPTOR_FIELDS) assert.ok(f in r.descriptors, `descriptors lack ${f}`);
    for (const f of PREDICTION_FIELDS) assert.ok(f in r.prediction, `prediction lacks ${f}`);
    assert.equal(r.file, '<stdin>');
    for (const d of r.diagnostics) assert.deepEqual(Object.keys(d), ['line', 'column', 'severity', 'code', 'message']);
  }
  const gold = records[0];
  assert.equal(gold.formula, 'Au4Ru2(PET)8(PPh3)2');
  assert.deepEqual([gold.host, gold.dopant, gold.nHost, gold.nDopant, gold.nMetal, gold.ratio], ['Au', 'Ru', 4, 2, 6, 0.3333]);
  for (const f of SITE_FIELDS) assert.ok(f in gold.site, `site lacks ${f}`);
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
  const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
  assert.equal(rows.length, 3);
  for (const column of ['recipe', 'formula', 'descriptors.hMix', 'descriptors.phi', 'descriptors.logP.PET', 'prediction.eForm', 'site.deltaE']) {
    assert.ok(column in rows[0], `missing column ${column}`);
  }
  assert.equal(rows[0].formula, 'Au4Ru2(PET)8(PPh3)2');
  assert.equal(rows[1]['site.deltaE'], '', 'no site for a 1:1 pair');
  assert.ok(Number.isFinite(Number(rows[0]['prediction.eForm'])));
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
});

test('--explain shows how each descriptor was derived', () => {
  const records = scoreJson(['--explain']);
  const lines: string[] = records[0].explain;
  assert.ok(lines.some((l) => l.includes('H_mix') && l.includes('kJ/mol')));
  assert.ok(lines.some((l) => /definition: eq\. 11: φ = D̃ × χ_env/.test(l)));
  assert.ok(lines.some((l) => /E_form = -?\d/.test(l)));
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
