import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answersFor, unlistedErrors, unlistedText, type Problem } from '../../client/src/results/unlistedErrors';
import { record } from '../helpers/scoreRecord';

const uriOf = (file: string) => `file://${file}`;
const problem = (line: number, column: number, code: string, message: string, file = 'broken.bimetal'): Problem => ({ uri: uriOf(`/ws/${file}`), file, line, column, code, message });

// broken.bimetal of the audit: `dopant Xx 1` keeps Unknown_dopant from being scored (no record); Unclosed is scored and carries its own error.
const unclosed = record('Unclosed', -2.18, {
  file: '/ws/broken.bimetal',
  diagnostics: [{ line: 6, column: 17, severity: 'error', code: 'BM108', message: "the '{' of recipe 'Unclosed' is never closed" }],
});
const unknownDopant = problem(3, 12, 'BM202', "'Xx' is not an element symbol for the dopant");
const neverClosed = problem(6, 17, 'BM108', "the '{' of recipe 'Unclosed' is never closed");

test('an error no record carries is named: its recipe was not scored', () => {
  const unlisted = unlistedErrors([unclosed, record('fine', -2)], [unknownDopant, neverClosed], uriOf);
  assert.deepEqual(unlisted, [unknownDopant]);
  assert.equal(unlistedText(unlisted), "1 error is on no row of this table (its recipe was not scored): broken.bimetal:3 BM202 'Xx' is not an element symbol for the dopant.");
});

test('an error is matched to its record by file, place and code, so the same code elsewhere is still named', () => {
  const elsewhere = problem(6, 17, 'BM108', 'the same error in another file', 'other.bimetal');
  const sameLineOtherCode = problem(6, 17, 'BM201', 'another error at the same place');
  assert.deepEqual(unlistedErrors([unclosed], [neverClosed, elsewhere, sameLineOtherCode], uriOf), [elsewhere, sameLineOtherCode]);
});

test('no unlisted errors, no line; many are counted and the first few named', () => {
  assert.equal(unlistedText(unlistedErrors([unclosed], [neverClosed], uriOf)), '');
  const many = Array.from({ length: 19 }, (_, i) => problem(100 + i, 12, 'BM204', 'the dopant Ag is the same metal as the host', 'huge.bimetal'));
  const text = unlistedText(unlistedErrors([unclosed], many, uriOf));
  assert.match(text, /^19 errors are on no row of this table \(their recipes were not scored\): huge\.bimetal:100 BM204 .*; huge\.bimetal:101 .*; huge\.bimetal:102 .*; and 16 more\.$/);
});

test("a label's conflict with another file (BM420) is no unscored recipe: its recipe has a row", () => {
  const conflict = problem(7, 10, 'BM420', 'B: energy -3.2 eV conflicts with -3.63 eV (A, a.bimetal) for the same recipe; neither value is used for calibration');
  assert.deepEqual(unlistedErrors([unclosed], [conflict, neverClosed, unknownDopant], uriOf), [unknownDopant]);
});

test("a workspace panel answers for every recipe document's errors (an untitled one too), not a diff's git: original; a file's panel for its file", () => {
  const workspace = { kind: 'workspace' } as const;
  assert.equal(answersFor(workspace, 'file:///ws/a.bimetal'), true);
  assert.equal(answersFor(workspace, 'untitled:Untitled-1'), true);
  assert.equal(answersFor(workspace, 'git:/ws/a.bimetal?%7B%22path%22%3A%22%2Fws%2Fa.bimetal%22%2C%22ref%22%3A%22HEAD%22%7D'), false);
  assert.equal(answersFor({ kind: 'document', uri: 'file:///ws/a.bimetal' }, 'file:///ws/a.bimetal'), true);
  assert.equal(answersFor({ kind: 'document', uri: 'file:///ws/a.bimetal' }, 'file:///ws/b.bimetal'), false);
  assert.equal(answersFor({ kind: 'calibration' }, 'file:///ws/a.bimetal'), false);
});
