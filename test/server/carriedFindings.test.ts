/**
 * The first push after an edit keeps the last scored findings of the declarations the edit left as
 * they were (server/src/carriedFindings.ts): moved with them, and never where scoring would not
 * put them. Each case scores one version, edits it, and compares what is carried with what
 * scoring the edited version finds.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { createScorer, type Scorer } from '../../pipeline/src/index';
import { ScoredFindings } from '../../server/src/carriedFindings';
import { DocumentModel } from '../../server/src/documentModel';
import { writeLinearModels } from '../pipeline/modelFixture';

let modelDir: string;
let scorer: Scorer;
before(() => {
  modelDir = mkdtempSync(path.join(tmpdir(), 'bimetal-carried-findings-'));
  writeLinearModels(modelDir);
  scorer = createScorer({ modelDir });
});
after(async () => {
  await scorer.dispose();
  rmSync(modelDir, { recursive: true, force: true });
});

/** 40 ligands on 13 atoms are more than the surface binds: a BM413 finding on the `ligands` clause. */
const crowded = (name: string, ligand = 'PET') => `recipe ${name} {\n  host     Au 12\n  dopant   Ag 1\n  ligands  ${ligand} x 40\n}\n`;
const LIGAND = 'ligand nBuS = "CCCCS" binds S\n';

/** `edited`'s carried findings, and what scoring `edited` finds, as `code recipe-text-at-range`. */
async function carry(text: string, edited: string): Promise<{ carried: string[]; scored: string[] }> {
  const model = new DocumentModel({ maxFamilySize: () => 100_000, scorer: async () => scorer });
  const uri = 'file:///t/carried.bimetal';
  const first = TextDocument.create(uri, 'bimetal', 1, text);
  const analysed = await model.analyse(first);
  const findings = ScoredFindings.of(analysed, (await model.score(first)).diagnostics);
  const second = TextDocument.create(uri, 'bimetal', 2, edited);
  const current = await model.analyse(second);
  const scoredOnly = ScoredFindings.of(current, (await model.score(second)).diagnostics).carriedTo(current);
  const shown = (list: readonly BimetalDiagnostic[]) => list.filter((d) => d.code === 'BM413').map((d) => `${d.code} ${JSON.stringify(edited.slice(d.range.start, d.range.end))} @${d.range.start}`);
  return { carried: shown(findings.carriedTo(current)), scored: shown(scoredOnly) };
}

test('an edit in a comment moves every finding with its recipe, to where scoring puts it', async () => {
  const text = `# screening\n${crowded('A')}\n${crowded('B')}`;
  const { carried, scored } = await carry(text, text.replace('# screening', '# screening\n# of crowded shells'));
  assert.equal(carried.length, 2);
  assert.deepEqual(carried, scored);
});

test("an edited recipe's findings are not carried; the others' are", async () => {
  const text = `${crowded('A')}\n${crowded('B')}\n${crowded('C')}`;
  const { carried, scored } = await carry(text, text.replace('recipe B {\n  host     Au 12', 'recipe B {\n  host     Au 12 '));
  assert.equal(scored.length, 3);
  assert.deepEqual(carried, [scored[0], scored[2]]);
});

test('a copy of a recipe pasted before it: the findings go to the first, the block that is scored', async () => {
  const text = `${crowded('A')}\n${crowded('B')}`;
  const { carried, scored } = await carry(text, `${crowded('A')}\n${crowded('B')}\n${crowded('B')}`);
  assert.equal(scored.length, 2, 'the second B repeats a name (BM215) and is not scored');
  assert.deepEqual(carried, scored);
});

test('a recipe that has an error now (its name taken above it) keeps no findings', async () => {
  const text = `${crowded('A')}\n${crowded('B')}`;
  const edited = text.replace('recipe A', 'recipe B');
  const { carried, scored } = await carry(text, edited);
  // Only the renamed first block is scored; the unchanged second one repeats its name (BM215).
  assert.equal(scored.length, 1);
  assert.ok(Number(scored[0].split('@')[1]) < edited.indexOf('recipe B', 1), scored[0]);
  assert.deepEqual(carried, []);
});

test('a ligand declaration edited, or moved to another line, carries nothing: any recipe may use it', async () => {
  const text = `${LIGAND}\n${crowded('A', 'nBuS')}\n${crowded('B')}`;
  const edited = await carry(text, text.replace('CCCCS', 'CCCCCS'));
  assert.equal(edited.scored.length, 2);
  assert.deepEqual(edited.carried, []);
  const moved = await carry(text, `# ligands\n${text}`);
  assert.deepEqual(moved.carried, []);
  const below = await carry(text, text.replace(crowded('B'), crowded('B').replace('host', ' host')));
  assert.deepEqual(below.carried, [below.scored[0]], 'an edit below the declaration keeps the findings above it');
});
