/**
 * A site prediction outside the site model's applicability domain is flagged in every view, as an
 * E_form outside its model's is: the record's `site.inDomain` (decided with the site prediction,
 * the verdict its BM404 states), the CSV's `site.inDomain` column beside the other site columns,
 * the `!` after ΔE_site in the command line's table with its legend, and the results panel's site
 * cell. Here the E_form model knows every element and the site model only Au and Ag, so the Pd
 * recipe's site alone is an extrapolation.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordsToTable } from '../../cli/src/formats/table';
import { COLUMNS } from '../../client/src/results/columns';
import { rowCells } from '../../client/src/results/tableModel';
import type { ScoreRecord } from '../../engine/src/scoreRecord';
import { createScorer, type ScoredMember, type Scorer } from '../../pipeline/src/index';
import { recordsToCsv } from '../../report/src/csv';
import { writeLinearModels } from '../pipeline/modelFixture';

const TEXT = `recipe Inside {
  host     Au 12
  dopant   Ag 1
  topology icosahedron
}
recipe Outside {
  host     Au 12
  dopant   Pd 1
  topology icosahedron
}
`;

let dir: string;
let scorer: Scorer;
let inside: ScoredMember;
let outside: ScoredMember;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bimetal-site-domain-'));
  writeLinearModels(dir, { siteDomain: { elements: ['Au', 'Ag'] } });
  scorer = createScorer({ modelDir: dir });
  [inside, outside] = (await scorer.scoreText(TEXT, { file: 'site.bimetal' })).members;
});

after(async () => {
  await scorer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test("the record's site.inDomain is the site model's verdict, the one its BM404 states", () => {
  assert.equal(outside.record.prediction!.inDomain, true, 'E_form is inside its domain');
  assert.equal(outside.record.site!.inDomain, false);
  assert.ok(outside.diagnostics.some((d) => d.code === 'BM404' && d.message.includes('site-v2')), JSON.stringify(outside.diagnostics.map((d) => d.message)));
  assert.equal(inside.record.site!.inDomain, true);
  assert.ok(!inside.diagnostics.some((d) => d.code === 'BM404'));
  // JSON writes the field (LANGUAGE.md §5 lets a record carry more than it lists).
  assert.equal((JSON.parse(JSON.stringify(outside.record)) as ScoreRecord).site!.inDomain, false);
});

test('the CSV has a site.inDomain column beside the other site columns', () => {
  const [header, ...rows] = recordsToCsv([inside.record, outside.record]).trim().split('\n').map((line) => line.split(','));
  const column = header.indexOf('site.inDomain');
  assert.ok(column > 0, header.join(', '));
  assert.deepEqual(header.slice(column - 4, column + 1), ['site.deltaE (eV)', 'site.lower (eV)', 'site.upper (eV)', 'site.preferred', 'site.inDomain']);
  assert.deepEqual(rows.map((row) => row[column]), ['true', 'false']);
});

test("the table marks ΔE_site outside the site model's domain with `!`, and its legend says what `!` means", () => {
  const table = recordsToTable([inside.record, outside.record], { showFile: false, coverage: 0.9 });
  const row = (name: string) => table.split('\n').find((line) => line.startsWith(`│ ${name} `))!.split('│').map((cell) => cell.trim());
  const head = table.split('\n').find((line) => line.startsWith('│ recipe '))!.split('│').map((cell) => cell.trim());
  const site = head.findIndex((cell) => cell.startsWith('ΔE_site'));
  const eForm = head.findIndex((cell) => cell.startsWith('E_form'));
  assert.match(row('Outside')[site], /^-?\d+\.\d\d \[-?\d+\.\d\d, -?\d+\.\d\d\] (core|surface|undetermined) !$/, table);
  assert.doesNotMatch(row('Inside')[site], /!/);
  assert.doesNotMatch(row('Outside')[eForm], /!/, 'E_form is inside its own domain');
  assert.match(table, /\n! outside the model's applicability domain/);
  assert.doesNotMatch(recordsToTable([inside.record], { showFile: false, coverage: 0.9 }), /\n! /, 'no legend line without a mark');
});

test("the results panel's site cell carries the mark and the out-of-domain flag", () => {
  const cell = (r: ScoreRecord) => rowCells(r)[COLUMNS.findIndex((c) => c.id === 'site')];
  const flagged = cell(outside.record);
  assert.match(flagged.text, /^(core|surface|undetermined) !$/);
  assert.deepEqual(flagged.flags, ['outOfDomain']);
  assert.match(flagged.title, /outside the model’s applicability domain/);
  assert.equal(cell(inside.record).text, inside.record.site!.preferred);
  assert.deepEqual(cell(inside.record).flags, []);
  // No call is no claim that the dopant has no choice of site: a majority dopant's stated site is still priced (swapped roles).
  const uncalled = cell({ ...inside.record, site: null });
  assert.equal(uncalled.text, '—');
  assert.match(uncalled.title, /^not predicted: a majority dopant, a core without an interior site, or no site model/);
});
