import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, LineIndex, suggestClosest } from '../../grammar/src/index';
import { diagnosticLines } from '../../cli/src/scoreInputs';

test('LineIndex: positions are 0-based lines and UTF-16 characters, for \\n, \\r\\n and \\r', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
  assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(index.positionAt(10), { line: 3, character: 0 });
  assert.deepEqual(index.positionAt(text.length), { line: 3, character: 2 });
  for (let offset = 0; offset <= text.length; offset++) {
    // Offsets inside a \r\n pair have no position of their own.
    if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
    assert.equal(index.offsetAt(index.positionAt(offset)), offset, `offset ${offset}`);
  }
});

test('LineIndex: the line start of an offset, for \\n, \\r\\n and \\r, a byte order mark left before line 1', () => {
  const text = '\uFEFFab\ncd\r\nef\rgh';
  const index = new LineIndex(text);
  const starts = [...text].map((_, offset) => index.lineStartAt(offset));
  assert.deepEqual(starts, [1, 1, 1, 1, 4, 4, 4, 4, 8, 8, 8, 11, 11]);
  assert.equal(index.lineStartAt(text.length), 11);
});

test('LineIndex: characters count UTF-16 code units (Å is one, an emoji two)', () => {
  const text = 'Å😀x\ny';
  const index = new LineIndex(text);
  assert.deepEqual(index.positionAt(text.indexOf('x')), { line: 0, character: 3 });
  assert.equal(index.offsetAt({ line: 1, character: 0 }), text.indexOf('y'));
});

test('LineIndex: out-of-range input is clamped, never thrown', () => {
  const index = new LineIndex('ab\ncd');
  assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
  assert.deepEqual(index.positionAt(Number.NaN), { line: 0, character: 0 });
  assert.equal(index.offsetAt({ line: 0, character: 99 }), 2, 'clamped before the line break');
  assert.equal(index.offsetAt({ line: 9, character: 0 }), 5);
  assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
  assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
});

test('LineIndex: a leading byte order mark takes no column, so line 1 reads as in an editor', () => {
  const plain = 'ab\ncd';
  const text = `\uFEFF${plain}`;
  const index = new LineIndex(text);
  const reference = new LineIndex(plain);
  assert.equal(index.lineCount, 2);
  // Offsets stay offsets into the text as given (BOM included); only the columns leave the BOM out.
  for (let offset = 1; offset <= text.length; offset++) assert.deepEqual(index.positionAt(offset), reference.positionAt(offset - 1), `offset ${offset}`);
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 }, 'the BOM itself is at the start of line 1');
  for (let offset = 1; offset <= text.length; offset++) assert.equal(index.offsetAt(index.positionAt(offset)), offset, `offset ${offset}`);
  assert.equal(index.offsetAt({ line: 0, character: 0 }), 1, 'line 1 starts after the BOM');
  assert.equal(index.lineStart(0), 1);
  assert.equal(index.lineEnd(0), 3);
  assert.deepEqual(new LineIndex('\uFEFF').positionAt(1), { line: 0, character: 0 });
  assert.equal(new LineIndex('\uFEFF\nx').offsetAt({ line: 0, character: 5 }), 1, 'clamped to the empty first line');
  // Only a leading U+FEFF is a byte order mark: elsewhere it is a character like any other.
  assert.deepEqual(new LineIndex('a\uFEFFb').positionAt(2), { line: 0, character: 2 });
  assert.deepEqual(new LineIndex('a\n\uFEFFb').positionAt(3), { line: 1, character: 1 });
});

test('check: a file with a byte order mark reports the same line:column as without one', () => {
  const plain = 'recipe A { host Xx 12 dopant Ag 1 }\nrecipe B { host Yy 12 dopant Ag 1 }\n';
  const lines = (text: string) => diagnosticLines('f.bimetal', text, analyzeText(text).diagnostics);
  const expected = lines(plain);
  assert.ok(expected.some((l) => l.startsWith('f.bimetal:1:17: error BM202')), expected.join('\n'));
  assert.ok(expected.some((l) => l.startsWith('f.bimetal:2:17: error BM202')), expected.join('\n'));
  assert.deepEqual(lines(`\uFEFF${plain}`), expected);
});

test('suggestClosest: case-insensitive matches first, then by edit distance, at most three', () => {
  assert.deepEqual(suggestClosest('AU', ['Ag', 'Au', 'Al']), ['Au']);
  assert.deepEqual(suggestClosest('hots', ['host', 'note', 'site', 'dopant']), ['host', 'note']);
  assert.deepEqual(suggestClosest('topolgy', ['topology', 'dopant']), ['topology']);
  assert.deepEqual(suggestClosest('lignads', ['ligands']), ['ligands'], 'a swap of neighbours is one edit');
  assert.deepEqual(suggestClosest('zzzzzz', ['host', 'dopant']), []);
  assert.ok(suggestClosest('X', ['A', 'B', 'C', 'D', 'E']).length <= 3);
  assert.deepEqual(suggestClosest('host', ['host']), [], 'the word itself is not a suggestion');
  // Two edits are a typo in a word of three letters, not two of its three letters dropped: 'FOO' is no fluoride 'F'.
  assert.deepEqual(suggestClosest('FOO', ['F', 'FO2']), ['FO2']);
  assert.deepEqual(suggestClosest('Au12', ['Au', 'Ag']), ['Au'], 'a name half the word is still offered (a count glued on)');
});
