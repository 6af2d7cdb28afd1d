import type { TopologyName } from '../recipe';

/**
 * Closed-shell ("magic") atom counts of the built-in core templates, by shell count.
 * Shell k = 1 is the smallest non-trivial cluster of each family.
 *   icosahedron / cuboctahedron / Ino decahedron (Mackay): (10k³ + 15k² + 11k + 3)/3 → 13, 55, 147, 309, …
 *   octahedron (k+1 atoms per edge): (k+1)(2(k+1)² + 1)/3 → 6, 19, 44, 85, …
 *   tetrahedron (k+1 atoms per edge): (k+1)(k+2)(k+3)/6 → 4, 10, 20, 35, …
 */
export const TEMPLATE_TOPOLOGIES = ['icosahedron', 'cuboctahedron', 'decahedron', 'octahedron', 'tetrahedron'] as const;
export type TemplateTopology = (typeof TEMPLATE_TOPOLOGIES)[number];

/**
 * Templates are made up to this many atoms (a 20-shell Mackay icosahedron holds 28,741, ~10 nm
 * of gold): each is built once per process (half a second, ~15 MB at that size). A larger
 * cluster is composition only (`topology none`) or a structure file.
 */
export const MAX_TEMPLATE_ATOMS = 30_000;

/** The largest shell count of `topology` made here: its size within MAX_TEMPLATE_ATOMS. */
export function maxShells(topology: TemplateTopology): number {
  return MAX_SHELLS[topology];
}

export function sizeForShells(topology: TemplateTopology, shells: number): number {
  const k = shells;
  switch (topology) {
    case 'icosahedron':
    case 'cuboctahedron':
    case 'decahedron':
      return (10 * k ** 3 + 15 * k ** 2 + 11 * k + 3) / 3;
    case 'octahedron': {
      const n = k + 1;
      return (n * (2 * n * n + 1)) / 3;
    }
    case 'tetrahedron': {
      const n = k + 1;
      return (n * (n + 1) * (n + 2)) / 6;
    }
  }
}

/** maxShells of each topology, counted once. */
const MAX_SHELLS = Object.fromEntries(
  TEMPLATE_TOPOLOGIES.map((topology) => {
    let k = 1;
    while (sizeForShells(topology, k + 1) <= MAX_TEMPLATE_ATOMS) k++;
    return [topology, k];
  }),
) as Record<TemplateTopology, number>;

export function validSizes(topology: TemplateTopology, shells = maxShells(topology)): number[] {
  const sizes: number[] = [];
  for (let k = 1; k <= shells; k++) sizes.push(sizeForShells(topology, k));
  return sizes;
}

/** Whether `shells` is a shell count of `topology` made here: a whole number from 1 to maxShells. */
export function isShellCount(topology: TemplateTopology, shells: number): boolean {
  return Number.isInteger(shells) && shells >= 1 && shells <= maxShells(topology);
}

/**
 * Every closed-shell size made here, with the shell count of each template closing a shell there,
 * counted once: looked up for every member of a family that states no topology.
 */
const SHELLS_BY_SIZE = (() => {
  const bySize = new Map<number, Map<TemplateTopology, number>>();
  for (const topology of TEMPLATE_TOPOLOGIES) {
    for (let k = 1; k <= maxShells(topology); k++) {
      const size = sizeForShells(topology, k);
      bySize.set(size, (bySize.get(size) ?? new Map()).set(topology, k));
    }
  }
  return bySize;
})();

/** Shell count for an exact magic size, or undefined when the size does not close a shell. */
export function shellsForSize(topology: TemplateTopology, size: number): number | undefined {
  return SHELLS_BY_SIZE.get(size)?.get(topology);
}

/** The valid sizes just below and above `size` (one or two numbers), for error messages and quick fixes. */
export function nearestValidSizes(topology: TemplateTopology, size: number): number[] {
  const sizes = validSizes(topology);
  const below = sizes.filter((s) => s < size).pop();
  const above = sizes.find((s) => s > size);
  return [below, above].filter((s): s is number => s !== undefined);
}

/** SHELLS_BY_SIZE's templates as a list per size, made once for the same look-ups. */
const TEMPLATES_BY_SIZE = new Map([...SHELLS_BY_SIZE].map(([size, shells]) => [size, [...shells.keys()]]));

const NO_TEMPLATES: readonly TemplateTopology[] = [];

/** The templates that close a shell at `size` atoms: the Mackay icosahedron, cuboctahedron and Ino decahedron share theirs. */
export function templatesClosingShell(size: number): readonly TemplateTopology[] {
  return TEMPLATES_BY_SIZE.get(size) ?? NO_TEMPLATES;
}

/**
 * Topology implied by an atom count when exactly one template closes a shell at that count
 * (LANGUAGE.md: "derived from counts where unique, else none"); at 13, 55, 147, … three do, and
 * which the recipe means is its author's to write.
 */
export function topologyForSize(size: number): TopologyName | undefined {
  const matches = templatesClosingShell(size);
  return matches.length === 1 ? matches[0] : undefined;
}

export function isTemplateTopology(name: string): name is TemplateTopology {
  return (TEMPLATE_TOPOLOGIES as readonly string[]).includes(name);
}
