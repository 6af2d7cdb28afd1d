/**
 * Every diagnostic links `docs/diagnostics.md#bmNNN` (codeDescription.href): each code any part
 * of Bimetal can emit must have exactly one anchor there, on a table row that describes it, and
 * the page must not document codes nobody emits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CODES } from '../../grammar/src/codes';
import { MODEL_CODES } from '../../engine/src/inference/diagnostics';
import { CHEMISTRY_CODES } from '../../engine/src/ligands';
import { FINDING_CODES } from '../../pipeline/src/findings';
import { CALIBRATION_CODES } from '../../report/src/calibrationCodes';
import { STRUCTURE_CODES } from '../../pipeline/src/structureStage';
import { toLspDiagnostic } from '../../server/src/diagnostics';
import { repoRoot } from './lspHarness';

const REGISTERED = [
  ...Object.values(CODES).map((c) => c.code),
  ...Object.values(CHEMISTRY_CODES),
  ...Object.values(MODEL_CODES),
  ...Object.values(STRUCTURE_CODES),
  ...Object.values(FINDING_CODES),
  ...Object.values(CALIBRATION_CODES),
];

const page = readFileSync(path.join(repoRoot, 'docs', 'diagnostics.md'), 'utf8');
const anchorIds = [...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = path.join(dir, entry);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('the registries hold every code the sources write, each once', () => {
  assert.equal(new Set(REGISTERED).size, REGISTERED.length, 'a code is registered twice');
  const written = new Set<string>();
  for (const folder of ['grammar', 'engine', 'pipeline', 'server', 'cli']) {
    for (const file of sourceFiles(path.join(repoRoot, folder, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](BM\d{3})['"`]/g)) written.add(m[1]);
    }
  }
  const unregistered = [...written].filter((code) => !REGISTERED.includes(code));
  assert.deepEqual(unregistered, [], 'codes written in the sources but missing from the registries this test reads');
});

test('every registered code has exactly one anchor, on a table row with its description', () => {
  for (const code of REGISTERED) {
    const id = code.toLowerCase();
    assert.equal(anchorIds.filter((a) => a === id).length, 1, `docs/diagnostics.md needs exactly one <a id="${id}"></a>`);
    const row = page.split('\n').find((line) => line.includes(`<a id="${id}"></a>`)) as string;
    const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    assert.equal(cells[0], `<a id="${id}"></a>${code}`, `the anchor of ${code} opens its own table row`);
    assert.match(cells[1], /^(error|warning|information|hint)$/, `${code} has a severity`);
    assert.ok(cells[2] && cells[2].length >= 20, `${code} has a description: ${row}`);
  }
});

test('the page anchors no code that is not registered', () => {
  assert.deepEqual(
    anchorIds.filter((id) => !REGISTERED.some((code) => code.toLowerCase() === id)),
    [],
  );
});

test("a diagnostic's documentation link names its code's anchor", () => {
  const document = TextDocument.create('file:///t.bimetal', 'bimetal', 1, 'recipe A {}');
  const lsp = toLspDiagnostic(document, { code: 'BM202', severity: 'error', message: 'm', range: { start: 0, end: 6 } }, 'file:///docs/diagnostics.md');
  const href = lsp.codeDescription?.href ?? '';
  assert.ok(anchorIds.includes(href.slice(href.indexOf('#') + 1)), href);
});
