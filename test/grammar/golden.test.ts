import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { analyzeText, LineIndex } from '../../grammar/src/index';

/**
 * Golden files: for every `test/fixtures/grammar/NAME.bimetal`, the full diagnostics of
 * `analyzeText` are compared with `NAME.diagnostics.json`. Ranges are written `line:col-line:col`,
 * 1-based like the command line's `file:line:col`, so the files can be reviewed by eye.
 * `UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/grammar/golden` rewrites them.
 */
const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'grammar');
const update = process.env.UPDATE_GOLDEN === '1';

function where(index: LineIndex, range: OffsetRange): string {
  const at = (offset: number) => {
    const p = index.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  return `${at(range.start)}-${at(range.end)}`;
}

function golden(text: string, diagnostics: BimetalDiagnostic[]) {
  const index = new LineIndex(text);
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    range: where(index, d.range),
    text: text.slice(d.range.start, d.range.end),
    message: d.message,
    ...(d.related ? { related: d.related.map((r) => ({ message: r.message, range: where(index, r.range) })) } : {}),
    ...(d.data ? { data: d.data } : {}),
  }));
}

const inputs = readdirSync(fixtures).filter((f) => f.endsWith('.bimetal')).sort();

test('there are golden fixtures to check', () => {
  assert.ok(inputs.length >= 5);
});

for (const input of inputs) {
  test(`golden diagnostics: ${input}`, () => {
    const text = readFileSync(path.join(fixtures, input), 'utf8');
    const actual = golden(text, analyzeText(text).diagnostics);
    const goldenPath = path.join(fixtures, input.replace(/\.bimetal$/, '.diagnostics.json'));
    if (update || !existsSync(goldenPath)) {
      writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
      if (!update) assert.fail(`${goldenPath} did not exist; written now, review it and run again`);
      return;
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(goldenPath, 'utf8')));
  });
}
