/**
 * BM232 where only RDKit tells that two ligand uses are one molecule (`"CCS"` and `"SCC"`, a name
 * and its SMILES inline): the ligand stage reports it, as the grammar reports one name or SMILES
 * written twice, and the formula takes them for one term.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScorer } from '../../pipeline/src/index';

function recipe(name: string, ligands: string, host = 'Au 24', dopant = 'Pt 1'): string {
  return `recipe ${name} {\n  host    ${host}\n  dopant  ${dopant}\n  ligands ${ligands}\n}\n`;
}

async function repeated(text: string) {
  const doc = await createScorer({ modelDir: '/nonexistent-models' }).scoreText(text, { file: 'repeated.bimetal' });
  const at = (range: { start: number; end: number }) => text.slice(range.start, range.end);
  // In the order of the text: the grammar's come before the ligand stage's.
  const found = doc.diagnostics.filter((d) => d.code === 'BM232').sort((a, b) => a.range.start - b.range.start);
  return { doc, found, written: found.map((d) => at(d.range)), related: found.map((d) => d.related?.map((r) => `${r.message} @ ${at(r.range)}`)), at };
}

test('one molecule written two ways in one ligands list is BM232 on the second use, with the first as related information', async () => {
  const { doc, found, written, related } = await repeated(recipe('A', '"CCS" x 9, "SCC" x 9'));
  assert.deepEqual(written, ['"SCC" x 9']);
  assert.equal(found[0].severity, 'warning');
  assert.equal(found[0].message, `'SCC' is the molecule of 'CCS' (CCS to RDKit), so one ligand is listed twice in ligands; its counts add up, so write it once with the total`);
  assert.deepEqual(related, [[`first use of 'CCS' @ "CCS" x 9`]]);
  assert.equal(doc.records[0].formula, 'Au24Pt(CCS)18', 'as the formula takes them');
  assert.deepEqual(
    doc.records[0].diagnostics.filter((d) => d.code === 'BM232').map((d) => [d.line, d.column, d.message]),
    [[4, 22, found[0].message]],
    'the record carries it too',
  );
});

test('a name and its SMILES inline, and a declared name and another spelling of its SMILES, are one ligand too', async () => {
  const text = `ligand Thiol = "SCC"\n${recipe('A', 'PET x 9, "SCCc1ccccc1" x 9')}${recipe('B', '"CCS" x 9, Thiol x 9')}`;
  const { written, found } = await repeated(text);
  assert.deepEqual(written, ['"SCCc1ccccc1" x 9', 'Thiol x 9']);
  assert.match(found[0].message, /^'SCCc1ccccc1' is the molecule of 'PET' \(SCCc1ccccc1 to RDKit\)/);
});

test("the grammar's BM232 (one name or SMILES written twice) is not reported again, and other molecules are no repeat", async () => {
  const { found, written } = await repeated(recipe('A', '"CCS" x 6, "SCC" x 6, "SCC" x 6, PET x 2, PET x 2'));
  assert.deepEqual(written, ['"SCC" x 6', '"SCC"', 'PET'], 'the ligand stage on the first "SCC", the grammar on the second and on PET');
  assert.deepEqual(found.map((d) => d.message.includes('to RDKit')), [true, false, false]);
  // A declared ligand named CO (carbon monoxide) and the inline SMILES "CO" (methanol); a thiol and its thiolate.
  const apart = `ligand CO = "[C-]#[O+]" binds C\n${recipe('B', 'CO x 2, "CO" x 3, "CCS" x 2, "CC[S-]" x 2')}`;
  assert.deepEqual((await repeated(apart)).found, []);
});

test("a family's members share one BM232: the document reports it once, not once per member", async () => {
  const { written, found, doc } = await repeated(recipe('F', '"CCS" x [8, 9, 10], "SCC" x 9', 'Au [12, 24]', '[Pt, Pd] 1'));
  assert.equal(doc.records.length, 12);
  assert.deepEqual(written, ['"SCC" x 9']);
  assert.doesNotMatch(found[0].message, /members of F/, 'not summarised as a warning of many members');
  assert.ok(doc.records.every((r) => r.diagnostics.filter((d) => d.code === 'BM232').length === 1));
});
