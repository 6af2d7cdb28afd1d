import { withArticle } from '../../engine/src/article';
import type { TopologyName } from '../../engine/src/recipe';
import { isTemplateTopology, shellsForSize, sizeForShells, templatesClosingShell, topologyForSize, type TemplateTopology } from '../../engine/src/geometry/magicSizes';

/**
 * Which core template a member uses, and how many core (interior) sites it has.
 *
 * Core sites of a k-shell cluster are the atoms not on its outer surface:
 * - Mackay icosahedron, cuboctahedron, Ino decahedron: the (k−1)-shell cluster inside, i.e.
 *   1 atom for k = 1 (13 atoms), 13 for k = 2 (55), 55 for k = 3 (147), …
 * - octahedron with n = k+1 atoms per edge: the octahedron with n−2 atoms per edge inside,
 *   i.e. 0 for k = 1 (6 atoms, all surface), 1 for k = 2 (19), 6 for k = 3 (44), …
 * - tetrahedron with n = k+1 atoms per edge: the tetrahedron with n−4 atoms per edge inside,
 *   i.e. 0 for k ≤ 3 (4, 10, 20 atoms are all surface), 1 for k = 4 (35), 4 for k = 5 (56), …
 */
export function coreSites(topology: TemplateTopology, shells: number): number {
  switch (topology) {
    case 'icosahedron':
    case 'cuboctahedron':
    case 'decahedron':
      return sizeForShells(topology, shells - 1);
    case 'octahedron':
      return shells >= 2 ? sizeForShells('octahedron', shells - 2) : 0;
    case 'tetrahedron':
      return shells >= 4 ? sizeForShells('tetrahedron', shells - 4) : 0;
  }
}

export interface ResolvedTopology {
  name: TopologyName;
  shells?: number;
  /** True when derived from the atom count rather than written in the recipe. */
  derived: boolean;
}

/**
 * The topology of a member with `nMetal` atoms: the written one (its shells filled in from the
 * count when they close a shell), else the unique template closing a shell at that count.
 */
export function resolveTopology(written: { name: string; shells?: number } | undefined, nMetal: number): ResolvedTopology | undefined {
  if (written) {
    if (!isTemplateTopology(written.name)) return { name: written.name as TopologyName, derived: false };
    const shells = written.shells ?? shellsForSize(written.name, nMetal);
    return shells === undefined ? { name: written.name, derived: false } : { name: written.name, shells, derived: false };
  }
  const derived = topologyForSize(nMetal);
  if (!derived || !isTemplateTopology(derived)) return undefined;
  return { name: derived, shells: shellsForSize(derived, nMetal), derived: true };
}

/** A member's core: how many core sites it has and how to name the cluster, or why it has no core. */
export type MemberCore = { sites: number; cluster: string } | { none: string };

/**
 * The core of a member of `nMetal` atoms with `topology` (resolveTopology's, or a member's, which
 * families.ts resolved the same way): the rule BM210 holds `site core` to, and the site call too.
 * Only a template closing a shell has core sites; composition only has none to place a dopant in.
 * Why there is none is one phrase for both, BM210's message and the site call's reason
 * (siteCall.ts); a member (RecipeSpec), which the site call reads, does not record whether its
 * topology was written or derived from the counts, so the phrase starts from the counts, which
 * holds for both.
 */
export function memberCore(topology: { name: string; shells?: number; derived?: boolean } | undefined, nMetal: number): MemberCore {
  if (!topology || !isTemplateTopology(topology.name) || topology.shells === undefined) {
    if (topology?.name === 'none') return { none: `'topology none' has no core sites` };
    const closing = topology ? [] : templatesClosingShell(nMetal);
    if (closing.length > 1) {
      const named = `${closing.slice(0, -1).map(withArticle).join(', ')} and ${withArticle(closing[closing.length - 1])}`;
      return { none: `${nMetal} atoms close a shell of ${named}, so no topology is derived from the counts and there is no core` };
    }
    return { none: `no topology closes a shell at ${nMetal} atoms, so there is no core` };
  }
  const sites = coreSites(topology.name, topology.shells);
  if (sites === 0) return { none: `${nMetal} metal atoms make ${withArticle(topology.name)}, which has no interior (core) site` };
  return { sites, cluster: `${withArticle(topology.name)} of ${nMetal} atoms${topology.derived ? ' (derived from the counts)' : ''}` };
}

/**
 * The core sites of `nMetal` atoms by the templates that close a shell there, when they agree, else
 * undefined (none closes, or they differ): the icosahedron, cuboctahedron and decahedron hold the
 * same inner cluster, so a structure file's stated site (BM315) is counted as for any of them though
 * none is derived from the counts. 0 where the one that closes has no interior (the 20-atom
 * tetrahedron): a file of that size has no core for a stated site to move dopant atoms into, as its
 * template has none.
 */
export function coreSitesAtSize(nMetal: number): number | undefined {
  const counts = new Set(templatesClosingShell(nMetal).map((t) => coreSites(t, shellsForSize(t, nMetal) as number)));
  const [sites] = counts;
  return counts.size === 1 ? sites : undefined;
}
