/**
 * A family's best members (hover, inlay hint, code lens) are ranked from what scoring keeps for
 * every member, never from the members' records, which are built on first read and then kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { phiVerdictOf } from '../../engine/src/descriptors';
import type { ScoredMember } from '../../pipeline/src/index';
import { bestMembers, FAMILY_TOP, familyRanking, memberPhi } from '../../server/src/familyRanking';
import { unreadRecord } from '../helpers/unreadRecord';

/**
 * A scored member as the ranking sees it; reading its record fails the test, and so does reading
 * its full descriptors (an editor's member computes them anew on every read) or making their record.
 */
function member(index: number, phi: { value: number | null; accessible: boolean | null }, eForm: number | null): ScoredMember {
  const name = `M${index}`;
  return unreadRecord({
    spec: { name },
    get descriptors() {
      return assert.fail(`the descriptors of ${name} were read`);
    },
    get descriptorRecord() {
      return assert.fail(`the descriptors' record of ${name} was made`);
    },
    descriptorValue: (key: string) => (key === 'phi' ? phi.value : assert.fail(`${key} of ${name} was read`)),
    phiVerdict: () => phiVerdictOf(phi.accessible),
    prediction: eForm === null ? null : { point: eForm },
  } as unknown as ScoredMember);
}

/** The reference: every scored member, sorted by score (best first; a stable sort keeps the earlier of equals first). */
function sortedBest(members: readonly ScoredMember[], score: (m: ScoredMember) => number | null, count: number): ScoredMember[] {
  return members
    .map((m) => ({ m, value: score(m) }))
    .filter((s): s is { m: ScoredMember; value: number } => s.value !== null)
    .sort((a, b) => b.value - a.value)
    .slice(0, count)
    .map((s) => s.m);
}

const scores = fc.array(fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }), { maxLength: 60 });

test('bestMembers picks what a full sort picks, the earlier of equal scores first', () => {
  fc.assert(
    fc.property(scores, fc.integer({ min: 1, max: 5 }), (values, count) => {
      const members = values.map((v, i) => member(i, { value: v, accessible: v === null ? null : true }, null));
      const score = (m: ScoredMember) => m.descriptorValue('phi');
      assert.deepEqual(bestMembers(members, score, count), sortedBest(members, score, count));
    }),
  );
});

test('a family is ranked by E_form and φ without reading any member record', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.option(fc.integer({ min: -9, max: 9 }), { nil: null }), fc.option(fc.boolean(), { nil: null }), fc.option(fc.integer({ min: -9, max: 9 }), { nil: null })), { maxLength: 40 }), (rows) => {
      const members = rows.map(([phi, accessible, eForm], i) => member(i, { value: phi, accessible }, eForm));
      const { byEForm, byPhi } = familyRanking(members, undefined);
      assert.deepEqual(byEForm, sortedBest(members, (m) => (m.prediction ? -m.prediction.point : null), FAMILY_TOP));
      assert.deepEqual(byPhi, sortedBest(members, memberPhi, FAMILY_TOP));
    }),
  );
});

test("φ of a member whose verdict is undefined (no environment, or φ unknown) is not ranked, as the views show none", () => {
  assert.equal(memberPhi(member(0, { value: 0, accessible: null }, null)), null);
  assert.equal(memberPhi(member(1, { value: -0.2, accessible: false }, null)), -0.2);
  assert.equal(memberPhi(member(2, { value: 0.1, accessible: true }, null)), 0.1);
});

test("φ of a family's member is the record's, to six significant digits, so a hover rounds it as the member's own views do", () => {
  // 0.0374999999 is 0.0375 in the record, shown 0.04 at two decimals; rounded raw it read 0.03.
  assert.equal(memberPhi(member(0, { value: 0.0374999999, accessible: true }, null)), 0.0375);
  assert.equal(memberPhi(member(1, { value: -0.123456789, accessible: false }, null)), -0.123457);
});
