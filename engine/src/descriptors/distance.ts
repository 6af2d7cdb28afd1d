import type { RecipeSpec } from '../recipe';
import { isTemplateTopology, type TemplateTopology } from '../geometry/magicSizes';
import { placeCore } from '../geometry/placeCore';
import { isGeometryError, type CoreGeometry, type GeometryError } from '../geometry/types';
import { DEFINITIONS, ELEMENT_SOURCE } from './definitions';
import { descriptorKind, makeDescriptor, type Inputs } from './makeDescriptor';
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
  if (spec.distance !== undefined) return makeDescriptor(spec.distance, OVERRIDE, 'recipe distance override', spec);
  if (geometry) return makeDescriptor(geometry.meanNearestNeighbourDistance, FROM_STRUCTURE, geometry.origin, spec, geometry);
  if (spec.structure !== undefined) {
    return makeDescriptor(null, UNLOADED_STRUCTURE, 'not computed: the structure file was not loaded', spec);
  }
  const topology = spec.topology?.name;
  if (topology !== undefined && isTemplateTopology(topology)) return templateDistance(spec, topology);
  return radiusEstimate(spec);
}

const overrideInputs = (spec: RecipeSpec): Inputs => ({ 'recipe distance': spec.distance ?? null });
const structureInputs = (spec: RecipeSpec): Inputs => ({ structure: spec.structure ?? null });

function geometryInputs(spec: RecipeSpec, geometry: CoreGeometry): Inputs {
  return { ...structureInputs(spec), 'metal atoms': geometry.elements.length, bonds: geometry.bonds.length };
}

function radiusInputs(spec: RecipeSpec): Inputs {
  return {
    [`R(${spec.host.element})`]: property(spec.host.element, 'metallicRadius'),
    [`R(${spec.dopant.element})`]: property(spec.dopant.element, 'metallicRadius'),
    n_host: spec.host.count,
    n_dopant: spec.dopant.count,
  };
}

function templateInputs(spec: RecipeSpec, core: CoreGeometry | GeometryError): Inputs {
  return {
    topology: spec.topology?.name ?? null,
    site: spec.site,
    ...radiusInputs(spec),
    ...(isGeometryError(core) ? {} : { bonds: core.bonds.length }),
  };
}

/** D's kinds differ in what their inputs show: the override, the structure file, the template core, or the radii. */
const OVERRIDE = descriptorKind(DEFINITIONS.distance, overrideInputs);
const UNLOADED_STRUCTURE = descriptorKind(DEFINITIONS.distance, structureInputs);
const FROM_STRUCTURE = descriptorKind(DEFINITIONS.distance, geometryInputs);
const FROM_TEMPLATE = descriptorKind(DEFINITIONS.distance, templateInputs);
const ESTIMATE = descriptorKind(DEFINITIONS.distance, radiusInputs);

function templateDistance(spec: RecipeSpec, topology: TemplateTopology): Descriptor {
  const core = placeCore({
    topology,
    shells: spec.topology?.shells,
    host: spec.host.element,
    dopant: spec.dopant.element,
    nHost: spec.host.count,
    nDopant: spec.dopant.count,
    site: spec.site,
  });
  if (isGeometryError(core)) return makeDescriptor(null, FROM_TEMPLATE, `not computed: ${core.error}`, spec, core);
  return makeDescriptor(core.meanNearestNeighbourDistance, FROM_TEMPLATE, core.origin, spec, core);
}

function radiusEstimate(spec: RecipeSpec): Descriptor {
  const host = property(spec.host.element, 'metallicRadius');
  const dopant = property(spec.dopant.element, 'metallicRadius');
  const total = spec.host.count + spec.dopant.count;
  if (host === null || dopant === null || total <= 0) {
    return makeDescriptor(null, ESTIMATE, 'not computed: no geometry and no metallic radius to estimate from', spec);
  }
  const estimate = (2 * (spec.host.count * host + spec.dopant.count * dopant)) / total;
  return makeDescriptor(estimate, ESTIMATE, ESTIMATE_SOURCE, spec);
}
