import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { threadTime, topFunctions, type CallFrame } from '../../bench/cpuProfile';

/** A profile of three functions sampled at known times: `a` from 0 to 30 µs, `b` from 30 to 40, `a` again from 40 to 100, `(idle)` after. */
function writeProfile(dir: string): string {
  const frame = (functionName: string): CallFrame => ({ functionName, url: 'file:///x.js', lineNumber: 0, columnNumber: 0 });
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('a') },
      { id: 2, callFrame: frame('b') },
      { id: 3, callFrame: frame('(idle)') },
    ],
    startTime: 1000,
    // Samples at 1000, 1030, 1040, 1100 (deltas from the previous one); each stands for the time until the next.
    samples: [1, 2, 1, 3, 3],
    timeDeltas: [0, 30, 10, 60, 50],
  };
  const file = path.join(dir, 'test.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

const byName = (frame: CallFrame) => frame.functionName;

test('topFunctions ranks functions by self time, each sample counting until the next', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-profile-test-'));
  try {
    const { top, totalUs } = topFunctions(writeProfile(dir), byName, 10);
    assert.deepEqual(
      top.map((f) => [f.name, f.amount]),
      [
        ['a', 90],
        ['(idle)', 50],
        ['b', 10],
      ],
    );
    assert.equal(totalUs, 150);
    assert.equal(top[0].share, 90 / 150);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('topFunctions over a window counts only the samples taken inside it, and keeps the count asked for', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-profile-test-'));
  try {
    // From 1030 to 1100: the samples at 1030 (b, 10 µs) and 1040 (a, 60 µs).
    const { top, totalUs } = topFunctions(writeProfile(dir), byName, 1, [1030, 1100]);
    assert.deepEqual(
      top.map((f) => [f.name, f.amount]),
      [['a', 60]],
    );
    assert.equal(totalUs, 70);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('threadTime splits the time of a thread into running and waiting for work, over a window too', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bimetal-profile-test-'));
  try {
    const file = writeProfile(dir);
    assert.deepEqual(threadTime(file), { busyUs: 100, idleUs: 50 });
    // From 1040 on: a (60 µs) and the idle samples at 1100 (50 µs) and 1150 (none after it).
    assert.deepEqual(threadTime(file, [1040, 2000]), { busyUs: 60, idleUs: 50 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
