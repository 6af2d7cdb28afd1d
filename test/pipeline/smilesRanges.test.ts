import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeInLiteral, stringLiteralIn } from '../../pipeline/src/smilesRanges';

test('finds the string literal inside a ligand use', () => {
  const text = 'ligands PET x 8, "SCC" x 2';
  const literal = stringLiteralIn(text, { start: 17, end: text.length });
  assert.deepEqual(literal, { start: 17, end: 22 });
  assert.equal(text.slice(literal!.start, literal!.end), '"SCC"');
});

test('no literal when the range holds none', () => {
  assert.equal(stringLiteralIn('ligands PET x 8', { start: 0, end: 15 }), undefined);
});

test('a toolkit offset points at that character of the SMILES in the source', () => {
  const text = 'ligand L = "C1CC(" binds C';
  const literal = stringLiteralIn(text, { start: 0, end: text.length })!;
  const r = rangeInLiteral(text, literal, 4);
  assert.equal(text.slice(r.start, r.end), '(');
});

test('offsets are mapped through backslash escapes', () => {
  // Source `"F/C=C\\F"` is the SMILES F/C=C\F: decoded index 6 (the final F) sits after a 2-char escape.
  const text = 'x = "F/C=C\\\\F"';
  const literal = stringLiteralIn(text, { start: 0, end: text.length })!;
  assert.equal(text.slice(rangeInLiteral(text, literal, 6).start, rangeInLiteral(text, literal, 6).end), 'F');
  assert.equal(text.slice(rangeInLiteral(text, literal, 5).start, rangeInLiteral(text, literal, 5).end), '\\\\');
});

test('without an offset the whole literal is the range; past the end it clamps to the last character', () => {
  const text = '"C1CC"';
  const literal = stringLiteralIn(text, { start: 0, end: text.length })!;
  assert.deepEqual(rangeInLiteral(text, literal), literal);
  const r = rangeInLiteral(text, literal, 99);
  assert.equal(text.slice(r.start, r.end), 'C');
});

test('a character beyond U+FFFF is ranged whole, both of its UTF-16 code units', () => {
  const text = 'ligand L = "SCC😀" binds S';
  const literal = stringLiteralIn(text, { start: 0, end: text.length })!;
  const r = rangeInLiteral(text, literal, 3);
  assert.equal(text.slice(r.start, r.end), '😀');
});
