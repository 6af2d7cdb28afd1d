import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT, runCli } from './cli/runCli';

/**
 * The shipped examples (the README's main command scores them) must check without errors and
 * keep covering the systems of the two source papers.
 */
const files = readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.bimetal'))
  .map((f) => `examples/${f}`);

before(ensureBuilt);

test('every example checks without errors', () => {
  assert.ok(files.length >= 5);
  const r = runCli(['check', ...files]);
  const errors = r.stdout.split('\n').filter((l) => / error BM\d{3} /.test(l));
  assert.deepEqual(errors, []);
  assert.equal(r.status, 0, r.stderr);
});

test('the examples cover the papers\' systems', () => {
  const r = runCli(['score', ...files]);
  assert.equal(r.status, 0, r.stderr);
  const records = JSON.parse(r.stdout) as Array<{ formula: string; host: string; dopant: string; nHost: number; nDopant: number; recipe: string }>;
  const formulas = records.map((x) => x.formula);
  const has = (pattern: RegExp, what: string) => assert.ok(formulas.some((f) => pattern.test(f)), `no example of ${what}`);
  // First paper: the five nanocluster topologies, Cu/M zeolites, M1/M2@NC, large clusters.
  has(/^Au4[A-Z][a-z]?2\(PET\)8$/, 'Au4M2(PET)8');
  has(/^Au4[A-Z][a-z]?2\(PET\)8\(PPh3\)2$/, 'Au4M2(PET)8(PPh3)2');
  has(/^Au5[A-Z][a-z]?2\(PPh3\)3\(Cpstar\)2Cl2$/, 'Au5M2(Cp*)2(PPh3)3Cl2');
  has(/^Au8[A-Z][a-z]?\(PPh3\)8$/, 'Au8M(PPh3)8');
  has(/^Au9[A-Z][a-z]?\(FPh3P\)7Br3$/, 'Au9M(FPh3P)7Br3');
  for (const zeolite of ['MFI', 'MOR', 'FAU']) has(new RegExp(`^Cu[A-Z][a-z]?@${zeolite}$`), `Cu/M@${zeolite}`);
  for (const pair of ['AuNi', 'NiPt', 'CuGd']) has(new RegExp(`^${pair}@NC$`), `${pair}@NC`);
  has(/^Au36Ag38\(CF3PhCC\)30Cl10$/, 'Au36Ag38 with alkynyl and chloride ligands');
  has(/^Ag135Cu60\(PET\)60Cl42$/, 'Ag135Cu60(PET)60Cl42');
  // Second paper: X12TM, in and out, for hosts Ti, Zr, Hf, Fe.
  for (const host of ['Ti', 'Zr', 'Hf', 'Fe']) {
    const x12 = records.filter((x) => x.host === host && x.nHost === 12 && x.nDopant === 1);
    assert.ok(x12.some((x) => /_in\b/.test(x.recipe)) && x12.some((x) => /_out\b/.test(x.recipe)), `no ${host}12TM in and out`);
  }
  // A family sweeping all 30 d-block dopants.
  const dBlock = ['Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'La', 'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg'];
  const byRecipe = new Map<string, Set<string>>();
  for (const x of records) {
    const block = x.recipe.replace(/\[.*$/, '');
    byRecipe.set(block, (byRecipe.get(block) ?? new Set()).add(x.dopant));
  }
  assert.ok([...byRecipe.values()].some((dopants) => dBlock.every((d) => dopants.has(d))), 'no family over all 30 d-block dopants');
});
