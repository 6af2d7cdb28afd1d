/** The engine's bounded caches: a value is made once while kept, and the oldest is forgotten beyond the capacity. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from '../../engine/src/boundedCache';

test('getOrAdd makes a value from its key on the first ask, keeps it, and makes it again once it was forgotten', () => {
  const cache = new BoundedCache<string, { key: string }>(2);
  const made: string[] = [];
  // One function for every key, as hot callers pass it: the key is its only input.
  const make = (key: string) => {
    made.push(key);
    return { key };
  };
  const a = cache.getOrAdd('a', make);
  assert.deepEqual(a, { key: 'a' });
  assert.equal(cache.getOrAdd('a', make), a, 'the kept object, not a new one');
  cache.getOrAdd('b', make);
  cache.getOrAdd('c', make); // over the capacity: 'a', the oldest, is forgotten
  assert.equal(cache.get('a'), undefined);
  assert.notEqual(cache.getOrAdd('a', make), a);
  assert.deepEqual(made, ['a', 'b', 'c', 'a']);
});
