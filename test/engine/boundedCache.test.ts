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

test('with a weight per value, the oldest entries go until the kept weight fits; the newest stays whatever it weighs', () => {
  const cache = new BoundedCache<string, number>(10, (size) => size);
  cache.set('a', 4);
  cache.set('b', 4);
  cache.set('c', 4); // 12 > 10: 'a' goes
  assert.deepEqual(['a', 'b', 'c'].map((k) => cache.get(k)), [undefined, 4, 4]);
  cache.set('b', 1); // replacing a value replaces its weight: 1 + 4 fits
  cache.set('d', 5);
  assert.deepEqual(['b', 'c', 'd'].map((k) => cache.get(k)), [1, 4, 5]);
  cache.set('huge', 50); // heavier than the capacity: everything older goes, it stays
  assert.deepEqual(['b', 'c', 'd', 'huge'].map((k) => cache.get(k)), [undefined, undefined, undefined, 50]);
});
