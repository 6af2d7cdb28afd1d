/**
 * One value per reported number, rounded one way: the hover, the inlay hint, the command line's
 * table and `--explain` round the record's six-significant-digit numbers, never the raw prediction
 * they were tidied from, and round their decimal digits half away from zero. The hover rounded the
 * raw prediction, and the table toFixed's binary value of the record's: raw −2.5450041 read −2.55
 * in the hover and −2.54 in the table (its record's −2.545 is the double −2.54499999…).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordsToTable } from '../../cli/src/formats/table';
import type { Prediction } from '../../engine/src/inference/runtime';
import { tidy } from '../../engine/src/significant';
import { createScorer, explainMember, type ScoredMember, type Scorer } from '../../pipeline/src/index';
import { fixedText } from '../../engine/src/numberText';
import { num } from '../../report/src/numbers';
import { memberMarkdown } from '../../server/src/hover';
import { FIXTURE_TERMS } from '../helpers/energyTerms';
import { writeLinearModels } from '../pipeline/modelFixture';

const TEXT = `recipe Shell {
  host     Au 12
  dopant   Ag 1
  topology icosahedron
  ligands  PET x 18
}
`;

let dir: string;
let scorer: Scorer;
let member: ScoredMember;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bimetal-one-rounding-'));
  writeLinearModels(dir, { terms: FIXTURE_TERMS });
  scorer = createScorer({ modelDir: dir });
  [member] = (await scorer.scoreText(TEXT, { file: 'rounding.bimetal' })).members;
});

after(async () => {
  await scorer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The scored member with a prediction whose raw numbers lie just below half-way at the shown
 * decimals, and the record the pipeline makes of it (tidied: six significant digits): E_form
 * −2.5449996 is −2.545 in the record, which views show as −2.55; its size term −2.54449996 is
 * −2.5445, which --explain shows as −2.545.
 */
function nearHalfWay(): ScoredMember {
  const raw: Prediction = { ...member.prediction!, point: -2.5449996, lower: -2.6449996, upper: -2.4449996 };
  raw.terms = raw.terms.map((t) => (t.key === 'size' ? { ...t, value: -2.54449996 } : t));
  const shipped = member.record.prediction!;
  const prediction = {
    ...shipped,
    eForm: tidy(raw.point),
    lower: tidy(raw.lower),
    upper: tidy(raw.upper),
    terms: shipped.terms.map((t) => ({ ...t, value: tidy(raw.terms.find((r) => r.key === t.key)!.value) })),
  };
  // The member as it is, but for these two (own properties: the member's record is a getter).
  return Object.create(member, { prediction: { value: raw }, record: { value: { ...member.record, prediction } } }) as ScoredMember;
}

test('the shared formatter rounds the decimal digits, half away from zero: −2.545 reads −2.55, 0.0375 reads 0.038', () => {
  assert.equal(fixedText(-2.545, 2), '-2.55');
  assert.equal(fixedText(2.545, 2), '2.55');
  assert.equal(fixedText(0.0375, 3), '0.038');
  assert.equal(fixedText(-2.5445, 3), '-2.545');
  assert.equal(num(-2.545), '−2.55');
});

test("the hover and the table show the record's E_form and interval, rounded alike", () => {
  const m = nearHalfWay();
  assert.equal(m.record.prediction!.eForm, -2.545);
  const card = memberMarkdown(m);
  assert.match(card, /E_form \*\*−2\.55 eV\/atom\*\*, 90 % interval −2\.65 … −2\.45 /, card);
  const table = recordsToTable([m.record], { showFile: false, coverage: 0.9 });
  assert.match(table, /│ -2\.55 \[-2\.65, -2\.45\] /, table);
});

test("the hover's and --explain's terms are the record's values", () => {
  const m = nearHalfWay();
  assert.match(memberMarkdown(m), /^- E_size −2\.54 eV\/atom from /m);
  assert.ok(explainMember(m, m.record).includes('        E_size = -2.545 eV/atom'), explainMember(m, m.record).join('\n'));
});
