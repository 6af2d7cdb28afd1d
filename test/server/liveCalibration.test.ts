/**
 * The editor's calibration reads the records of labelled members only, in its refit and in the
 * parity points of its report: with a 98,600-member family open, reading every member's record
 * built and kept 160 MB of records at each refit (`npm run bench -- server`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScorer } from '../../pipeline/src/index';
import { LiveCalibration } from '../../server/src/calibration/live';
import { hasLabel } from '../../pipeline/src/calibration/labels';
import { unreadRecord } from '../helpers/unreadRecord';

test('a refit and its parity points read the records of labelled members only', async () => {
  const scorer = createScorer({});
  try {
    const labels = await scorer.scoreText(
      ['Pt', 'Pd', 'Ag', 'Cu'].map((dopant, i) => `recipe L${dopant} {\n  host Au 12\n  dopant ${dopant} 1\n  topology icosahedron\n  energy ${-2.4 - i / 10} eV\n}\n`).join(''),
      { file: 'labels.bimetal' },
    );
    // Labels next to a family whose members carry none, in one document and in another.
    const family = await scorer.scoreText('recipe Sweep {\n  host Au 1..30\n  dopant [Pt, Pd] 1..3\n  energy -2.2 eV\n}\nrecipe Bare {\n  host Au 1..30\n  dopant Pt 1..2\n}\n', { file: 'family.bimetal' });
    let refitted: () => void = () => {};
    const refit = new Promise<void>((resolve) => (refitted = resolve));
    const live = new LiveCalibration({
      enabled: () => true,
      coverage: () => 0.9,
      baseHash: async () => 'test-models',
      closedFilesRead: async () => {},
      onChange: () => refitted(),
      delayMs: 0,
    });
    live.update('file:///labels.bimetal', 'labels.bimetal', labels.members);
    live.update('file:///family.bimetal', 'family.bimetal', family.members.map((m) => (hasLabel(m.spec) ? m : unreadRecord(m))));
    await refit;
    const report = live.report();
    assert.ok(report, 'four labels make a calibration');
    const labelled = [...labels.members, ...family.members].filter((m) => hasLabel(m.spec)).length;
    assert.equal(labelled, 4 + 30 * 2 * 3);
    assert.equal(report.points.length, labelled, 'one parity point per labelled member');
    live.dispose();
  } finally {
    await scorer.dispose();
  }
});
