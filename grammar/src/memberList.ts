/**
 * A document's expanded members in order, as scoring reads them: a slice at a time, and per recipe
 * its first member and its size. The editor keeps its members in an array (memberArray); a batch
 * makes them from their families a slice at a time (familyMembers), so scoring a family of any
 * size holds one slice of it, not the whole family.
 */
import { firstIndexWhere } from '../../engine/src/firstIndexWhere';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { FamilyHead, RecipeFamily } from './families';

export interface MemberList {
  readonly length: number;
  /** Members `start` to `end` (exclusive); a lazy list makes them for this call. */
  slice(start: number, end: number): RecipeSpec[];
  /** Per recipe with members in this list, in order: the members of one recipe differ in their lists' values only, so its head names its ligands and its structure file for all of them. */
  readonly families: readonly FamilyHead[];
}

/** Members held in an array, with the heads their expansion gave them (ExpandResult). */
export function memberArray(members: readonly RecipeSpec[], families: readonly FamilyHead[]): MemberList {
  return { length: members.length, slice: (start, end) => members.slice(start, end), families };
}

/** The members of `families`, made a slice at a time. */
export function familyMembers(families: readonly RecipeFamily[]): MemberList {
  const starts: number[] = [];
  let length = 0;
  for (const family of families) {
    starts.push(length);
    length += family.size;
  }
  return {
    length,
    families,
    slice(start, end) {
      const made: RecipeSpec[] = [];
      const to = Math.min(end, length);
      for (let f = familyAt(starts, start); f < families.length && starts[f] < to; f++) {
        const part = families[f].members(Math.max(0, start - starts[f]), to - starts[f]);
        for (let i = 0; i < part.length; i++) made.push(part[i]);
      }
      return made;
    },
  };
}

/** The family whose members start at or before `at`: the one before the first that starts after it. */
function familyAt(starts: readonly number[], at: number): number {
  return Math.max(0, firstIndexWhere(starts.length, (f) => starts[f] > at) - 1);
}

/**
 * Every `step`-th member of `list` from position `first` on (a `--shard` of the command line): read
 * one member at a time from the list, per recipe the members that fall to this part.
 */
export function everyNth(list: MemberList, first: number, step: number): MemberList {
  const length = first < list.length ? Math.floor((list.length - 1 - first) / step) + 1 : 0;
  const at = (k: number): RecipeSpec => list.slice(first + k * step, first + k * step + 1)[0];
  const heads: FamilyHead[] = [];
  let familyStart = 0;
  for (const family of list.families) {
    // This part's positions k with familyStart ≤ first + k·step < familyStart + size.
    const from = Math.max(0, Math.ceil((familyStart - first) / step));
    const to = Math.min(length, Math.ceil((familyStart + family.size - first) / step));
    if (to > from) heads.push({ first: at(from), size: to - from });
    familyStart += family.size;
  }
  return {
    length,
    families: heads,
    slice(start, end) {
      const made: RecipeSpec[] = [];
      for (let k = Math.max(0, start); k < Math.min(end, length); k++) made.push(at(k));
      return made;
    },
  };
}
