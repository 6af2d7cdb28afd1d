import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText } from '../../engine/src/textDecoding';

test('text is UTF-8 unless a byte order mark says UTF-16; the mark is dropped', () => {
  const text = 'recipe Ä {\n  host Au 12 # – é\n}\n';
  assert.equal(decodeText(Buffer.from(text, 'utf8')), text);
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), text);
  const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  assert.equal(decodeText(littleEndian), text);
  const bigEndian = Buffer.from(littleEndian);
  bigEndian.swap16();
  assert.equal(decodeText(bigEndian), text);
});
