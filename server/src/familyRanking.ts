/**
 * A family's best members, for the hover on its name, its inlay hint and its code lens. Scores are
 * read from what scoring keeps for every member (packed descriptor values, predictions), never from
 * the members' records: a record is built when first read and then kept, so ranking the 98,600-member sweep
 * through its records built all of them. The first hover on the sweep's name took 880 ms and grew
 * the server by 161 MB that way, and the first lens 1,007 ms and 155 MB (`npm run bench -- server`).
 */
import type { ScoredMember } from '../../pipeline/src/index';
import { tidy } from '../../engine/src/significant';
import { shownPhi } from '../../report/src/quantities';
import { shownEForm, shownMember, type ActiveCalibration } from './calibration/shown';

/** How many members a family hover lists per ranking. */
export const FAMILY_TOP = 3;

/**
 * A member's φ as its record and the views state it (to six significant digits, tidy), read without
 * making the record or the descriptors (an editor's member computes those anew): rounded from the
 * raw value instead, a family hover could show another last digit than the member's own.
 */
export function memberPhi(member: ScoredMember): number | null {
  const phi = member.descriptorValue('phi');
  return shownPhi(phi === null ? null : tidy(phi), member.phiVerdict());
}

/**
 * The `count` members with the highest `score`, best first, in one pass; members scored null do
 * not count, and of equal scores the earlier member comes first.
 */
export function bestMembers(members: readonly ScoredMember[], score: (m: ScoredMember) => number | null, count: number): ScoredMember[] {
  const top: { member: ScoredMember; value: number }[] = [];
  for (const member of members) {
    const value = score(member);
    if (value === null || (top.length === count && value <= top[count - 1].value)) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].value < value) at--;
    top.splice(at, 0, { member, value });
    if (top.length > count) top.pop();
  }
  return top.map((t) => t.member);
}

/** The most stable members (lowest E_form, as shown: calibrated under a calibration) and the most accessible (highest φ). */
export interface FamilyRanking {
  byEForm: ScoredMember[];
  byPhi: ScoredMember[];
}

/**
 * Computed once per scoring run (a run's member lists are new) and calibration: a family may have
 * 100,000 members. `byEForm` holds the members as shown (shownMember), so a hover or hint reads the
 * E_form it was ranked by.
 */
const rankings = new WeakMap<readonly ScoredMember[], { active: ActiveCalibration | undefined; ranking: FamilyRanking }>();

export function familyRanking(members: readonly ScoredMember[], active: ActiveCalibration | undefined): FamilyRanking {
  const cached = rankings.get(members);
  if (cached && cached.active?.calibrator === active?.calibrator && cached.active?.coverage === active?.coverage) return cached.ranking;
  const ranking = {
    byEForm: bestMembers(members, (m) => {
      const point = shownEForm(m, active);
      return point === null ? null : -point;
    }, FAMILY_TOP).map((m) => shownMember(m, active)),
    byPhi: bestMembers(members, memberPhi, FAMILY_TOP),
  };
  rankings.set(members, { active, ranking });
  return ranking;
}
