/**
 * The document's view of its members' diagnostics, summarised per family: a 60-member sweep would
 * otherwise put 60 identical squiggles on one line.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { ScoredMember } from './types';

/** How many member names a summarised diagnostic lists before "and N more". */
const NAMES_SHOWN = 5;

/**
 * The document-level view of the members' own diagnostics. A shared diagnostic (one bad ligand
 * used by many recipes) appears once. Within a family, the same warning at the same place for
 * many members (φ below the threshold for 40 of 60 dopants) becomes one diagnostic that counts
 * and names them, so a sweep does not bury the editor in identical squiggles; the records keep
 * each member's own message.
 */
export function familyDiagnostics(members: readonly ScoredMember[]): BimetalDiagnostic[] {
  const seen = new Set<BimetalDiagnostic>();
  const groups = new Map<string, { first: BimetalDiagnostic; names: Set<string>; recipe: string }>();
  const familySize = new Map<string, number>();
  for (const m of members) familySize.set(m.spec.recipe, (familySize.get(m.spec.recipe) ?? 0) + 1);

  const out: BimetalDiagnostic[] = [];
  for (const m of members) {
    for (const d of m.diagnostics) {
      if (seen.has(d)) continue;
      seen.add(d);
      if ((familySize.get(m.spec.recipe) ?? 1) === 1) {
        out.push(d);
        continue;
      }
      const key = `${m.spec.recipe}\u0000${d.code}\u0000${d.range.start}:${d.range.end}`;
      const group = groups.get(key);
      // A member may have two at one place (E_form and site both out of domain): count it once.
      if (group) group.names.add(m.spec.name);
      else groups.set(key, { first: d, names: new Set([m.spec.name]), recipe: m.spec.recipe });
    }
  }
  for (const { first, names: nameSet, recipe } of groups.values()) {
    const names = [...nameSet];
    if (names.length === 1) {
      out.push(first);
      continue;
    }
    const shown = names.slice(0, NAMES_SHOWN).join(', ');
    const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
    out.push({
      ...first,
      message: `${names.length} of ${familySize.get(recipe)} members of ${recipe} (${shown}${more}). First: ${first.message}`,
      data: { ...first.data, members: names },
    });
  }
  return out;
}
