import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CODES } from '../../grammar/src/index';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');

function grammarSection(): string {
  const text = readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
  const start = text.indexOf('## Syntax & semantics (grammar)');
  assert.ok(start >= 0, 'docs/diagnostics.md has the grammar section');
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

test('docs/diagnostics.md lists every grammar code with its severity and description, and no others', () => {
  const section = grammarSection();
  const documented = [...section.matchAll(/^\| (BM\d{3}) \| (\w+) \| (.*) \|$/gm)].map((m) => [m[1], m[2], m[3].replace(/\\\|/g, '|')]);
  const registry = Object.values(CODES).map((c) => [c.code, c.severity, c.description]);
  assert.deepEqual(documented, registry);
});

test('codes are unique and in the grammar’s ranges (BM1xx syntax, BM2xx semantics)', () => {
  const codes = Object.values(CODES).map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^BM[12]\d\d$/);
});
