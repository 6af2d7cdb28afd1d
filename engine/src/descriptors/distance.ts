import type { RecipeSpec } from '../recipe';
import { isTemplateTopology, type TemplateTopology } from '../geometry/magicSizes';
import { placeCore } from '../geometry/placeCore';
import { isGeometryError, type CoreGeometry } from '../geometry/types';
import { DEFINITIONS, ELEMENT_SOURCE } from './definitions';
import { makeDescriptor } from './makeDescriptor';
import { property } from './pairDescriptors';
import type { Descriptor } from './types';

const ESTIMATE_SOURCE = `estimate (no geometry: topology none): 2 × count-weighted mean metallic radius, ${ELEMENT_SOURCE}`;

/**
 * D, by precedence: the recipe's `distance`, then the supplied geometry (the structure file),
 * then the template core; a recipe with no geometry at all (topology none, or omitted) gets the
 * estimate 2 × count-weighted mean metallic radius, which equals the mean nearest-neighbour
 * distance of a random alloy whose bonds are r_i + r_j. A structure file that was not loaded
 * leaves D null rather than silently using something else.
 */
export function distance(spec: RecipeSpec, geometry: CoreGeometry | undefined): Descriptor {
  if (spec.distance !== undefined) {
    const d = spec.distance;
    return makeDescriptor(d, DEFINITIONS.distance, 'recipe distance override', () => ({ 'recipe distance': d }));
  }
  if (geometry) {
    return makeDescriptor(geometry.meanNearestNeighbourDistance, DEFINITIONS.distance, geometry.origin, () => ({
      ...(spec.structure ? { structure: spec.structure } : {}),
      'metal atoms': geometry.elements.length,
      bonds: geometry.bonds.length,
    }));
  }
  if (spec.structure !== undefined) {
    const structure = spec.structure;
    return makeDescriptor(null, DEFINITIONS.distance, 'not computed: the structure file was not loaded', () => ({ structure }));
  }
  const topology = spec.topology?.name;
  if (topology !== undefined && isTemplateTopology(topology)) return templateDistance(spec, topology);
  return radiusEstimate(spec);
}

function templateDistance(spec: RecipeSpec, topology: TemplateTopology): Descriptor {
  const host = spec.host.element;
  const dopant = spec.dopant.element;
  const core = placeCore({
    topology,
    shells: spec.topology?.shells,
    host,
    dopant,
    nHost: spec.host.count,
    nDopant: spec.dopant.count,
    site: spec.site,
  });
  const inputs = () => ({
    topology,
    site: spec.site,
    [`R(${host})`]: property(host, 'metallicRadius'),
    [`R(${dopant})`]: property(dopant, 'metallicRadius'),
    ...(isGeometryError(core) ? {} : { bonds: core.bonds.length }),
  });
  if (isGeometryError(core)) return makeDescriptor(null, DEFINITIONS.distance, `not computed: ${core.error}`, inputs);
  return makeDescriptor(core.meanNearestNeighbourDistance, DEFINITIONS.distance, core.origin, inputs);
}

function radiusEstimate(spec: RecipeSpec): Descriptor {
  const host = property(spec.host.element, 'metallicRadius');
  const dopant = property(spec.dopant.element, 'metallicRadius');
  const total = spec.host.count + spec.dopant.count;
  const inputs = () => ({
    [`R(${spec.host.element})`]: host,
    [`R(${spec.dopant.element})`]: dopant,
    n_host: spec.host.count,
    n_dopant: spec.dopant.count,
  });
  if (host === null || dopant === null || total <= 0) {
    return makeDescriptor(null, DEFINITIONS.distance, 'not computed: no geometry and no metallic radius to estimate from', inputs);
  }
  return makeDescriptor((2 * (spec.host.count * host + spec.dopant.count * dopant)) / total, DEFINITIONS.distance, ESTIMATE_SOURCE, inputs);
}
