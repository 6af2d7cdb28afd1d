import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOverlapped } from '../../pipeline/src/overlappedChunks';

/** A promise the test settles by hand, standing for a model run on another thread. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('the next chunk is analysed while the model run of the previous one is still out', async () => {
  const events: string[] = [];
  const runs = [deferred<string>(), deferred<string>(), deferred<string>()];
  const done = runOverlapped(3, {
    analyse: async (i) => {
      events.push(`analyse ${i}`);
      return i;
    },
    predict: (i) => {
      events.push(`predict ${i}`);
      return runs[i].promise;
    },
    finish: async (i, predicted) => {
      events.push(`finish ${i} with ${predicted}`);
    },
  });
  await new Promise((resolve) => setImmediate(resolve));
  // Chunk 1 was analysed and its run started although chunk 0's run has not come back.
  assert.deepEqual(events, ['analyse 0', 'predict 0', 'analyse 1', 'predict 1']);
  runs[1].resolve('b');
  runs[0].resolve('a');
  runs[2].resolve('c');
  await done;
  assert.deepEqual(events, ['analyse 0', 'predict 0', 'analyse 1', 'predict 1', 'finish 0 with a', 'analyse 2', 'predict 2', 'finish 1 with b', 'finish 2 with c']);
});

test('a failed model run fails the whole run after the chunks before it have finished', async () => {
  const finished: number[] = [];
  await assert.rejects(
    runOverlapped(3, {
      analyse: async (i) => i,
      predict: async (i) => {
        if (i === 1) throw new Error('model run failed');
        return i;
      },
      finish: async (i) => {
        finished.push(i);
      },
    }),
    /model run failed/,
  );
  assert.deepEqual(finished, [0]);
});

test('an analysis that throws (an aborted run) leaves the started model run handled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await assert.rejects(
      runOverlapped(2, {
        analyse: async (i) => {
          if (i === 1) throw new Error('aborted');
          return i;
        },
        predict: async () => {
          throw new Error('model run failed');
        },
        finish: async () => undefined,
      }),
      /aborted/,
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('no chunks, no steps', async () => {
  let calls = 0;
  await runOverlapped(0, { analyse: async () => calls++, predict: async () => calls++, finish: async () => void calls++ });
  assert.equal(calls, 0);
});
