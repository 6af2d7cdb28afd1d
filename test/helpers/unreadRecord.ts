import assert from 'node:assert/strict';
import type { ScoredMember } from '../../pipeline/src/index';

/**
 * The member, except that reading its record fails the test: a scored member's record is built
 * when first read and then kept (160 MB for a 98,600-member family), so work that concerns a few
 * members must not read every member's.
 */
export function unreadRecord(member: ScoredMember): ScoredMember {
  return Object.create(member, { record: { get: () => assert.fail(`the record of ${member.spec.name} was read`) } }) as ScoredMember;
}
