/**
 * Issue 12's input limits in the grammar: documents over 50 MB are refused with one error,
 * diagnostics are capped with a summary, and garbage stops being parsed after its first megabyte.
 * That analysis time grows linearly with the input is measured in `npm run bench -- limits`: a
 * timing, which a unit test on a shared machine cannot bound reliably.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import fc from 'fast-check';
import { analyzeText, capDiagnostics, MAX_DIAGNOSTICS, MAX_DOCUMENT_CHARS, parseDocument } from '../../grammar/src/index';
import { compareDiagnostics, withThousands } from '../../grammar/src/diagnostics';
import { garbage } from '../helpers/bigInputs';

const at = (start: number, severity: BimetalDiagnostic['severity'] = 'error'): BimetalDiagnostic => ({ code: 'BM100', severity, message: 'x', range: { start, end: start + 1 } });

test(`diagnostics beyond ${MAX_DIAGNOSTICS} become one summary, counted by severity`, () => {
  const many = Array.from({ length: 1500 }, (_, i) => at(1500 - i, i % 3 === 0 ? 'warning' : 'error'));
  const capped = capDiagnostics(many);
  assert.equal(capped.length, MAX_DIAGNOSTICS + 1);
  assert.deepEqual(capped.slice(0, 3).map((d) => d.range.start), [1, 2, 3], 'the first ones in source order');
  const summary = capped[MAX_DIAGNOSTICS];
  assert.equal(summary.code, 'BM121');
  assert.equal(summary.range.start, 1001);
  assert.equal(summary.message, '500 more diagnostics in this file are not shown (333 errors, 167 warnings); only the first 1,000 are. Fix these first, or split the file');
  const few = [at(5), at(1)];
  assert.deepEqual(capDiagnostics(few), few, 'within the limit nothing changes, not even the order');
});

test('where parsing stopped (BM122) is shown past the limit, after the summary, and not counted in it', () => {
  const stop: BimetalDiagnostic = { code: 'BM122', severity: 'error', message: 'stopped', range: { start: 5000, end: 5000 } };
  const capped = capDiagnostics([...Array.from({ length: 1500 }, (_, i) => at(i)), stop]);
  assert.equal(capped.length, MAX_DIAGNOSTICS + 2);
  assert.equal(capped[MAX_DIAGNOSTICS].code, 'BM121');
  assert.match(capped[MAX_DIAGNOSTICS].message, /^500 more diagnostics in this file are not shown \(500 errors\)/);
  assert.equal(capped[MAX_DIAGNOSTICS + 1], stop);
  // Within the limit for the rest, the stop is still shown, in source order.
  const few = capDiagnostics([stop, ...Array.from({ length: MAX_DIAGNOSTICS }, (_, i) => at(i))]);
  assert.deepEqual(few.map((d) => d.code).slice(-2), ['BM100', 'BM122']);
  assert.equal(few.length, MAX_DIAGNOSTICS + 1);
});

test('the capped list is what sorting the whole list gives, ties of position and code included', () => {
  const codes = ['BM404', 'BM411', 'BM100'];
  const severities: BimetalDiagnostic['severity'][] = ['error', 'warning', 'information', 'hint'];
  const diagnostic = fc
    .record({ start: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 0, max: 3 }), code: fc.constantFrom(...codes), severity: fc.constantFrom(...severities), id: fc.nat() })
    .map(({ start, length, code, severity, id }): BimetalDiagnostic => ({ code, severity, message: `m${id}`, range: { start, end: start + length } }));
  fc.assert(
    fc.property(fc.array(diagnostic, { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 60 }), (list, limit) => {
      const capped = capDiagnostics(list, limit);
      if (list.length <= limit) return assert.deepEqual(capped, list);
      const sorted = [...list].sort(compareDiagnostics);
      assert.deepEqual(capped.slice(0, limit), sorted.slice(0, limit));
      const summary = capped[limit];
      assert.equal(summary.range.start, sorted[limit].range.start);
      for (const severity of severities) {
        const n = sorted.slice(limit).filter((d) => d.severity === severity).length;
        if (n > 0) assert.match(summary.message, new RegExp(`\\b${n} ${severity}`));
      }
      assert.match(summary.message, new RegExp(`^${list.length - limit} more diagnostics`));
    }),
    { seed: 20261202, numRuns: 300 },
  );
});

test('counts in messages are grouped in thousands exactly as en-US formatting groups them', () => {
  for (const n of [0, 7, 999, 1000, 12_345, 100_000, 999_999, 1_000_000, 98_600, 123_456_789]) assert.equal(withThousands(n), n.toLocaleString('en-US'));
  fc.assert(fc.property(fc.nat(), (n) => withThousands(n) === n.toLocaleString('en-US')), { seed: 20261202, numRuns: 500 });
});

test('a document over 50 MB gets one error and is not analysed', () => {
  const big = 'recipe A {\n  host Au 12\n  dopant Pt 1\n}\n'.padEnd(MAX_DOCUMENT_CHARS + 1, ' ');
  const result = analyzeText(big);
  assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity]), [['BM120', 'error']]);
  // Not '50.0 MiB, over the 50.0 MiB limit': a size that rounds to the limit is given exactly.
  assert.match(result.diagnostics[0].message, /^This document is 52,428,801 characters, over the 50\.0 MiB limit/);
  assert.equal(result.members.length, 0);
  assert.equal(analyzeText(big.slice(0, MAX_DOCUMENT_CHARS)).members.length, 1, 'at the limit, analysed');
});

test('a file of garbage stops being parsed after its first megabyte, with one diagnostic saying so', () => {
  const text = garbage(1.5 * 1024 * 1024);
  const { diagnostics, ast } = parseDocument(text);
  const stop = diagnostics.find((d) => d.code === 'BM122');
  assert.ok(stop, 'parsing stopped');
  assert.ok(stop.range.start >= 1024 * 1024 && stop.range.start < 1024 * 1024 + 64 * 1024 + 1, String(stop.range.start));
  assert.ok(diagnostics.every((d) => d.range.end <= stop.range.start), 'nothing reported past the stop');
  assert.equal(ast.end, text.length);
  // More than 10,000 errors before it: capped for the command line and the editor, the stop still shows.
  assert.equal(capDiagnostics(diagnostics).at(-1), stop);
});
