/**
 * Every diagnostic links `docs/diagnostics.md#bmNNN` (codeDescription.href): each code any part
 * of Bimetal can emit must have exactly one anchor there, on a table row that describes it, and
 * the page must not document codes nobody emits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CODES } from '../../grammar/src/codes';
import { MODEL_CODES } from '../../engine/src/inference/diagnostics';
import { CHEMISTRY_CODES } from '../../engine/src/ligands';
import { FINDING_CODES } from '../../pipeline/src/findings';
import { CALIBRATION_CODES } from '../../report/src/calibrationCodes';
import { createScorer } from '../../pipeline/src/index';
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

/** The severity a code's row on the page states. */
function documentedSeverity(code: string): string {
  const row = page.split('\n').find((line) => line.includes(`<a id="${code.toLowerCase()}"></a>`)) as string;
  return row.split(/(?<!\\)\|/)[2].trim();
}

/** An icosahedron of 13 atoms (2.8 Å from its centre), `elements` in file order, and `extra` atom lines after them. */
function icosahedronXyz(elements: readonly string[], scale = 1, extra: readonly string[] = []): string {
  const phi = (1 + Math.sqrt(5)) / 2;
  const s = (2.8 / Math.sqrt(1 + phi * phi)) * scale;
  const vertices = [[0, 0, 0]];
  for (const a of [-1, 1]) for (const b of [-1, 1]) vertices.push([0, a, b * phi], [a, b * phi, 0], [b * phi, 0, a]);
  const lines = vertices.map((v, i) => `${elements[i]} ${v.map((x) => (x * s).toFixed(4)).join(' ')}`);
  return `${lines.length + extra.length}\ncore\n${[...lines, ...extra].join('\n')}\n`;
}

test('the pipeline codes fire with the severity their row states, ranged on the text the row names', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-catalogue-'));
  try {
    const au12pt = ['Pt', ...Array(12).fill('Au')];
    writeFileSync(path.join(dir, 'au12pt.xyz'), icosahedronXyz(au12pt));
    writeFileSync(path.join(dir, 'au13.xyz'), icosahedronXyz(Array(13).fill('Au')));
    writeFileSync(path.join(dir, 'bohr.xyz'), icosahedronXyz(au12pt, 1.8897));
    writeFileSync(path.join(dir, 'frames.xyz'), icosahedronXyz(au12pt).repeat(2));
    writeFileSync(path.join(dir, 'stray.xyz'), icosahedronXyz([...au12pt, 'Au'], 1, ['Au 30 0 0']));
    writeFileSync(path.join(dir, 'bad.xyz'), 'hello\n');
    const recipe = (body: string, host = 'Au 12', dopant = 'Pt 1') => `recipe R {\n  host ${host}\n  dopant ${dopant}\n${body}\n}\n`;
    // [code, a smallest document that has it, the text its range covers]
    const cases: [string, string, string][] = [
      ['BM301', 'ligand L = "C1CC"\n', '"C1CC"'],
      ['BM302', 'ligand L = ""\n', '""'],
      ['BM303', 'ligand L = "SCC" binds P\n', 'P'],
      ['BM304', `ligand L = "CCCC"\n${recipe('  ligands L x 2')}`, '"CCCC"'],
      ['BM305', 'ligand L = "SCC" binds Xq\n', 'Xq'],
      ['BM307', `ligand L = "C1CC"\n${recipe('  ligands L x 2')}`, 'L x 2'],
      ['BM308', `ligand L = "S${'C'.repeat(600)}"\n`, 'C'],
      ['BM310', recipe('  structure "bad.xyz"'), '"bad.xyz"'],
      ['BM311', recipe('  structure "au12pt.xyz"', 'Au 18'), '"au12pt.xyz"'],
      ['BM312', recipe('  structure "au12pt.xyz"', 'Au 12', 'Pd 1'), '"au12pt.xyz"'],
      ['BM313', recipe('  structure "au13.xyz"'), '"au13.xyz"'],
      ['BM314', recipe('  structure "au12pt.xyz"\n  site core'), 'site core'],
      ['BM315', recipe('  structure "au13.xyz"\n  site core'), '"au13.xyz"'],
      ['BM316', recipe('  structure "bohr.xyz"'), '"bohr.xyz"'],
      ['BM317', recipe('  structure "frames.xyz"'), '"frames.xyz"'],
      ['BM318', recipe('  structure "stray.xyz"', 'Au 13'), '"stray.xyz"'],
      ['BM404', recipe('', 'Mn 4', 'Au 2'), 'R'],
      ['BM405', recipe('  ligands PET x 8'), 'R'],
      ['BM406', `ligand L = "CCCC"\n${recipe('  ligands L x 2')}`, 'R'],
      ['BM410', recipe('  support zeolite MFI\n  distance 4.9 Å', 'Cu 1', 'Ir 1'), 'R'],
      ['BM411', recipe('', 'Au 12', 'Ru 1'), 'Ru'],
      ['BM412', recipe('  energy -9 eV'), 'energy -9 eV'],
      ['BM413', recipe('  ligands PET x 199'), 'PET x 199'],
    ];
    const scorer = createScorer({ coverage: 0.9, batch: true });
    for (const [code, text, covered] of cases) {
      const { diagnostics } = await scorer.scoreText(text, { file: path.join(dir, 'catalogue.bimetal'), baseDir: dir });
      const found = diagnostics.find((d) => d.code === code);
      assert.ok(found, `${code} fires for ${JSON.stringify(text)}: ${diagnostics.map((d) => d.code).join(', ')}`);
      assert.equal(found.severity, documentedSeverity(code), code);
      assert.equal(text.slice(found.range.start, found.range.end), covered, code);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
