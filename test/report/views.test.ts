/**
 * Every quantity of the report registry shows in every view: the record (JSON), the hover, the
 * CSV, the command line's table (when marked for it), `--explain` (the descriptors), the results panel's columns with the
 * registry's definition as tooltip, and docs/descriptors.md. A quantity added to the registry
 * but missing from a view fails here, naming the view. The verdicts the views show are the
 * record's (the reference against the interval, φ without an environment).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordsToTable } from '../../cli/src/formats/table';
import { COLUMNS } from '../../client/src/results/columns';
import { createScorer, type ScoredMember, type Scorer } from '../../pipeline/src/index';
import { recordsToCsv } from '../../report/src/csv';
import { DESCRIPTOR_KEYS, QUANTITIES, QUANTITY_LIST, labelWithUnit } from '../../report/src/quantities';
import { num } from '../../report/src/numbers';
import { record } from '../helpers/scoreRecord';
import { explainDescriptors } from '../../engine/src/descriptors/explain';
import { memberMarkdown } from '../../server/src/hover';
import { writeLinearModels } from '../pipeline/modelFixture';
import { escapeRegExp } from '../helpers/regExp';
import { repoRoot } from '../helpers/runTypeScript';

const TEXT = `recipe Labelled {
  host     Au 12
  dopant   Ag 1
  topology icosahedron
  site     core
  ligands  PET x 18
  energy   -9 eV
  siteEnergy -0.3 eV
}
recipe Bare {
  host     Au 12
  dopant   Ag 1
  topology icosahedron
}
`;

let dir: string;
let scorer: Scorer;
let labelled: ScoredMember;
let bare: ScoredMember;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bimetal-views-'));
  writeLinearModels(dir);
  scorer = createScorer({ modelDir: dir });
  const scored = await scorer.scoreText(TEXT, { file: 'views.bimetal' });
  [labelled, bare] = scored.members;
});

after(async () => {
  await scorer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function at(record: object, field: string): unknown {
  return field.split('.').reduce<unknown>((value, key) => (value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[key]), record);
}

test('the record carries every quantity of the registry, and each verdict field', () => {
  for (const q of QUANTITY_LIST) {
    assert.notEqual(at(labelled.record, q.field), undefined, `record field ${q.field} (${q.symbol})`);
    for (const verdict of q.verdictFields ?? []) assert.notEqual(at(labelled.record, verdict), undefined, `verdict field ${verdict} (${q.symbol})`);
  }
});

test('the hover shows every quantity with its own value, rounded as the registry says, beside its symbol', () => {
  const card = memberMarkdown(labelled);
  for (const q of QUANTITY_LIST) {
    const shown: [string, number][] = q.kind === 'perLigand' ? Object.entries(q.values(labelled.record)).map(([ligand, v]) => [`${q.symbol}(${ligand})`, v]) : [[q.symbol, q.value(labelled.record) as number]];
    assert.ok(shown.length > 0 && shown.every(([, v]) => typeof v === 'number'), `the labelled recipe has a value of ${q.symbol}`);
    // A symbol alone may occur in another line (D, ratio); with its value, rounded to its decimals, it is that quantity's line or row.
    // The value stands as a number of its own: 1 is not found inside 12, nor 0.9 inside 0.93.
    for (const [symbol, value] of shown) assert.match(card, new RegExp(`${escapeRegExp(symbol)}[^\n]{0,40}?(?<![\\d.])${escapeRegExp(num(value, q.decimals))}(?!\\d)`), `hover lacks ${symbol} ${num(value, q.decimals)}:\n${card}`);
  }
});

test('--explain explains every descriptor of the registry, under its symbol', () => {
  const text = explainDescriptors(labelled.descriptors!);
  const descriptorKeys: readonly string[] = [...DESCRIPTOR_KEYS, 'nMetal', 'ratio'];
  for (const q of QUANTITY_LIST.filter((x) => descriptorKeys.includes(x.key))) {
    assert.match(text, new RegExp(`^  ${escapeRegExp(q.symbol)} = `, 'm'), `--explain lacks ${q.symbol}:\n${text}`);
  }
  assert.match(text, /^ {2}logP \(mean\) = /m);
});

test('the CSV has a column for every quantity, its unit in the header', () => {
  const header = recordsToCsv([labelled.record]).split('\n')[0].split(',');
  for (const q of QUANTITY_LIST) {
    const column = q.kind === 'perLigand' ? `${q.field}.PET` : labelWithUnit({ symbol: q.field, unit: q.unit });
    assert.ok(header.includes(column), `CSV lacks ${column}: ${header.join(', ')}`);
    for (const verdict of q.verdictFields ?? []) assert.ok(header.includes(verdict), `CSV lacks ${verdict}`);
  }
  for (const column of ['topology', 'dopantSite', 'reference (eV/atom)', 'residual (eV/atom)', 'site.reference (eV)', 'site.residual (eV)', 'prediction.eForm (eV/atom)', 'descriptors.hMix (kJ/mol)']) {
    assert.ok(header.includes(column), `CSV lacks ${column}`);
  }
});

test("a siteEnergy label and its residual: in the record, the CSV and the hover, as E_form's reference is", () => {
  const site = labelled.record.site!;
  assert.equal(site.reference, -0.3);
  assert.equal(site.residual, Number((-0.3 - site.deltaE).toPrecision(6)));
  const [header, row] = recordsToCsv([labelled.record]).trim().split('\n').map((line) => line.split(','));
  assert.equal(Number(row[header.indexOf('site.reference (eV)')]), site.reference);
  assert.equal(Number(row[header.indexOf('site.residual (eV)')]), site.residual);
  const card = memberMarkdown(labelled);
  assert.match(card, /ΔE_ref −0\.30 eV \(the recipe's `siteEnergy`\): ΔE_site residual \*\*[+−]?\d+\.\d\d eV\*\*/);
});

test("the command line's table shows every quantity marked for it", () => {
  const table = recordsToTable([labelled.record], { showFile: false, coverage: 0.9 });
  const marked = QUANTITY_LIST.filter((q) => q.inTable);
  assert.ok(marked.length >= 8, 'the table shows the screening quantities');
  for (const q of marked) assert.ok(table.includes(labelWithUnit(q)), `table lacks ${labelWithUnit(q)}:\n${table}`);
});

test("the results panel has a column for every quantity, with the registry's definition as its tooltip", () => {
  for (const q of QUANTITY_LIST) {
    const column = COLUMNS.find((c) => c.header === q.symbol);
    assert.ok(column, `no results column for ${q.symbol}`);
    assert.ok(column.definition.includes(q.definition.slice(1)), `the ${q.symbol} tooltip is not the registry's definition: ${column.definition}`);
    assert.equal(column.unit ?? '', q.unit, `${q.symbol} unit`);
  }
  // The definition states D's fallbacks, and so does its tooltip.
  assert.match(COLUMNS.find((c) => c.id === 'distance')!.definition, /structure file, else of the template core; with no geometry, 2 × the count-weighted mean metallic radius/);
});

test('docs/descriptors.md lists every quantity', () => {
  const page = readFileSync(path.join(repoRoot, 'docs', 'descriptors.md'), 'utf8');
  for (const q of QUANTITY_LIST) assert.ok(page.includes(`| ${q.symbol} | ${q.definition.replace(/\|/g, '\\|')} |`), `docs/descriptors.md lacks ${q.symbol}`);
});

test('one rounding per quantity: χ_env reads with the same decimals in the hover, the table and the panel', () => {
  const chi = labelled.record.descriptors!.chiEnv as number;
  const card = memberMarkdown(labelled);
  const table = recordsToTable([labelled.record], { showFile: false, coverage: 0.9 });
  const q = QUANTITY_LIST.find((x) => x.key === 'chiEnv')!;
  const editor = chi.toFixed(q.decimals).replace('-', '−');
  assert.ok(card.includes(`| χ_env | ${editor} |`), card);
  assert.ok(table.includes(chi.toFixed(q.decimals)), table);
  assert.equal(COLUMNS.find((c) => c.id === 'chiEnv')!.text(labelled.record), editor);
});

test('a reference outside the interval: residual in every view, a BM412 warning, and the hover leads with the prediction', () => {
  const r = labelled.record;
  assert.equal(r.reference, -9);
  assert.equal(r.referenceInInterval, false);
  assert.equal(r.residual, Number((-9 - r.prediction!.eForm).toPrecision(6)));
  assert.ok(r.diagnostics.some((d) => d.code === 'BM412' && d.severity === 'warning'), JSON.stringify(r.diagnostics));
  const card = memberMarkdown(labelled);
  assert.match(card, /E_ref −9\.00 eV\/atom .*residual \*\*−\d+\.\d\d eV\/atom\*\*, ⚠ the reference lies outside the 90 % interval/);
  const order = ['E_form **', 'E_ref ', '⚠ 1 warning (BM412)', '- E_size', 'Site: ', 'φ **', '| χ_env |', '**Warnings**', '- ⚠ BM412: '];
  const positions = order.map((part) => card.indexOf(part));
  assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), `hover order ${positions.join(', ')}:\n${card}`);
  assert.match(recordsToTable([r], { showFile: false, coverage: 0.9 }), /−?-?\d+\.\d\d outside/);
  const [header, row] = recordsToCsv([r]).trim().split('\n').map((line) => line.split(','));
  assert.equal(row[header.indexOf('referenceInInterval')], 'false');
  assert.equal(Number(row[header.indexOf('reference (eV/atom)')]), -9);
});

test('a bare core has φ undefined: never called synthesizable, in any view', () => {
  const r = bare.record;
  assert.equal(r.descriptors!.phiVerdict, 'undefined');
  assert.equal(r.descriptors!.phi, 0, 'the record keeps the value the model reads');
  const card = memberMarkdown(bare);
  assert.match(card, /φ undefined without an environment/);
  assert.doesNotMatch(card, /synthesizable \(/);
  assert.equal(COLUMNS.find((c) => c.id === 'phi')!.text(r), 'n/a');
  assert.match(recordsToTable([r], { showFile: false, coverage: 0.9 }), /│ n\/a /);
  assert.ok(!bare.diagnostics.some((d) => d.code === 'BM410'));
  // A file of records says what JSON says: φ = 0 by the equations, and the verdict beside it says it means nothing.
  const [header, row] = recordsToCsv([r]).trim().split('\n').map((line) => line.split(','));
  const phi = header.indexOf('descriptors.phi');
  assert.equal(row[phi], '0');
  assert.equal(header[phi + 1], 'descriptors.phiVerdict');
  assert.equal(row[phi + 1], 'undefined');
});

test('the residual of a reference beside an interval unbounded both ways says the interval tests nothing, not that the reference lies inside it', () => {
  // Unbounded ends are infinite in a record made here (null once through JSON).
  const prediction = (lower: number, upper: number) => ({ eForm: -3.5, lower, upper, coverage: 0.9, model: 'eform-v2', inDomain: true, terms: [] });
  const unboundedBothWays = record('Unbounded', -3.5, { reference: -2.6, prediction: prediction(-Infinity, Infinity) });
  assert.equal(unboundedBothWays.referenceInInterval, true);
  assert.deepEqual(QUANTITIES.residual.verdict?.(unboundedBothWays), { text: 'the 90 % interval is unbounded, so it tests no reference', mark: '', warn: false });
  // Bounded on one side, it still tests the reference there.
  assert.equal(QUANTITIES.residual.verdict?.(record('Below', -3.5, { reference: -2.6, prediction: prediction(-Infinity, -3.2) }))?.mark, 'outside');
});
