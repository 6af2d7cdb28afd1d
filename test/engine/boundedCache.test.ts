/** The engine's bounded caches: a value is made once while kept, and the oldest is forgotten beyond the capacity. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from '../../engine/src/boundedCache';

test('getOrAdd makes a value on the first ask, keeps it, and makes it again once it was forgotten', () => {
  const cache = new BoundedCache<string, { key: string }>(2);
  const made: string[] = [];
  const make = (key: string) => () => {
    made.push(key);
    return { key };
  };
  const a = cache.getOrAdd('a', make('a'));
  assert.equal(cache.getOrAdd('a', make('a')), a, 'the kept object, not a new one');
  cache.getOrAdd('b', make('b'));
  cache.getOrAdd('c', make('c')); // over the capacity: 'a', the oldest, is forgotten
  assert.equal(cache.get('a'), undefined);
  assert.notEqual(cache.getOrAdd('a', make('a')), a);
  assert.deepEqual(made, ['a', 'b', 'c', 'a']);
});
