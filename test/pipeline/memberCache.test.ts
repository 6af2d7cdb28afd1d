import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { FamilyHead } from '../../grammar/src/families';
import { MemberCache } from '../../pipeline/src/memberCache';
import type { MemberAnalysis } from '../../pipeline/src/memberAnalysis';

function spec(name: string, dopantCount: number): RecipeSpec {
  return { name, recipe: 'F', host: { element: 'Au', count: 12 }, dopant: { element: 'Pt', count: dopantCount }, site: 'mixed', ligands: [], charge: 0 };
}

/** Walks `members` under `heads`, computing (as a fresh object named after the member) what the cache does not hold. */
function score(cache: MemberCache, heads: FamilyHead[], members: RecipeSpec[], stamp = '', cacheable = true): { analyses: MemberAnalysis[]; computed: string[] } {
  const walk = cache.walk(heads);
  const computed: string[] = [];
  const analyses = members.map((m) => {
    const kept = walk.next(m, stamp, cacheable);
    if (kept) return kept;
    computed.push(m.name);
    const analysis = { member: m.name } as unknown as MemberAnalysis;
    walk.keep(analysis);
    return analysis;
  });
  return { analyses, computed };
}

const family = (key: string | undefined, members: RecipeSpec[]): FamilyHead => ({ first: members[0], size: members.length, contentKey: key });

test('a family seen before is found by its content key, its members by position, without reading their specs', () => {
  const cache = new MemberCache(100);
  const members = [spec('F[1]', 1), spec('F[2]', 2), spec('F[3]', 3)];
  const first = score(cache, [family('family F', members)], members);
  assert.deepEqual(first.computed, ['F[1]', 'F[2]', 'F[3]']);
  // Specs the member keys would not match: only the family's key and the positions are read.
  const renamed = members.map((m) => spec(`${m.name}'`, m.dopant.count + 10));
  const again = score(cache, [family('family F', renamed)], renamed);
  assert.deepEqual(again.computed, []);
  again.analyses.forEach((a, i) => assert.equal(a, first.analyses[i]));
  // Another structure file stamp is another family.
  assert.deepEqual(score(cache, [family('family F', members)], members, 'core.xyz:1').computed, ['F[1]', 'F[2]', 'F[3]']);
});

test('a member that is not cacheable is walked past: nothing is looked up for it, nor kept', () => {
  const cache = new MemberCache(100);
  const members = [spec('F[1]', 1), spec('F[2]', 2)];
  const single = [spec('G', 7)];
  const heads = [family('family F', members), family(undefined, single)];
  score(cache, heads, [...members, ...single]);
  // Kept analyses exist, yet a run whose members are not cacheable computes every one and keeps none.
  assert.deepEqual(score(cache, heads, [...members, ...single], '', false).computed, ['F[1]', 'F[2]', 'G']);
  const fresh = new MemberCache(100);
  score(fresh, heads, [...members, ...single], '', false);
  assert.deepEqual(score(fresh, heads, [...members, ...single]).computed, ['F[1]', 'F[2]', 'G']);
});

test('members of a family whose lists changed, and of a part of a family, are found by their own content', () => {
  const cache = new MemberCache(100);
  const members = [spec('F[1]', 1), spec('F[2]', 2), spec('F[3]', 3)];
  const first = score(cache, [family('family F', members)], members);
  // `1..3` became `[1, 3, 4]`: another key; the members with counts 1 and 3 are the ones scored before.
  const edited = [spec('F[1]', 1), spec('F[3]', 3), spec('F[4]', 4)];
  const second = score(cache, [family('family F, edited', edited)], edited);
  assert.deepEqual(second.computed, ['F[4]']);
  assert.equal(second.analyses[0], first.analyses[0]);
  assert.equal(second.analyses[1], first.analyses[2]);
  // A part of a family (a shard: no content key) and single recipes: their own keys only.
  const part = [members[1]];
  assert.deepEqual(score(cache, [family(undefined, part), family('single G', [spec('G', 7)])], [...part, spec('G', 7)]).computed, ['G']);
});

test('the members of every head are walked in order, heads of one member and whole families alike', () => {
  const cache = new MemberCache(100);
  const a = [spec('A', 7)];
  const b = [spec('B[1]', 1), spec('B[2]', 2)];
  const c = [spec('C', 5)];
  const heads = [family('single A', a), family('family B', b), family('single C', c)];
  const first = score(cache, heads, [...a, ...b, ...c]);
  assert.deepEqual(first.computed, ['A', 'B[1]', 'B[2]', 'C']);
  const second = score(cache, heads, [...a, ...b, ...c]);
  assert.deepEqual(second.computed, []);
  assert.deepEqual(second.analyses, first.analyses);
});

test('recipes of one content under other names share one analysis, within a run and after it', () => {
  const cache = new MemberCache(100);
  const twins = [spec('A', 1), spec('B', 1), spec('C', 2)];
  const heads = twins.map((m) => family(undefined, [m]));
  const first = score(cache, heads, twins);
  assert.deepEqual(first.computed, ['A', 'C']);
  assert.equal(first.analyses[1], first.analyses[0]);
  // A family's member of that content too, and a recipe renamed after the run.
  const renamed = [spec('F[1]', 1), spec('F[2]', 2)];
  const second = score(cache, [family('family F', renamed), family(undefined, [spec('D', 1)])], [...renamed, spec('D', 1)]);
  assert.deepEqual(second.computed, []);
  assert.deepEqual(second.analyses, [first.analyses[0], first.analyses[2], first.analyses[0]]);
});
