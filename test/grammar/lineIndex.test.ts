import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex, suggestClosest } from '../../grammar/src/index';

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

test('suggestClosest: case-insensitive matches first, then by edit distance, at most three', () => {
  assert.deepEqual(suggestClosest('AU', ['Ag', 'Au', 'Al']), ['Au']);
  assert.deepEqual(suggestClosest('hots', ['host', 'note', 'site', 'dopant']), ['host', 'note']);
  assert.deepEqual(suggestClosest('topolgy', ['topology', 'dopant']), ['topology']);
  assert.deepEqual(suggestClosest('lignads', ['ligands']), ['ligands'], 'a swap of neighbours is one edit');
  assert.deepEqual(suggestClosest('zzzzzz', ['host', 'dopant']), []);
  assert.ok(suggestClosest('X', ['A', 'B', 'C', 'D', 'E']).length <= 3);
  assert.deepEqual(suggestClosest('host', ['host']), [], 'the word itself is not a suggestion');
});
