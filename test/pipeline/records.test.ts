import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../grammar/src/index';
import { tidy, toRecordDiagnostic, toSiteRecord } from '../../pipeline/src/records';

test('record diagnostics are 1-based line and column', () => {
  const text = 'recipe A {\n  host Au 4\n  dopant S 2\n}';
  const start = text.indexOf('S 2');
  const d = toRecordDiagnostic({ code: 'BM201', severity: 'error', message: 'not a metal', range: { start, end: start + 1 } }, new LineIndex(text));
  assert.deepEqual(d, { line: 3, column: 10, severity: 'error', code: 'BM201', message: 'not a metal' });
});

test('site preference follows the sign of ΔE = E(core) − E(surface)', () => {
  const base = { lower: -1, upper: 1, coverage: 0.9, model: 'site-v2', inDomain: true };
  assert.equal(toSiteRecord({ ...base, point: -0.2 }).preferred, 'core');
  assert.equal(toSiteRecord({ ...base, point: 0.3 }).preferred, 'surface');
});

test('numbers keep six significant digits, without binary noise; infinite bounds stay infinite', () => {
  assert.equal(tidy(0.33999999999999986), 0.34);
  assert.equal(tidy(-2.1129767894744873), -2.11298);
  assert.equal(tidy(90.54656899999999), 90.5466);
  assert.equal(tidy(Infinity), Infinity);
});
