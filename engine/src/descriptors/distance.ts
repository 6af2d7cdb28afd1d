import type { RecipeSpec } from '../recipe';
import { isTemplateTopology } from '../geometry/magicSizes';
import { placeCore } from '../geometry/placeCore';
import { isGeometryError, type CoreGeometry } from '../geometry/types';
import { DEFINITIONS, ELEMENT_SOURCE } from './definitions';
import { property } from './pairDescriptors';
import type { Descriptor } from './types';

const { unit, definition } = DEFINITIONS.distance;

/**
 * D, by precedence: the recipe's `distance`, then the supplied geometry (the structure file),
 * then the template core; a recipe with no geometry at all (topology none, or omitted) gets the
 * estimate 2 × count-weighted mean metallic radius, which equals the mean nearest-neighbour
 * distance of a random alloy whose bonds are r_i + r_j. A structure file that was not loaded
 * leaves D null rather than silently using something else.
 */
export function distance(spec: RecipeSpec, geometry: CoreGeometry | undefined): Descriptor {
  if (spec.distance !== undefined) {
    return { value: spec.distance, unit, inputs: { 'recipe distance': spec.distance }, source: 'recipe distance override', definition };
  }
  if (geometry) {
    return {
      value: geometry.meanNearestNeighbourDistance,
      unit,
      inputs: { ...(spec.structure ? { structure: spec.structure } : {}), 'metal atoms': geometry.elements.length, bonds: geometry.bonds.length },
      source: geometry.origin,
      definition,
    };
  }
  if (spec.structure !== undefined) {
    return { value: null, unit, inputs: { structure: spec.structure }, source: 'not computed: the structure file was not loaded', definition };
  }
  const topology = spec.topology?.name;
  if (topology !== undefined && isTemplateTopology(topology)) return templateDistance(spec, topology);
  return radiusEstimate(spec);
}

function templateDistance(spec: RecipeSpec, topology: Parameters<typeof placeCore>[0]['topology']): Descriptor {
  const request = {
    topology,
    shells: spec.topology?.shells,
    host: spec.host.element,
    dopant: spec.dopant.element,
    nHost: spec.host.count,
    nDopant: spec.dopant.count,
    site: spec.site,
  };
  const inputs = { topology, site: spec.site, [`R(${request.host})`]: property(request.host, 'metallicRadius'), [`R(${request.dopant})`]: property(request.dopant, 'metallicRadius') };
  const core = placeCore(request);
  if (isGeometryError(core)) return { value: null, unit, inputs, source: `not computed: ${core.error}`, definition };
  return { value: core.meanNearestNeighbourDistance, unit, inputs: { ...inputs, bonds: core.bonds.length }, source: core.origin, definition };
}

function radiusEstimate(spec: RecipeSpec): Descriptor {
  const host = property(spec.host.element, 'metallicRadius');
  const dopant = property(spec.dopant.element, 'metallicRadius');
  const total = spec.host.count + spec.dopant.count;
  const inputs = { [`R(${spec.host.element})`]: host, [`R(${spec.dopant.element})`]: dopant, n_host: spec.host.count, n_dopant: spec.dopant.count };
  if (host === null || dopant === null || total <= 0) {
    return { value: null, unit, inputs, source: 'not computed: no geometry and no metallic radius to estimate from', definition };
  }
  return {
    value: (2 * (spec.host.count * host + spec.dopant.count * dopant)) / total,
    unit,
    inputs,
    source: `estimate (no geometry: topology none): 2 × count-weighted mean metallic radius, ${ELEMENT_SOURCE}`,
    definition,
  };
}
