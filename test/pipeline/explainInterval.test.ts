import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScorer } from '../../pipeline/src/index';
import { explainMember } from '../../pipeline/src/explain';

// --explain wrote an interval its own group left unbounded as "CV+ on calibration group "uncalibrated" (the rule
// for …, element-new-small); BM405: calibration group "uncalibrated" (the rule for …, element-new-small) holds no
// calibration points …": the group and its rule twice in one line, over 300 characters each for a shell
// composed with its bare core (Au11Gd(SCH3)8).
test("--explain names an unbounded interval's calibration group once, in BM405's words, and still names it where BM405 gives another cause", async () => {
  const scorer = createScorer({});
  try {
    const text = [
      'recipe bare { host Au 11 dopant Gd 1 }',
      'recipe shell { host Au 11 dopant Gd 1 ligands SCH3 x 8 }',
      'recipe crowded { host Au 12 dopant Pd 1 ligands PET x 10000 }',
    ].join('\n');
    const doc = await scorer.scoreText(text, { file: 'explain.bimetal' });
    const line = (recipe: string) => {
      const member = doc.members.find((m) => m.spec.recipe === recipe)!;
      return explainMember(member, member.record).find((l) => l.trimStart().startsWith('interval:'))!;
    };
    for (const recipe of ['bare', 'shell']) {
      const interval = line(recipe);
      assert.match(interval, /at 90 % coverage, CV\+; BM405: calibration group "(uncalibrated|environment-new)" .* unbounded at every coverage/, interval);
      assert.equal(interval.split('calibration group').length, 2, `the group is named once: ${interval}`);
    }
    // BM405's cause is the shell's size, not a short group: the line still says which group CV+ used.
    assert.match(line('crowded'), /CV\+ on calibration group "environment-new"[^\n]*; BM405: 10,000 ligands/);
  } finally {
    await scorer.dispose();
  }
});
