/**
 * A bimetallic core on a built-in template: which sites the dopants take, and the metal–metal
 * distances that follow from the atoms' radii. Cached, because a family sweep asks for the same
 * core many times.
 */
import { BoundedCache } from '../boundedCache';
import type { SiteName } from '../recipe';
import { getElement } from '../elements';
import { isShellCount, maxShells, shellsForSize, sizeForShells, type TemplateTopology } from './magicSizes';
import { coreTemplate, type CoreTemplate } from './templates';
import { relaxToBondLengths } from './relax';
import type { CoreGeometry, GeometryError } from './types';

export interface CoreRequest {
  topology: TemplateTopology;
  /** Derived from nHost + nDopant when omitted. */
  shells?: number;
  host: string;
  dopant: string;
  nHost: number;
  nDopant: number;
  site: SiteName;
}

/**
 * Which template atoms the dopants occupy, given the atoms ordered from the centre outwards:
 *   core    → the innermost nDopant sites;
 *   surface → the outermost nDopant sites;
 *   mixed   → evenly spaced through the inside-out order (dopant d at position
 *             ⌊(d + ½)·N / nDopant⌋), so they spread over core and surface in proportion.
 */
function dopantSites(insideOut: Int32Array, nDopant: number, site: SiteName): Int32Array {
  const n = insideOut.length;
  const sites = new Int32Array(nDopant);
  for (let d = 0; d < nDopant; d++) {
    switch (site) {
      case 'core':
        sites[d] = insideOut[d];
        break;
      case 'surface':
        sites[d] = insideOut[n - 1 - d];
        break;
      case 'mixed':
        sites[d] = insideOut[Math.floor(((d + 0.5) * n) / nDopant)];
        break;
    }
  }
  return sites;
}

/**
 * Cores by request, bounded by their atoms (a kept core holds up to about 32 bytes an atom once
 * its elements and relaxed coordinates are asked for): enough for a family sweep over dopants,
 * counts and sites of one core size, which asks for the same cores again and again. Bounded by
 * 4,096 cores instead, a file of ten 100,000-member families whose sizes reach 10,000 atoms
 * peaked at 566 MB in `bimetal score` against 488 MB now, though such a sweep never asks for a
 * core twice. Rebuilding an evicted core costs one pass over its dopants (elements and
 * coordinates are made lazily).
 */
const MAX_CACHED_ATOMS = 200_000;
const cache = new BoundedCache<string, CoreGeometry>(MAX_CACHED_ATOMS, (core) => core.labels.length);

/**
 * A bimetallic core on a template: dopants placed by site, every bond of template length t_ij
 * (mean 1) given the length t_ij·(r_i + r_j) from the metallic radii (CN 12) of the atoms it
 * joins. D is the mean of those bond lengths; the coordinates are the template relaxed towards
 * them (relax.ts), which reproduces D to within 0.001 Å. Cached per request.
 */
export function placeCore(request: CoreRequest): CoreGeometry | GeometryError {
  const { topology, host, dopant, nHost, nDopant, site } = request;
  if (!Number.isInteger(nHost) || !Number.isInteger(nDopant) || nHost < 0 || nDopant < 0 || nHost + nDopant === 0) {
    return { error: `atom counts must be non-negative integers with at least one atom (host ${nHost}, dopant ${nDopant})` };
  }
  const total = nHost + nDopant;
  const shells = request.shells ?? shellsForSize(topology, total);
  if (request.shells !== undefined && !isShellCount(topology, request.shells)) {
    return { error: `shells must be a whole number from 1 to ${maxShells(topology)}, not ${request.shells}` };
  }
  if (shells === undefined || sizeForShells(topology, shells) !== total) {
    return {
      error:
        shells === undefined
          ? `no ${topology} closes a shell at ${total} atoms`
          : `${topology} with ${shells} shell${shells === 1 ? '' : 's'} holds ${sizeForShells(topology, shells)} atoms, not ${total}`,
    };
  }
  const key = `${topology}|${shells}|${site}|${host}|${dopant}|${nHost}|${nDopant}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const hostRadius = getElement(host)?.metallicRadius;
  const dopantRadius = getElement(dopant)?.metallicRadius;
  if (hostRadius == null) return { error: `no metallic radius known for ${host}` };
  if (dopantRadius == null) return { error: `no metallic radius known for ${dopant}` };

  const geometry = buildCore(coreTemplate(topology, shells), request, hostRadius, dopantRadius);
  cache.set(key, geometry);
  return geometry;
}

function buildCore(template: CoreTemplate, request: CoreRequest, hostRadius: number, dopantRadius: number): CoreGeometry {
  const { host, dopant } = request;
  const sites = dopantSites(template.insideOut, request.nDopant, request.site);
  // Σ_bonds t_ij·(r_i + r_j) = Σ_atoms r_a·(its bonds' t): every atom at the host's radius, then
  // what each dopant changes. A family sweep builds thousands of cores of up to 1,000 atoms, and
  // D is all that descriptors and features ask of them (a pass over the bonds was 6 % of it).
  let dopantBondLengths = 0;
  for (const i of sites) dopantBondLengths += template.bondLengthsAtAtom[i];
  const sum = hostRadius * template.bondLengthsAtAtoms + (dopantRadius - hostRadius) * dopantBondLengths;
  // Elements and coordinates are made on first use only (the results panel's structure view).
  let elements: string[] | undefined;
  let positions: Float64Array | undefined;
  return {
    get elements() {
      if (!elements) {
        elements = new Array<string>(template.labels.length).fill(host);
        for (const i of sites) elements[i] = dopant;
      }
      return elements;
    },
    get positions() {
      positions ??= relaxToBondLengths(template.positions, template.bonds, template.bondLengths, restLengths(template, sites, hostRadius, dopantRadius));
      return positions;
    },
    labels: template.labels,
    bonds: template.bonds,
    meanNearestNeighbourDistance: sum / template.bonds.length,
    origin: `${template.topology} template, ${template.shells} shell${template.shells === 1 ? '' : 's'}, ${request.site} dopant sites, D = mean of t_ij·(r_i + r_j) over its bonds`,
  };
}

/** Each bond's length t_ij·(r_i + r_j) in Å, `bonds` order. */
function restLengths(template: CoreTemplate, dopantSites: Int32Array, hostRadius: number, dopantRadius: number): Float64Array {
  const radii = new Float64Array(template.labels.length).fill(hostRadius);
  for (const i of dopantSites) radii[i] = dopantRadius;
  return Float64Array.from(template.bonds, ([i, j], b) => template.bondLengths[b] * (radii[i] + radii[j]));
}
