/**
 * Time slices: a long loop over members yields once a slice is used up, and the yield lets the
 * language server handle a message read meanwhile before the loop goes on. vscode-jsonrpc handles
 * a message it has read in a `setImmediate` callback, which these tests stand in for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeSlices } from '../../report/src/timeSlices';

/** Waits, busy, until the slice is used up (a slice is 10 ms of the loop's own time). */
function useUp(slices: TimeSlices): void {
  while (!slices.due);
}

test('after a used-up slice, a message handled with setImmediate runs before the loop goes on', async () => {
  const slices = new TimeSlices();
  useUp(slices);
  const order: string[] = [];
  const resumed = slices.next().then(() => order.push('loop'));
  // As a message read while the loop yields: its handling is queued behind the yield's own callback.
  setImmediate(() => order.push('message'));
  await resumed;
  assert.deepEqual(order, ['message', 'loop']);
  assert.equal(slices.due, false, 'a new slice starts');
});

test('a slice that is not used up does not yield', async () => {
  const slices = new TimeSlices();
  const order: string[] = [];
  setImmediate(() => order.push('message'));
  await slices.next();
  order.push('loop');
  assert.deepEqual(order, ['loop']);
});

test('a run aborted while it yields throws when it resumes', async () => {
  const controller = new AbortController();
  const slices = new TimeSlices(controller.signal);
  useUp(slices);
  const resumed = slices.next();
  controller.abort();
  await assert.rejects(resumed, { name: 'AbortError' });
});

test('without setImmediate (a browser Web Worker) a used-up slice still yields, through a timer', async () => {
  const slices = new TimeSlices();
  useUp(slices);
  const saved = globalThis.setImmediate;
  const order: string[] = [];
  try {
    (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
    const resumed = slices.next().then(() => order.push('loop'));
    queueMicrotask(() => order.push('microtask'));
    await resumed;
  } finally {
    globalThis.setImmediate = saved;
  }
  assert.deepEqual(order, ['microtask', 'loop']);
});
