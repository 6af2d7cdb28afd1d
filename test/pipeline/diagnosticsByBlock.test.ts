/** A record's grammar diagnostics: those that start inside its recipe block, in the document's order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { analyzeText } from '../../grammar/src/index';
import { DiagnosticsByBlock } from '../../pipeline/src/diagnosticsByBlock';

function at(start: number, end: number, code: string): BimetalDiagnostic {
  return { code, severity: 'warning', message: code, range: { start, end } };
}

/** The definition: a filter of the whole list. */
function startingWithin(diagnostics: readonly BimetalDiagnostic[], block: OffsetRange): BimetalDiagnostic[] {
  return diagnostics.filter((d) => d.range.start >= block.start && d.range.start < block.end);
}

test('a block takes the diagnostics that start inside it, from its start up to but not at its end, in list order', () => {
  // Out of position order on purpose: validation appends its findings after the parser's.
  const list = [at(30, 31, 'C'), at(10, 12, 'A'), at(20, 40, 'B'), at(10, 11, 'D'), at(9, 10, 'E'), at(40, 41, 'F')];
  const index = new DiagnosticsByBlock(list);
  assert.deepEqual(index.within({ start: 10, end: 40 }).map((d) => d.code), ['C', 'A', 'B', 'D']);
  assert.deepEqual(index.within({ start: 40, end: 50 }).map((d) => d.code), ['F']);
  assert.deepEqual(index.within({ start: 0, end: 9 }), []);
  assert.deepEqual(index.within(undefined), []);
  assert.deepEqual(new DiagnosticsByBlock([]).within({ start: 0, end: 100 }), []);
});

test('on a parsed file with warnings, errors and families, every member gets what the filter gives', () => {
  const recipes = Array.from({ length: 40 }, (_, i) =>
    [
      `recipe R${i} {`,
      i % 4 === 0 ? '  host     Au [12, 12]' : '  host     Au [12, 13]', // BM226, a duplicate alternative: a family with a warning
      `  dopant   Pt ${1 + (i % 3)}`,
      i % 2 ? '  distance 11 Å' : '  distance 3 Å', // BM217 in every other recipe
      i % 5 === 0 ? '  topology icosahedorn' : '', // an error (its recipe has no members)
      '}',
    ].join('\n'),
  );
  const analysis = analyzeText(recipes.join('\n'));
  const index = new DiagnosticsByBlock(analysis.diagnostics);
  assert.ok(analysis.diagnostics.length >= 30, `expected many diagnostics, got ${analysis.diagnostics.length}`);
  let withDiagnostics = 0;
  for (const member of analysis.members) {
    const block = member.ranges?.recipe;
    assert.ok(block, member.name);
    const expected = startingWithin(analysis.diagnostics, block);
    assert.deepEqual(index.within(block), expected, member.name);
    if (expected.length > 0) withDiagnostics++;
  }
  assert.ok(withDiagnostics > 0 && withDiagnostics < analysis.members.length, `${withDiagnostics} of ${analysis.members.length} members`);
});
