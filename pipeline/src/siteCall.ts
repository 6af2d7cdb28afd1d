/**
 * The site call: whether a recipe gets a core/surface prediction at all, and what a prediction
 * says. One place, so the record, the hover, `--explain` and the results panel agree.
 */
import type { RecipeSpec } from '../../engine/src/recipe';
import type { SitePreference } from '../../engine/src/scoreRecord';
import { memberCore } from '../../grammar/src/index';

/**
 * Why a recipe gets no site prediction, or undefined when it gets one. The question exists only
 * for a minority dopant, and only in a core with an interior site, by the language's own rule
 * (BM210, memberCore): a 6-atom octahedron is all surface, and composition only (no template
 * closing a shell, or `topology none`) has no core, so `site core` is an error there and a call
 * of core or surface would say what the recipe cannot state. A structure file has no topology,
 * since its coordinates, not a template, say where its core is: it is asked.
 */
export function noSiteReason(spec: RecipeSpec): string | undefined {
  if (spec.dopant.count >= spec.host.count) return 'the dopant is not the minority, so there is no core/surface choice';
  if (spec.structure !== undefined) return undefined;
  const core = memberCore(spec.topology, spec.host.count + spec.dopant.count);
  return 'none' in core ? core.none : undefined;
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
