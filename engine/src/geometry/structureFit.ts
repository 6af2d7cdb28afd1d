import type { RecipeSpec } from '../recipe';
import type { CoreGeometry } from './types';

/**
 * Whether a structure file describes the recipe that names it. The recipe's counts give N_metal,
 * the ratio and the size terms, the file's coordinates give D and the sites: a file of another
 * size would mix two clusters in one prediction, so it is refused. A file of the right size whose
 * metals differ (one set of coordinates reused across a dopant sweep) still gives D and the sites,
 * but its arrangement of elements is not the recipe's, so the ordering energy is not read from it.
 */
export function structureSizeMismatch(geometry: CoreGeometry, spec: RecipeSpec): string | undefined {
  const nMetal = spec.host.count + spec.dopant.count;
  if (geometry.elements.length === nMetal) return undefined;
  return `the structure file holds ${geometry.elements.length} metal atoms (${compositionText(geometry.elements)}), but host + dopant = ${nMetal}; give counts that match the file, or another file`;
}

/** True when the file's metal atoms are the recipe's host and dopant, in the recipe's counts. */
export function structureHasRecipeMetals(geometry: CoreGeometry, spec: RecipeSpec): boolean {
  const counts = elementCounts(geometry.elements);
  const expected = new Map<string, number>();
  for (const { element, count } of [spec.host, spec.dopant]) if (count > 0) expected.set(element, (expected.get(element) ?? 0) + count);
  return counts.size === expected.size && [...expected].every(([element, count]) => counts.get(element) === count);
}

/** Why the file's arrangement of elements is not used for this recipe (its metals are not the recipe's). */
export function structureMetalsMismatch(geometry: CoreGeometry, spec: RecipeSpec): string {
  const recipe = spec.dopant.count > 0 ? `${spec.host.element}${spec.host.count}${spec.dopant.element}${spec.dopant.count}` : `${spec.host.element}${spec.host.count}`;
  return `the structure file's metals are ${compositionText(geometry.elements)}, the recipe's ${recipe}: D and the core/surface sites come from its coordinates, but its arrangement of elements is not used (no ordering energy)`;
}

function elementCounts(elements: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of elements) counts.set(e, (counts.get(e) ?? 0) + 1);
  return counts;
}

/** `Au12Pt1`: the file's metals, most numerous first. */
function compositionText(elements: readonly string[]): string {
  return [...elementCounts(elements)]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([element, count]) => `${element}${count}`)
    .join('');
}
