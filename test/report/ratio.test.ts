/**
 * The dopant ratio reads as the correct rounding of dopant count / N_metal in every view. The
 * record kept it to four decimals and the views showed three of those, a second rounding: 4/21 =
 * 0.190476 was kept as 0.1905 and shown as 0.191 (4.4 % of a sweep's members showed a wrong third
 * decimal). The record now keeps six significant digits, as its other numbers, and the views round
 * the exact ratio of the record's counts, also where six digits would end in a 5 (836/1003).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordsToTable } from '../../cli/src/formats/table';
import { COLUMNS } from '../../client/src/results/columns';
import { createScorer, type ScoredMember, type Scorer } from '../../pipeline/src/index';
import { recordsToCsv } from '../../report/src/csv';
import { memberMarkdown } from '../../server/src/hover';
import { writeLinearModels } from '../pipeline/modelFixture';

const TEXT = `recipe Au17Pd4 {
  host   Au 17
  dopant Pd 4
}
recipe Au167Pd836 {
  host   Au 167
  dopant Pd 836
}
`;

let dir: string;
let scorer: Scorer;
let members: readonly ScoredMember[];

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bimetal-ratio-'));
  writeLinearModels(dir);
  scorer = createScorer({ modelDir: dir });
  members = (await scorer.scoreText(TEXT, { file: 'ratio.bimetal' })).members;
});

after(async () => {
  await scorer.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** [record's ratio, shown ratio] of each recipe: 4/21 = 0.1904762, 836/1003 = 0.8334995. */
const EXPECTED: readonly [number, string][] = [
  [0.190476, '0.190'],
  [0.8335, '0.833'],
];

test('JSON and CSV keep the ratio to six significant digits, as the record its other numbers', () => {
  assert.deepEqual(members.map((m) => (JSON.parse(JSON.stringify(m.record)) as { ratio: number }).ratio), EXPECTED.map(([kept]) => kept));
  const [header, ...rows] = recordsToCsv(members.map((m) => m.record)).trim().split('\n').map((line) => line.split(','));
  assert.deepEqual(rows.map((row) => row[header.indexOf('ratio')]), EXPECTED.map(([kept]) => String(kept)));
});

test('the table, the hover and the results panel show the correct rounding of the true ratio', () => {
  const table = recordsToTable(members.map((m) => m.record), { showFile: false, coverage: 0.9 });
  const head = table.split('\n').find((line) => line.startsWith('│ recipe '))!.split('│').map((cell) => cell.trim());
  const column = head.indexOf('ratio');
  const ratioColumn = COLUMNS.find((c) => c.id === 'ratio')!;
  members.forEach((m, i) => {
    const shown = EXPECTED[i][1];
    const row = table.split('\n').find((line) => line.startsWith(`│ ${m.record.recipe} `))!.split('│').map((cell) => cell.trim());
    assert.equal(row[column], shown, `table, ${m.record.recipe}`);
    assert.match(memberMarkdown(m), new RegExp(`\\| ratio \\| ${shown} \\|`), `hover, ${m.record.recipe}`);
    assert.equal(ratioColumn.text(m.record), shown, `panel, ${m.record.recipe}`);
  });
});
