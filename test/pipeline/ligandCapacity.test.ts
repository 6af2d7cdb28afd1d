import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScorer } from '../../pipeline/src/index';
import { ligandCapacity } from '../../pipeline/src/findings';
import { explainMember } from '../../pipeline/src/explain';
import { buildCalibration } from '../../pipeline/src/calibration/build';
import { collectLabels } from '../../pipeline/src/calibration/labels';
import { labelledRecords, RecordCalibrator } from '../../pipeline/src/calibration/apply';

const scorer = createScorer({ modelDir: '/nonexistent-models' });

async function overcrowded(text: string) {
  const doc = await scorer.scoreText(text, { file: 'shell.bimetal' });
  return { doc, warnings: doc.diagnostics.filter((d) => d.code === 'BM413') };
}

test('a 13-atom core holds at most 26 ligands: 27 is flagged on the ligands clause, 26 is not', async () => {
  const recipe = (n: number) => `recipe Shell {\n  host    Au 12\n  dopant  Pd 1\n  ligands PET x ${n}\n}\n`;
  const crowded = await overcrowded(recipe(27));
  assert.equal(crowded.warnings.length, 1);
  const { start, end } = crowded.warnings[0].range;
  assert.equal(recipe(27).slice(start, end), 'PET x 27');
  assert.match(crowded.warnings[0].message, /27 ligands on 13 metal atoms .* at most 26/);
  assert.equal((await overcrowded(recipe(26))).warnings.length, 0);
});

test('the issue\'s 199 PET on a 13-atom core is flagged; real ligand shells are not', async () => {
  assert.equal((await overcrowded('recipe X {\n  host Au 12\n  dopant Pd 1\n  ligands PET x 199\n}\n')).warnings.length, 1);
  // Au25(SR)18, Au144(SR)60, and the densest shell of the first paper's data, Au4Pd2(PET)8(PPh3)3.
  for (const text of [
    'recipe A {\n  host Au 24\n  dopant Pd 1\n  ligands PET x 18\n}\n',
    'recipe B {\n  host Au 143\n  dopant Pt 1\n  ligands PET x 60\n}\n',
    'recipe C {\n  host Au 4\n  dopant Pd 2\n  topology octahedron\n  site surface\n  ligands PET x 8, PPh3 x 3\n}\n',
  ]) {
    assert.deepEqual((await overcrowded(text)).warnings, [], text);
  }
});

test('surface atoms follow min(N, 4·N^(2/3)): all atoms of small cores, a shrinking share of large ones', () => {
  assert.deepEqual(ligandCapacity(6), { surfaceAtoms: 6, maxLigands: 12 });
  assert.equal(ligandCapacity(144).surfaceAtoms, 110);
  assert.ok(ligandCapacity(10_000).surfaceAtoms / 10_000 < 0.2);
});

test("beyond what the surface can bind, E_form's interval is unbounded at every coverage, and BM405 says why; at the bound it is the environment group's", async () => {
  const recipe = (n: number) => `recipe Shell {\n  host    Au 12\n  dopant  Pt 1\n  ligands PET x ${n}\n}\n`;
  // Below 85.7 % the six points of the environment group bound an interval (BM405 in docs/diagnostics.md).
  for (const coverage of [0.5, 0.8]) {
    const withModels = createScorer({ coverage });
    try {
      const crowded = (await withModels.scoreText(recipe(10_000), { file: 'shell.bimetal' })).members[0];
      const p = crowded.record.prediction!;
      // The environment term still counts each ligand (the point is shown, flagged), but no interval is claimed for it.
      assert.ok(p.eForm < -100, `${p.eForm}`);
      assert.equal(p.coverage, coverage);
      assert.equal(p.lower, -Infinity);
      assert.equal(p.upper, Infinity);
      const note = crowded.diagnostics.find((d) => d.code === 'BM405');
      assert.match(note?.message ?? '', /^eform-v2: 10,000 ligands on 13 metal atoms are more than the surface can bind \(BM413\), .* unbounded at every coverage/);
      // BM413 in the same words ('is more' and an ungrouped count before), and what the surface can bind.
      assert.equal(
        crowded.diagnostics.find((d) => d.code === 'BM413')?.message,
        '10,000 ligands on 13 metal atoms are more than the surface can bind: at most 26 (2 per surface atom, 13 surface atoms by min(N, 4·N^(2/3)))',
      );
      // --explain names the group the interval would come from, and BM405's reason why it does not.
      assert.match(explainMember(crowded, crowded.record).join('\n'), /interval: \[−∞, \+∞\] at \d+ % coverage, CV\+ on calibration group "environment-new"[^\n]*; BM405: 10,000 ligands on 13 metal atoms are more than the surface can bind/);
      const atBound = (await withModels.scoreText(recipe(26), { file: 'shell.bimetal' })).members[0].record.prediction!;
      assert.ok(Number.isFinite(atBound.lower) && Number.isFinite(atBound.upper), `26 PET at ${coverage}: [${atBound.lower}, ${atBound.upper}]`);
    } finally {
      await withModels.dispose();
    }
  }
});

test('a calibration on nearby labels calibrates the point of a recipe beyond what the surface can bind, not its interval', async () => {
  const withModels = createScorer({ coverage: 0.8 });
  try {
    const shell = (name: string, dopant: string, pet: number, energy?: number) =>
      `recipe ${name} {\n  host Au 12\n  dopant ${dopant} 1\n  ligands PET x ${pet}\n${energy === undefined ? '' : `  energy ${energy} eV\n`}}\n`;
    const labelsText = [shell('L1', 'Pt', 14, -3.68), shell('L2', 'Pt', 18, -3.88), shell('L3', 'Pt', 22, -4.1), shell('L4', 'Pt', 26, -4.32), shell('L5', 'Pd', 14, -3.72)].join('');
    const labelled = await withModels.scoreText(labelsText, { file: 'labels.bimetal' });
    const calibrator = new RecordCalibrator(buildCalibration(collectLabels([{ file: 'labels.bimetal', document: labelled }]).labels, 'sha256:test', 0.8)!);
    const probe = await withModels.scoreText(shell('Over', 'Pt', 30) + shell('AtBound', 'Pt', 26), { file: 'probe.bimetal' });
    const [over, atBound] = labelledRecords(probe.members, calibrator, 0.8);
    assert.ok(atBound.prediction!.calibration && Number.isFinite(atBound.prediction!.lower), 'within the bound the calibration bounds the interval');
    // Among the labels (weight 1) the calibration would give its own interval in full: ligand count is none of its features.
    assert.equal(over.prediction!.calibration?.weight, 1);
    assert.notEqual(over.prediction!.eForm, probe.members[0].record.prediction!.eForm, 'the point is calibrated');
    assert.equal(over.prediction!.lower, -Infinity);
    assert.equal(over.prediction!.upper, Infinity);
  } finally {
    await withModels.dispose();
  }
});
