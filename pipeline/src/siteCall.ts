/**
 * The site call: whether a recipe gets a core/surface prediction at all, and what a prediction
 * says. One place, so the record, the hover, `--explain` and the results panel agree.
 */
import type { Prediction } from '../../engine/src/inference/runtime';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { DescriptorRecord, SitePreference } from '../../engine/src/scoreRecord';
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
  if (spec.dopant.count >= spec.host.count) return 'the dopant is not the minority, and the site model asks where a minority dopant goes';
  if (spec.structure !== undefined) return undefined;
  const core = memberCore(spec.topology, spec.host.count + spec.dopant.count);
  return 'none' in core ? core.none : undefined;
}

/** A majority dopant's site call with the roles swapped (swappedSite), or why there is none. */
export type SwappedSite = { spec: RecipeSpec } | { none: string };

/**
 * The site call that prices a majority dopant's stated site (orderingTerm.ts): with the dopant the
 * majority, `site surface` puts the minority metal, the host, in the core, and `site core` puts it at
 * the surface, so the site model is asked about the host as the dopant of a cluster of the dopant
 * metal, at the opposite site. `spec` is that recipe; `none` says why there is none. Undefined for a
 * recipe that needs no such call: its dopant is the minority (its own call prices it), or it states
 * `site mixed`. At equal counts neither metal is the minority the site model is asked about, and
 * either call would price the one arrangement with no reason to prefer its ΔE to the other's: none.
 */
export function swappedSite(spec: RecipeSpec): SwappedSite | undefined {
  if (spec.site === 'mixed' || spec.dopant.count < spec.host.count) return undefined;
  if (spec.dopant.count === spec.host.count) return { none: 'the two metals are equal in number, so neither is the minority the site model is asked about, in either role' };
  const swapped = swappedRoles(spec);
  const none = noSiteReason(swapped);
  return none === undefined ? { spec: swapped } : { none: `the dopant is the majority, and with the roles swapped ${none}` };
}

/**
 * A majority dopant's site call with the roles swapped, as made (predictionStage.ts): the record the
 * ordering term, its BM404 and BM405, and a calibration read, so none reads it back from the term's
 * inputs or a message.
 */
export interface SwappedSiteCall {
  /** What was asked (swappedRoles): the host as the dopant of a cluster of the dopant metal, at the opposite site. */
  spec: RecipeSpec;
  /** Its ΔE′ = E(core) − E(surface) of the host (`point`), with its interval, domain verdict and reasons. */
  site: Prediction;
  /** The member's structure file's core-labelled atoms (MemberAnalysis.fileCoreSites), which count m′ where no template's core does. */
  fileCoreSites: number | undefined;
  /** The record's descriptors of `spec`, which a calibration of ΔE reads (calibration/apply.ts): made when read, since only a calibration does. */
  descriptors(): DescriptorRecord;
}

/** The recipe with host and dopant swapped, and its stated core or surface site with them: the same arrangement. */
export function swappedRoles(spec: RecipeSpec): RecipeSpec {
  const site = spec.site === 'core' ? 'surface' : spec.site === 'surface' ? 'core' : spec.site;
  return { ...spec, host: spec.dopant, dopant: spec.host, site };
}

/** `Au 73 as the dopant of Zr 74 at the core`: the swapped call as the ordering term and its BM404 name it (no comma: the inputs are listed with commas). */
export function swappedRolesText(swapped: RecipeSpec): string {
  return `${swapped.dopant.element} ${swapped.dopant.count} as the dopant of ${swapped.host.element} ${swapped.host.count} at the ${swapped.site}`;
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
