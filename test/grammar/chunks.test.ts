/**
 * Long documents are lexed and parsed in chunks split at lines that start with `recipe`
 * (grammar/src/parse.ts). A chunk boundary must change nothing: a piece of text parses to the same
 * declarations and diagnostics, shifted, wherever it lies in a document, on either side of a
 * boundary or across one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { parseDocument } from '../../grammar/src/index';

/** A valid recipe block of exactly `length` characters (length ≥ 60), ending with a line break. */
function filler(index: number, length: number): string {
  const head = `recipe F${index} {\n  host Au 12\n  dopant Pt 1\n  note "`;
  const tail = '"\n}\n';
  return head + 'x'.repeat(length - head.length - tail.length) + tail;
}

/** Valid recipes filling `length` characters. */
function padding(length: number): string {
  const blocks: string[] = [];
  let left = length;
  for (let i = 0; left > 0; i++) {
    const size = left >= 4000 + 60 ? 4000 : left;
    blocks.push(filler(i, size));
    left -= size;
  }
  return blocks.join('');
}

/** Text whose meaning depends on what follows each line: unclosed blocks, same-line words, stray runs, look-alikes of `recipe`. */
const TRICKY = [
  'recipe Open {',
  '  host Au 12',
  '  distance 2.8',
  'recipes are not keywords',
  '  recipe-like words neither',
  'recipe Next { host [Au, Ag',
  '  dopant Fe 1 ] ] ]',
  '  support oxide',
  'recipe Last',
  '  host Cu 12 # no braces',
  '  distance 2.8',
  '  nm',
  ']',
  'ligand L = "S" binds',
  '  S, P',
  'recipe Stray { host Au 12 @ dopant Ag 1 $ }',
  '',
].join('\n');

function shifted(diagnostics: readonly BimetalDiagnostic[], by: number): BimetalDiagnostic[] {
  return diagnostics.map((d) => {
    const moved: BimetalDiagnostic = { ...d, range: { start: d.range.start + by, end: d.range.end + by } };
    if (typeof d.data?.insertAt === 'number') moved.data = { ...d.data, insertAt: d.data.insertAt + by };
    return moved;
  });
}

/** The declarations as text and kind, for comparing documents that place the same text at different offsets. */
function declarationTexts(text: string, from: number): string[] {
  const { ast } = parseDocument(text);
  return ast.declarations
    .filter((d) => d.start >= from)
    .map((d) => `${d.kind}:${d.hasSyntaxErrors}:${text.slice(d.start, d.end)}:${d.kind === 'recipe' ? d.properties.map((p) => p.kind).join(',') : ''}`);
}

test('text parses the same wherever it lies relative to the 64 KB chunk boundaries', () => {
  const alone = parseDocument(TRICKY);
  assert.ok(alone.diagnostics.length >= 8, 'the tricky text has diagnostics to compare');
  const aloneDeclarations = declarationTexts(TRICKY, 0);
  // Place the tricky text so that each of its lines in turn starts just before, at or after 64 KB.
  const boundary = 64 * 1024;
  const lineStarts = [0, ...[...TRICKY.matchAll(/\n/g)].map((m) => m.index + 1)];
  for (const lineStart of lineStarts) {
    for (const nudge of [-40, -1, 0, 1, 40]) {
      const prefix = padding(boundary - lineStart + nudge);
      const text = prefix + TRICKY + padding(70_000);
      const { diagnostics } = parseDocument(text);
      const ours = diagnostics.filter((d) => d.range.start >= prefix.length && d.range.start < prefix.length + TRICKY.length);
      assert.deepEqual(ours, shifted(alone.diagnostics, prefix.length), `line at ${lineStart}, nudged ${nudge}`);
      assert.deepEqual(declarationTexts(text, prefix.length).slice(0, aloneDeclarations.length), aloneDeclarations, `line at ${lineStart}, nudged ${nudge}`);
    }
  }
});

test('a document of many chunks parses every recipe, with CRLF line breaks too', () => {
  for (const lineBreak of ['\n', '\r\n']) {
    const text = padding(1_500_000).replace(/\n/g, lineBreak);
    const { ast, diagnostics } = parseDocument(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(ast.recipes.length, text.split(`${lineBreak}recipe `).length);
    assert.equal(ast.recipes[ast.recipes.length - 1].end, text.trimEnd().length);
  }
});
