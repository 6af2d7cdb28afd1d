/**
 * The site call: whether a recipe gets a core/surface prediction at all, and what a prediction
 * says. One place, so the record, the hover, `--explain` and the results panel agree.
 */
import { isTemplateTopology } from '../../engine/src/geometry/magicSizes';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { SitePreference } from '../../engine/src/scoreRecord';
import { coreSites } from '../../grammar/src/index';

/**
 * Why a recipe gets no site prediction, or undefined when it gets one. The question exists only
 * for a minority dopant, and only in a core that has an interior site (the language's own rule,
 * BM210: e.g. a 6-atom octahedron is all surface). Cores without a template (composition only,
 * `topology none`, structure files) are real particles with an interior, so they are asked.
 */
export function noSiteReason(spec: RecipeSpec): string | undefined {
  if (spec.dopant.count >= spec.host.count) return 'the dopant is not the minority, so there is no core/surface choice';
  const topology = spec.topology;
  if (topology && isTemplateTopology(topology.name) && topology.shells !== undefined && coreSites(topology.name, topology.shells) === 0) {
    return `a ${spec.host.count + spec.dopant.count}-atom ${topology.name} has no core site, so every dopant is at the surface`;
  }
  return undefined;
}

export function needsSite(spec: RecipeSpec): boolean {
  return noSiteReason(spec) === undefined;
}

/**
 * `core` or `surface` only when the whole interval of ΔE = E(core) − E(surface) lies on one side
 * of zero; an interval containing zero, or unbounded, cannot decide, and saying so beats a coin flip.
 */
export function sitePreference(estimate: { lower: number; upper: number }): SitePreference {
  if (!(Number.isFinite(estimate.lower) && Number.isFinite(estimate.upper))) return 'undetermined';
  if (estimate.upper < 0) return 'core';
  if (estimate.lower > 0) return 'surface';
  return 'undetermined';
}
