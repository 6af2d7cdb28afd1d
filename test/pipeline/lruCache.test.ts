import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from '../../pipeline/src/lruCache';

/** The keys of `keys` that `cache` still holds (reading them counts as a use). */
function held(cache: LruCache<number, string>, keys: readonly number[]): number[] {
  return keys.filter((k) => cache.get(k) !== undefined);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test('a full cache forgets the least recently used eighth of its entries, and a read counts as a use', () => {
  const cache = new LruCache<number, string>(16);
  for (const k of range(0, 16)) cache.set(k, `v${k}`);
  // Read the first eight again: now 8…15 were used longest ago.
  for (const k of range(0, 8)) assert.equal(cache.get(k), `v${k}`);
  cache.set(16, 'v16');
  // Two of sixteen go (the eighth): 8 and 9, the least recently used; everything else stays.
  assert.deepEqual(held(cache, range(0, 17)), [...range(0, 8), ...range(10, 17)]);
});

test('the cache never holds more than its capacity, however many keys pass through it', () => {
  const cache = new LruCache<number, string>(10);
  for (const k of range(0, 1000)) cache.set(k, `v${k}`);
  const kept = held(cache, range(0, 1000));
  assert.ok(kept.length <= 10 && kept.length >= 9, `${kept.length} entries held`);
  // The most recent keys are the ones kept.
  assert.deepEqual(kept, range(1000 - kept.length, 1000));
});

test('setting a held key replaces its value and counts as a use, without forgetting anything', () => {
  const cache = new LruCache<number, string>(4);
  for (const k of range(0, 4)) cache.set(k, `v${k}`);
  cache.set(0, 'new');
  assert.deepEqual(held(cache, range(0, 4)), range(0, 4));
  assert.equal(cache.get(0), 'new');
  // Full now: the next new key forgets the least recently used, which is no longer 0.
  cache.set(1, 'v1');
  cache.set(4, 'v4');
  assert.equal(cache.get(0), 'new');
});

test('a pass over as many keys as the capacity, again and again, always hits (an editor re-scoring a large family)', () => {
  const cache = new LruCache<number, string>(1000);
  for (const k of range(0, 1000)) cache.set(k, `v${k}`);
  for (let pass = 0; pass < 3; pass++) for (const k of range(0, 1000)) assert.equal(cache.get(k), `v${k}`);
});

test('weighed entries: the capacity bounds their weight, the least recently used go first, and the newest stays whatever it weighs', () => {
  const cache = new LruCache<string, number[]>(10, (members) => members.length);
  const sized = (n: number) => new Array<number>(n).fill(0);
  cache.set('a', sized(6));
  cache.set('b', sized(3));
  cache.get('a');
  // 6 + 3 + 4 > 10: b, used longest ago, makes the room.
  cache.set('c', sized(4));
  assert.deepEqual(['a', 'b', 'c'].filter((k) => cache.get(k) !== undefined), ['a', 'c']);
  // Heavier than the whole capacity: everything else goes, and it is kept.
  cache.set('d', sized(25));
  assert.deepEqual(['a', 'c', 'd'].filter((k) => cache.get(k) !== undefined), ['d']);
  // A new value for a held key changes the weight it holds: 'd' now weighs 2, so 'e' (8) fits beside it.
  cache.set('d', sized(2));
  cache.set('e', sized(8));
  assert.deepEqual(['d', 'e'].filter((k) => cache.get(k) !== undefined), ['d', 'e']);
});
