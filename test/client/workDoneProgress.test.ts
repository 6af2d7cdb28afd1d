import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkDoneProgressSteps } from '../../client/src/workDoneProgress';

test('absolute LSP percentages become increments that add up to 100', () => {
  const steps = new WorkDoneProgressSteps();
  const reported = [
    steps.step({ kind: 'begin', title: 'Scoring', percentage: 0 }),
    steps.step({ kind: 'report', message: 'a.bimetal (1/4)', percentage: 25 }),
    steps.step({ kind: 'report', message: 'c.bimetal (3/4)', percentage: 75 }),
    steps.step({ kind: 'end' }),
  ];
  assert.deepEqual(reported, [
    { message: undefined },
    { message: 'a.bimetal (1/4)', increment: 25 },
    { message: 'c.bimetal (3/4)', increment: 50 },
    { message: undefined, increment: 25 },
  ]);
});

test('repeated or falling percentages never move the bar backwards; messages still pass through', () => {
  const steps = new WorkDoneProgressSteps();
  steps.step({ kind: 'report', percentage: 60 });
  assert.deepEqual(steps.step({ kind: 'report', message: 'recounting', percentage: 40 }), { message: 'recounting' });
  assert.deepEqual(steps.step({ kind: 'report', percentage: 150 }), { message: undefined, increment: 40 });
  assert.deepEqual(steps.step({ kind: 'end' }), { message: undefined });
});
