import { BoundedCache } from '../boundedCache';
import { isShellCount, maxShells, sizeForShells, type TemplateTopology } from './magicSizes';
import { shellCluster } from './shellPolyhedra';
import { fccOctahedron, fccTetrahedron } from './fccSolids';
import { neighbourGraph, siteLabels, squaredDistance } from './neighbours';
import type { SiteLabel } from './types';

/**
 * A generated core template: geometry in units of its own mean nearest-neighbour distance
 * (so the mean bond is exactly 1 and the motif's strain shows as the spread around it).
 */
export interface CoreTemplate {
  topology: TemplateTopology;
  shells: number;
  /** Flat x, y, z, centred on the centroid, in units of the mean nearest-neighbour distance. */
  positions: Float64Array;
  /** 'core' for atoms with no empty cone (neighbours.ts siteLabels): here, the fully coordinated ones (12 neighbours). */
  labels: readonly SiteLabel[];
  bonds: ReadonlyArray<readonly [number, number]>;
  /** Length of each bond, same order as `bonds`. */
  bondLengths: Float64Array;
  /**
   * Per atom, the sum of its bonds' lengths: a core's Σ t_ij·(r_i + r_j) is Σ_atoms r_a·(this),
   * so D needs only the dopants' entries, not a pass over every bond.
   */
  bondLengthsAtAtom: Float64Array;
  /** The sum of `bondLengthsAtAtom` (twice the sum of `bondLengths`). */
  bondLengthsAtAtoms: number;
  /** Atom indices from innermost to outermost (distance from the centroid, then index). */
  insideOut: Int32Array;
}

/**
 * Templates kept, by their atoms (~350 bytes an atom with bonds and labels): the three largest
 * (28,741 atoms each) fit. Every size made here, kept at once, held 345 MB for a server's life;
 * an evicted template is rebuilt in about half a second.
 */
const MAX_CACHED_TEMPLATE_ATOMS = 100_000;
const cache = new BoundedCache<string, CoreTemplate>(MAX_CACHED_TEMPLATE_ATOMS, (template) => template.labels.length);

/** The template for a topology and shell count (1 … maxShells), built once and cached. */
export function coreTemplate(topology: TemplateTopology, shells: number): CoreTemplate {
  if (!isShellCount(topology, shells)) {
    throw new RangeError(`shells must be an integer from 1 to ${maxShells(topology)}, got ${shells}`);
  }
  return cache.getOrAdd(`${topology}|${shells}`, () => buildTemplate(topology, shells));
}

function rawPositions(topology: TemplateTopology, shells: number): Float64Array {
  switch (topology) {
    case 'icosahedron':
    case 'cuboctahedron':
    case 'decahedron':
      return shellCluster(topology, shells);
    case 'octahedron':
      return fccOctahedron(shells);
    case 'tetrahedron':
      return fccTetrahedron(shells);
  }
}

function buildTemplate(topology: TemplateTopology, shells: number): CoreTemplate {
  const positions = rawPositions(topology, shells);
  const atomCount = positions.length / 3;
  if (atomCount !== sizeForShells(topology, shells)) {
    throw new Error(`internal: ${topology} with ${shells} shells generated ${atomCount} atoms`);
  }
  const graph = neighbourGraph(positions);
  const { bonds } = graph;
  // Labelled before the rescaling below, on the coordinates the graph was found on: the cone test reads directions and ratios of distances, which it keeps.
  const labels = siteLabels(positions, graph);
  const rawLengths = bonds.map(([i, j]) => Math.sqrt(squaredDistance(positions, i, j)));
  const meanLength = rawLengths.reduce((s, l) => s + l, 0) / rawLengths.length;
  for (let k = 0; k < positions.length; k++) positions[k] /= meanLength;
  const bondLengths = Float64Array.from(rawLengths, (l) => l / meanLength);
  const bondLengthsAtAtom = new Float64Array(atomCount);
  bonds.forEach(([i, j], b) => {
    bondLengthsAtAtom[i] += bondLengths[b];
    bondLengthsAtAtom[j] += bondLengths[b];
  });
  const bondLengthsAtAtoms = bondLengthsAtAtom.reduce((s, l) => s + l, 0);

  // Radii rounded so that symmetry-equivalent sites tie exactly and the index decides.
  const radius = (i: number) => Math.round(Math.sqrt(radiusSq(positions, i)) * 1e9);
  const insideOut = Int32Array.from({ length: atomCount }, (_, i) => i).sort((a, b) => radius(a) - radius(b) || a - b);

  return { topology, shells, positions, labels, bonds, bondLengths, bondLengthsAtAtom, bondLengthsAtAtoms, insideOut };
}

function radiusSq(positions: Float64Array, i: number): number {
  return positions[3 * i] ** 2 + positions[3 * i + 1] ** 2 + positions[3 * i + 2] ** 2;
}
