/**
 * The document's view of its members' diagnostics, summarised per family: a 60-member sweep would
 * otherwise put 60 identical squiggles on one line.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { MAX_DOCUMENT_CHARS, type FamilyHead } from '../../grammar/src/index';
import { withThousands } from '../../grammar/src/diagnostics';
import type { ScoredMember } from './types';

/** How many member names a summarised diagnostic lists before "and N more". */
const NAMES_SHOWN = 5;

/**
 * The members of one family with the same diagnostic at one place: counted, with the first few
 * names kept. Keeping every name put a 98,600-member sweep's names into each summarised
 * diagnostic, 3.7 MB of JSON apiece that the editor published after every edit.
 */
interface Group {
  first: BimetalDiagnostic;
  shown: string[];
  count: number;
  /** The member counted last: one member may have two at one place (E_form and site both out of domain), counted once. */
  last: RecipeSpec;
  recipe: string;
}

/**
 * The document-level view of the members' own diagnostics, gathered a chunk of members at a time.
 * A shared diagnostic (one bad ligand used by many recipes) appears once. Within a family, the
 * same warning at the same place for many members (φ below the threshold for 40 of 60 dopants)
 * becomes one diagnostic that counts and names them, so a sweep does not bury the editor in
 * identical squiggles; the records keep each member's own message.
 */
export class FamilySummary {
  /** Shared diagnostics already taken in. Weak: such an object stays reachable through its members while it matters. */
  private readonly seen = new WeakSet<BimetalDiagnostic>();
  /** In the order they were first seen, which is the order they are published in. */
  private readonly groups: Group[] = [];
  /**
   * Recipe → code → place → group. Looked up for every diagnostic of every member (twice per member
   * of the 98,600-member sweep at each scoring): a string key built per diagnostic took 257 ms of
   * an edit → scored of 1,401 ms, most of it hashing the new strings.
   */
  private readonly groupIndex = new Map<string, Map<string, Map<number, Group>>>();
  private readonly familySize = new Map<string, number>();
  private readonly single: BimetalDiagnostic[] = [];

  /** `families`: the document's recipes with their numbers of members; `keep`: which diagnostics to summarise. */
  constructor(
    families: readonly FamilyHead[],
    private readonly keep: (d: BimetalDiagnostic) => boolean = () => true,
  ) {
    for (const { first, size } of families) this.familySize.set(first.recipe, (this.familySize.get(first.recipe) ?? 0) + size);
  }

  /** Shared diagnostics that the document reports itself: members holding them do not add them again. */
  reported(diagnostics: readonly BimetalDiagnostic[]): void {
    for (const d of diagnostics) this.seen.add(d);
  }

  /**
   * Takes in a chunk of scored members. Of member `i`'s diagnostics, the first `shared(i)` may be
   * objects that other members hold too (the ligand and structure stages make one per place); the
   * rest were made for this member alone and skip the set of those seen. That set's lookups and
   * additions cost more than the rest of this loop: re-scoring the 98,600-member sweep after an
   * edit took a median 1,031 ms with every diagnostic passing through it, 787 ms without.
   * By default every diagnostic may be shared.
   */
  add(members: readonly ScoredMember[], shared: (index: number) => number = () => Number.POSITIVE_INFINITY): void {
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      const sharedCount = shared(i);
      for (let j = 0; j < m.diagnostics.length; j++) {
        const d = m.diagnostics[j];
        if (!this.keep(d)) continue;
        if (j < sharedCount) {
          if (this.seen.has(d)) continue;
          this.seen.add(d);
        }
        if ((this.familySize.get(m.spec.recipe) ?? 1) === 1) {
          this.single.push(d);
          continue;
        }
        const atPlace = this.groupsAt(m.spec.recipe, d.code);
        const place = placeKey(d.range);
        const group = atPlace.get(place);
        if (!group) {
          const added = { first: d, shown: [m.spec.name], count: 1, last: m.spec, recipe: m.spec.recipe };
          atPlace.set(place, added);
          this.groups.push(added);
        } else if (group.last !== m.spec) {
          group.last = m.spec;
          group.count++;
          if (group.shown.length < NAMES_SHOWN) group.shown.push(m.spec.name);
        }
      }
    }
  }

  /** The groups of one recipe's diagnostics with one code, by place. */
  private groupsAt(recipe: string, code: string): Map<number, Group> {
    let byCode = this.groupIndex.get(recipe);
    if (!byCode) this.groupIndex.set(recipe, (byCode = new Map()));
    let byPlace = byCode.get(code);
    if (!byPlace) byCode.set(code, (byPlace = new Map()));
    return byPlace;
  }

  diagnostics(): BimetalDiagnostic[] {
    const out = [...this.single];
    for (const { first, shown, count, recipe } of this.groups) {
      if (count === 1) {
        out.push(first);
        continue;
      }
      // Grouped in thousands as the grammar's family sizes are (BM221, BM235: '90,000 members').
      const more = count > shown.length ? ` and ${withThousands(count - shown.length)} more` : '';
      out.push({
        ...first,
        message: `${withThousands(count)} of ${withThousands(this.familySize.get(recipe)!)} members of ${recipe} (${shown.join(', ')}${more}). First: ${first.message}`,
        data: { ...first.data, members: shown, memberCount: count },
      });
    }
    return out;
  }
}

/** A range as one number: offsets lie within MAX_DOCUMENT_CHARS, so start · (MAX_DOCUMENT_CHARS + 1) + end is exact and unique. */
function placeKey(range: OffsetRange): number {
  return range.start * (MAX_DOCUMENT_CHARS + 1) + range.end;
}
