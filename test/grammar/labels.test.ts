/**
 * `energy` and `siteEnergy` as calibration labels: both parse into the expanded recipe, and a
 * value that is not finite or not physical is an error on the number and is left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, CODES } from '../../grammar/src/index';

function analyse(body: string) {
  return analyzeText(`recipe R {\n  host Au 12\n  dopant Pt 1\n${body}\n}\n`);
}

test('energy and siteEnergy are labels on every expanded member', () => {
  const r = analyzeText('recipe F {\n  host Au 12\n  dopant [Pt, Pd] 1\n  energy -2.61 eV\n  siteEnergy -0.35 eV\n}\n');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.members.map((m) => [m.energy, m.siteEnergy]), [[-2.61, -0.35], [-2.61, -0.35]]);
  assert.ok(r.members[0].ranges?.siteEnergy, 'the label keeps its place for diagnostics and code lenses');
});

test('a label that is not finite is BM229 on the number and is ignored', () => {
  const r = analyse('  energy 1e999 eV');
  const d = r.diagnostics.find((x) => x.code === CODES.nonFiniteLabel.code);
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.equal(d.severity, 'error');
  assert.equal(r.members[0].energy, undefined);
});

test('a label a double cannot hold (1e-400 would read as 0) is BM229 on the number and is ignored; the recipe is still scored', () => {
  for (const [n, reason] of [['1e-400', 'too small to be stored as a number (it would read as 0)'], ['-1e400', 'too large to be stored as a number (it would read as −infinity)']]) {
    const r = analyse(`  siteEnergy ${n} eV`);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.message]), [['BM229', `siteEnergy ${n} is ${reason}; the label is ignored`]]);
    assert.equal(r.members.length, 1);
    assert.equal(r.members[0].siteEnergy, undefined);
  }
});

test('a label outside its physical range is BM230 with the likely slip, and is ignored', () => {
  const total = analyse('  energy -31.4 eV');
  const d = total.diagnostics.find((x) => x.code === CODES.implausibleLabel.code);
  assert.ok(d);
  assert.match(d.message, /per metal atom/);
  assert.equal(total.members[0].energy, undefined);
  const site = analyse('  siteEnergy 45 eV');
  assert.ok(site.diagnostics.some((x) => x.code === CODES.implausibleLabel.code && /E\(core\) − E\(surface\)/.test(x.message)));
  assert.equal(site.members[0].siteEnergy, undefined);
  // The edges of the range are still labels.
  assert.equal(analyse('  energy -15 eV').members[0].energy, -15);
});

test('siteEnergy without a unit, twice, or with a wrong unit gets the energy diagnostics', () => {
  assert.ok(analyse('  siteEnergy 0.3').diagnostics.some((d) => d.code === CODES.energyWithoutUnit.code && /'siteEnergy'/.test(d.message)));
  assert.ok(analyse('  siteEnergy 0.3 eV\n  siteEnergy 0.4 eV').diagnostics.some((d) => d.code === CODES.duplicateProperty.code));
  assert.ok(analyse('  siteEnergy 0.3 kJ').diagnostics.some((d) => d.code === CODES.unknownUnit.code));
  assert.ok(analyse('  siteEnergy').diagnostics.some((d) => d.code === CODES.missingValue.code));
});
