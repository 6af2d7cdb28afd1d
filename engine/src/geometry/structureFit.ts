import { byCodeUnit } from '../byCodeUnit';
import type { RecipeSpec } from '../recipe';
import type { CoreGeometry } from './types';

/**
 * Whether a structure file describes the recipe that names it. The recipe's counts give N_metal,
 * the ratio and the size terms, the file's coordinates give D and the sites: a file of another
 * size would mix two clusters in one prediction, so it is refused.
 */
export function structureSizeMismatch(geometry: CoreGeometry, spec: RecipeSpec): string | undefined {
  const nMetal = spec.host.count + spec.dopant.count;
  if (geometry.elements.length === nMetal) return undefined;
  return `the structure file holds ${geometry.elements.length} metal atoms (${compositionText(elementCounts(geometry.elements))}), but host + dopant = ${nMetal}; give counts that match the file, or another file`;
}

/**
 * How the file's arrangement of elements reads for a recipe of its size, which is what the
 * bond-centric ordering energy is computed from:
 * - `own`: the file holds the recipe's metals in the recipe's counts;
 * - `relabelled`: it holds two metals in the recipe's counts, but other ones (one geometry reused
 *   across a dopant sweep): the recipe's dopant takes the sites of the file's metal with the
 *   dopant's count, its host the others; with equal counts, a metal both share decides;
 * - `none`: anything else (a file of one metal, a relaxed host cluster; three metals; other
 *   counts): the file does not say where the dopant sits, so, as for a template, a stated `site
 *   core` or `site surface` does, through the site model's ordering term.
 * In `own` and `relabelled` the file places the dopant itself, so a stated site is not used (BM314).
 */
export type StructureArrangement =
  | { kind: 'own'; elements: readonly string[] }
  | { kind: 'relabelled'; elements: readonly string[]; fileHost: string; fileDopant: string }
  | { kind: 'none' };

export function structureArrangement(geometry: CoreGeometry, spec: RecipeSpec): StructureArrangement {
  const counts = elementCounts(geometry.elements);
  const recipe = recipeCounts(spec);
  if (counts.size === recipe.size && [...recipe].every(([element, count]) => counts.get(element) === count)) return { kind: 'own', elements: geometry.elements };
  if (counts.size !== 2 || spec.dopant.count === 0) return { kind: 'none' };
  const [[a, countA], [b, countB]] = [...counts];
  const { host, dopant } = spec;
  let fileDopant: string | undefined;
  if (host.count !== dopant.count) {
    if (countA === dopant.count && countB === host.count) fileDopant = a;
    else if (countB === dopant.count && countA === host.count) fileDopant = b;
  } else if (countA === host.count && countB === host.count) {
    if (a === host.element || b === dopant.element) fileDopant = b;
    else if (b === host.element || a === dopant.element) fileDopant = a;
  }
  if (fileDopant === undefined) return { kind: 'none' };
  const fileHost = fileDopant === a ? b : a;
  return { kind: 'relabelled', elements: geometry.elements.map((e) => (e === fileDopant ? dopant.element : host.element)), fileHost, fileDopant };
}

/** Whether the file places the dopant atoms itself: its arrangement is the ordering, and a stated site is not used. */
export function filePlacesDopant(arrangement: StructureArrangement): arrangement is Exclude<StructureArrangement, { kind: 'none' }> {
  return arrangement.kind !== 'none';
}

/** What a member is told about a file whose metals are not its own: how its arrangement was read, or what stands in for it. */
export function arrangementNote(geometry: CoreGeometry, spec: RecipeSpec, arrangement: StructureArrangement): string | undefined {
  if (arrangement.kind === 'own') return undefined;
  const file = compositionText(elementCounts(geometry.elements));
  const recipe = compositionText(recipeCounts(spec));
  if (arrangement.kind === 'none') {
    const start = `the structure file's metals are ${file}, the recipe's ${recipe}: D and the core/surface sites come from its coordinates, but it does not place the dopant`;
    return spec.site === 'mixed'
      ? `${start}, so there is no ordering energy; give 'site core' or 'site surface' to state where the dopant sits`
      : `${start}: 'site ${spec.site}' does, through the site model's ordering term, as for a template`;
  }
  const swaps = [
    arrangement.fileHost === spec.host.element ? undefined : `${spec.host.element} in the ${arrangement.fileHost} sites`,
    arrangement.fileDopant === spec.dopant.element ? undefined : `${spec.dopant.element} in the ${arrangement.fileDopant} sites`,
  ].filter((swap) => swap !== undefined);
  return `the structure file's metals are ${file}, the recipe's ${recipe}: its arrangement is read with ${swaps.join(' and ')} (the ordering energy of that arrangement)`;
}

function elementCounts(elements: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of elements) counts.set(e, (counts.get(e) ?? 0) + 1);
  return counts;
}

/** The recipe's metals with their counts; a dopant of count 0 (a unary training row) is none. */
function recipeCounts(spec: RecipeSpec): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { element, count } of [spec.host, spec.dopant]) if (count > 0) counts.set(element, (counts.get(element) ?? 0) + count);
  return counts;
}

/** `Au12Pt1`: metals with their counts, most numerous first. */
function compositionText(counts: ReadonlyMap<string, number>): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0]))
    .map(([element, count]) => `${element}${count}`)
    .join('');
}
