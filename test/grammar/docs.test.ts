import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BUILTIN_LIGAND_NAMES, CODES, coreSites, parseDocument, validateDocument } from '../../grammar/src/index';

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
  const documented = [...section.matchAll(/^\| (?:<a id="bm\d{3}"><\/a>)?(BM\d{3}) \| (\w+) \| (.*) \|$/gm)].map((m) => [m[1], m[2], m[3].replace(/\\\|/g, '|')]);
  const registry = Object.values(CODES).map((c) => [c.code, c.severity, c.description]);
  assert.deepEqual(documented, registry);
});

test('codes are unique and in the grammar’s ranges (BM1xx syntax, BM2xx semantics)', () => {
  const codes = Object.values(CODES).map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^BM[12]\d\d$/);
});

test('docs/language.md names every built-in ligand and states the core-site counts the validator uses', () => {
  const text = readFileSync(path.join(root, 'docs', 'language.md'), 'utf8');
  for (const name of BUILTIN_LIGAND_NAMES) assert.ok(text.includes(name), `${name} is missing from docs/language.md`);
  const rows = [...text.matchAll(/^\s*\| ([a-z, ]+?)(?: \(k\+1 atoms per edge\))? \| ([\d, ]+) \|/gm)];
  assert.equal(rows.length, 3);
  for (const [, templates, counts] of rows) {
    const expected = counts.split(', ').map(Number);
    for (const template of templates.split(', ')) {
      const actual = expected.map((_, i) => coreSites(template as Parameters<typeof coreSites>[0], i + 1));
      assert.deepEqual(actual, expected, template);
    }
  }
});

test('docs/language.md lists the supported metals as the BM233 error does', () => {
  const [unsupported] = validateDocument(parseDocument('recipe R {\n  host Mg 12\n  dopant Au 1\n}\n').ast);
  const list = /supported metals: (.*)$/.exec(unsupported.message)?.[1];
  assert.ok(list, unsupported.message);
  const text = readFileSync(path.join(root, 'docs', 'language.md'), 'utf8').replace(/\s+/g, ' ');
  assert.ok(text.includes(`Bimetal has element data for: ${list}.`), `docs/language.md does not list ${list}`);
});
