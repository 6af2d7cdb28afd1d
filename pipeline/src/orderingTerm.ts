/**
 * The ordering term of E_form: what placing the dopant at the site the recipe states costs, from
 * the site model's ΔE = E(core) − E(surface). It is charged only when the stated site is the one
 * the dopant does not prefer, so that for one recipe written with `site core` and with `site surface`
 *   E_form(core) − E_form(surface) = (m / N) · ΔE
 * exactly (max(0, ΔE) − max(0, −ΔE) = ΔE), while the preferred ordering keeps E_form unchanged,
 * where m counts the dopant atoms the stated site moves between core and surface: at most the core
 * sites, less those the surface cannot hold either way, m = min(n_dopant, n_core) − max(0,
 * n_dopant − n_surface), with the core of the template of the recipe's size (also for a structure
 * file, whose stated site counts as for that template: BM315). A 13-atom icosahedron has one core
 * site, so its sixth Pt atom costs nothing more. Charging every dopant atom made Au7Pt6 `site surface` cost 0.44 eV/atom against at most 0.074, and E_form jump by 0.5–1.1 eV/atom
 * where the next dopant atom made the dopant the majority (no site call, so no term).
 * `site mixed` states no ordering: the term is 0, as for a structure file that places the dopant
 * atoms itself (`filePlacesDopant`: its arrangement is in the mixing term).
 *
 * The term's value comes from the site model's point, but ΔE is only known to within the site
 * interval (about ±1 eV), so E_form's interval takes the term's range over that interval: its lower
 * end adds the smallest cost the site interval allows, its upper end the largest. Shifting both ends
 * by the point's cost, as the size and environment terms do, left that error out of the interval.
 * The site model is asked only about a minority dopant. A majority dopant's stated site is the
 * minority metal's opposite one (`site surface` for Zr in Au73Zr74 puts the 73 Au atoms in the core),
 * so it is priced by the site call with the roles swapped (siteCall.ts swappedSite): Au as the dopant of
 * Zr74 at the core, its ΔE′ and m′ counted for Au, so that E_form(core) − E_form(surface) = −m′·ΔE′/N.
 * Unpriced, Au73Zr74 `site surface` had no term (−5.018 eV/atom) where Au74Zr73 had +0.613 (−4.384).
 * Where a site is stated and there is no ΔE to cost it by (equal counts, where neither metal is the
 * minority; the site model is missing), or a structure file's arrangement has no bond-centric data to price it (Au–Cd),
 * the term is 0 and unknown, and the prediction is outside the domain for it: a narrow interval
 * beside an unknown cost would claim what nothing measured. An unknown cost of a stated site is
 * still never negative, so E_form's interval keeps its lower end and has no upper one (BM405).
 * A site call outside the site model's domain leaves E_form outside its own (pricedBy): its 0 for a
 * preferred site is as much its answer as a cost.
 */
import { ENERGY_UNIT, type EnergyTerm } from '../../engine/src/inference/energyTerms';
import type { Prediction } from '../../engine/src/inference/runtime';
import { hasBondCentricData } from '../../engine/src/physics/bondCentric';
import type { RecipeSpec } from '../../engine/src/recipe';
import { tidy } from '../../engine/src/significant';
import { coreSitesAtSize, memberCore } from '../../grammar/src/index';
import { swappedRolesText, type SwappedSiteCall } from './siteCall';

const DEFINITION =
  'ΔE_order = (m/N)·max(0, ΔE) for `site core`, (m/N)·max(0, −ΔE) for `site surface`, 0 for `site mixed`, with m = min(n_dopant, n_core) − max(0, n_dopant − n_surface) the dopant atoms the stated site moves between core and surface and ΔE = E(core) − E(surface) from the site model: the cost of the stated dopant site, so E_form(core) − E_form(surface) = m·ΔE/N. The E_form interval adds its range over the site model\'s interval of ΔE';

const SWAPPED_DEFINITION =
  'For a majority dopant, priced by the site model with the roles swapped: its stated site is the opposite one for the minority metal (the host), so ΔE_order = (m′/N)·max(0, ΔE′) for `site surface` (the host in the core), (m′/N)·max(0, −ΔE′) for `site core` (the host at the surface), with ΔE′ = E(core) − E(surface) of the host as the dopant of a cluster of the dopant metal and m′ = min(n_host, n_core) − max(0, n_host − n_surface): the cost of the stated dopant site, so E_form(core) − E_form(surface) = −m′·ΔE′/N. The E_form interval adds its range over the site model\'s interval of ΔE′';

/** What the ordering term adds to E_form: its value (from the site model's point), and to each interval end. */
export interface Ordering {
  term: EnergyTerm;
  /** Added to E_form's lower and upper ends: the term at the ends of the site interval (both the value when it is exact without ΔE; 0 and +∞ when a stated site has no ΔE to price it). */
  lower: number;
  upper: number;
  /** Why the site call that prices the term is outside the site model's domain, which puts E_form outside its own (withOrdering). */
  outsideDomain?: string;
  /** Why no site call prices the stated site, where that leaves the upper end open (BM405 quotes it). */
  unpriced?: string;
}

/**
 * The ordering term of a recipe. `site` is its site prediction, or null with `noSite` saying why
 * (undefined: the site model gave none, e.g. it failed to load); `swapped`, a majority dopant's
 * call with the roles swapped, which prices its stated site instead.
 */
export function ordering(spec: RecipeSpec, site: Prediction | null, noSite: string | undefined, filePlacesDopant: boolean, fileCoreSites?: number, swapped?: SwappedSiteCall): Ordering {
  const exactly = (value: number, source: string, supported: boolean): Ordering => {
    const term = orderingTerm(spec, value, source, supported, {});
    return { term, lower: value, upper: value };
  };
  if (filePlacesDopant) {
    // Without bond-centric data for the pair the arrangement has no price anywhere (bcm_ordering is 0).
    if (!hasBondCentricData(spec.host.element, spec.dopant.element)) {
      return exactly(0, `structure file: it places the dopant atoms, but no bond-centric data prices the arrangement of ${spec.host.element}–${spec.dopant.element}: ΔE_order is 0 and unknown`, false);
    }
    return exactly(0, 'structure file: it places the dopant atoms, and its arrangement enters the mixing term (bond-centric ordering), not this one', true);
  }
  if (spec.site === 'mixed') return exactly(0, 'recipe: site mixed states no ordering', true);
  if (site) return pricedBy(site, `the ${site.model} prediction`, pricedOrdering(spec, site, fileCoreSites));
  if (swapped) return pricedBy(swapped.site, `the ${swapped.site.model} prediction with the roles swapped (${swappedRolesText(swapped.spec)})`, swappedOrdering(spec, swapped));
  // A core without an interior leaves `site surface` nothing to choose, whichever metal is the minority, nor does a
  // structure file with no core to move an atom into: 0 is exact there.
  const exact =
    spec.structure === undefined ? spec.site === 'surface' && 'none' in memberCore(spec.topology, spec.host.count + spec.dopant.count) : orderingShare(spec, fileCoreSites).share === 0;
  const why = noSite ?? 'the site model gave none';
  const source = `no site prediction (${why}): ΔE_order is 0${exact ? '' : ' and unknown'}`;
  if (exact) return exactly(0, source, true);
  // The cost is max(0, ±ΔE) times m/N, never below 0, so without ΔE it can only raise E_form by an
  // amount nothing bounds: the lower end stays, the upper is unbounded (Au73Pd74 `site surface`
  // kept Au73Pd74 `site mixed`'s width 0.16 eV/atom, where Au74Pd73's priced term made it 0.65).
  return { term: orderingTerm(spec, 0, source, false, {}), lower: 0, upper: Infinity, unpriced: why };
}

/**
 * A term priced by the site call `call` (`named` as the reason names it), outside the domain where the
 * call is: the term is that call's answer, 0 included, since a stated site costs nothing only where
 * the call prefers it (Au140Pt7 `site core`, site-v2's ΔE −0.71 eV outside its domain: 0, where a ΔE
 * above 0 would cost 7/147 of it), and E_form's interval spans the call's interval.
 */
function pricedBy(call: Prediction, named: string, priced: Ordering): Ordering {
  return call.inDomain ? priced : { ...priced, outsideDomain: `the ordering term ΔE_order of the stated site is priced by ${named}, which is outside its applicability domain` };
}

/** An estimate of ΔE = E(core) − E(surface) that prices a stated site: the site model's, or a calibration's of it. */
export type SiteEstimate = Pick<Prediction, 'point' | 'lower' | 'upper' | 'model'>;

/**
 * The ordering term of a recipe that states `site core` or `site surface`, priced by `site`. A
 * calibration of ΔE prices it again (calibration/apply.ts), so that E_form(core) − E_form(surface)
 * stays m·ΔE/N with the ΔE the record shows.
 */
export function pricedOrdering(spec: RecipeSpec, site: SiteEstimate, fileCoreSites?: number): Ordering {
  const cost = siteCost(spec, site, fileCoreSites);
  const term = orderingTerm(spec, cost.value, `model ${site.model}: ΔE = E(core) − E(surface) = ${Number(site.point.toPrecision(4))} eV`, true, {
    'ΔE_site': tidy(site.point),
    n_dopant: spec.dopant.count,
    ...(cost.coreSites === undefined ? {} : { n_core: cost.coreSites }),
    N: cost.nMetal,
  });
  return { term, lower: cost.lower, upper: cost.upper };
}

/** A call with the roles swapped (SwappedSiteCall) with its ΔE′, or a calibration's estimate of it. */
export type SwappedEstimate = Pick<SwappedSiteCall, 'spec' | 'fileCoreSites'> & { site: SiteEstimate };

/**
 * A majority dopant's ordering term, priced by the call with the roles swapped (`call`, or a
 * calibration's estimate of its ΔE′: calibration/apply.ts): its inputs are that call's (the host's
 * ΔE′ with its interval, which no site record shows, and its count), its value what the same
 * arrangement costs stated for the host.
 */
export function swappedOrdering(spec: RecipeSpec, call: SwappedEstimate): Ordering {
  const { spec: asked, site } = call;
  const cost = siteCost(asked, site, call.fileCoreSites);
  const source = `model ${site.model} with the roles swapped (${swappedRolesText(asked)}): ΔE′ = E(core) − E(surface) of ${asked.dopant.element} = ${Number(site.point.toPrecision(4))} eV`;
  const term = orderingTerm(
    spec,
    cost.value,
    source,
    true,
    {
      'swapped roles': swappedRolesText(asked),
      'ΔE′_site': tidy(site.point),
      'ΔE′_site lower': tidy(site.lower),
      'ΔE′_site upper': tidy(site.upper),
      n_host: asked.dopant.count,
      ...(cost.coreSites === undefined ? {} : { n_core: cost.coreSites }),
      N: cost.nMetal,
    },
    SWAPPED_DEFINITION,
  );
  return { term, lower: cost.lower, upper: cost.upper };
}

/** How far an ordering term reaches below and above its value over the interval of the ΔE that priced it. */
export function orderingReach({ term, lower, upper }: Ordering): { below: number; above: number } {
  return { below: term.value - lower, above: upper - term.value };
}

/** What stating `spec.site` costs at ΔE's point (`value`) and, at the ends of its interval, the least and most. */
function siteCost(spec: RecipeSpec, site: Pick<SiteEstimate, 'point' | 'lower' | 'upper'>, fileCoreSites?: number) {
  const { share, coreSites, nMetal } = orderingShare(spec, fileCoreSites);
  // The cost is monotone in ΔE (rising for core, falling for surface): its range over the site interval lies at its ends.
  const atEnds = [site.lower, site.upper].map((end) => orderingCost(share, spec.site, end));
  return { value: orderingCost(share, spec.site, site.point), lower: Math.min(...atEnds), upper: Math.max(...atEnds), coreSites, nMetal };
}

/**
 * m/N of the module comment: the share of the recipe's atoms its stated site moves between core and
 * surface. `fileCoreSites`: the structure file's own core-labelled atoms (MemberAnalysis.fileCoreSites).
 */
export function orderingShare(spec: RecipeSpec, fileCoreSites?: number): { share: number; coreSites: number | undefined; nMetal: number } {
  const nMetal = spec.host.count + spec.dopant.count;
  // A site prediction is made only for a cluster with a core (siteCall.ts) or a structure file, whose size
  // counts as the templates closing a shell there, whatever its own labels (a relaxed 147-atom Pt–Au file whose
  // relaxation opened 6 interior atoms has 49 core atoms, the template 55).
  // At a size no template closes (a 38-atom truncated octahedron) the file's own labels are all there is:
  // counting every dopant atom there charged Au20Ni18 `site surface` for 18 atoms where 6 core sites can
  // hold at most 6. Only a file with no labelled core leaves it unknown, and every dopant atom counts.
  // Counted here, where a stated site is charged: most members state none.
  const core = spec.topology && memberCore(spec.topology, nMetal);
  const fileCore = spec.structure !== undefined && fileCoreSites !== undefined && fileCoreSites > 0 ? fileCoreSites : undefined;
  const coreSites = core ? ('sites' in core ? core.sites : undefined) : (coreSitesAtSize(nMetal) ?? fileCore);
  const nCore = coreSites ?? spec.dopant.count;
  const moved = Math.min(spec.dopant.count, nCore) - Math.max(0, spec.dopant.count - (nMetal - nCore));
  return { share: moved / nMetal, coreSites, nMetal };
}

/** The ordering term for a ΔE = E(core) − E(surface): `share` (orderingShare) times what stating `site` costs per dopant atom, nothing at the preferred site. */
export function orderingCost(share: number, site: RecipeSpec['site'], deltaE: number): number {
  return share * (site === 'core' ? Math.max(0, deltaE) : Math.max(0, -deltaE));
}

/** The core sites a priced ordering term was counted with (its input n_core), to price it again with the same m. */
export function termCoreSites(term: { inputs: Readonly<Record<string, number | string>> }): number | undefined {
  const nCore = term.inputs.n_core;
  return typeof nCore === 'number' ? nCore : undefined;
}

/** Whether an E_form term is the ordering term priced by a site ΔE (a stated core or surface site, not a structure file's or `site mixed`'s 0). */
export function isSitePriced(term: { key: string; inputs: Readonly<Record<string, number | string>> }): boolean {
  return term.key === 'ordering' && term.inputs['ΔE_site'] !== undefined;
}

function orderingTerm(spec: RecipeSpec, value: number, source: string, supported: boolean, inputs: Record<string, number | string>, definition = DEFINITION): EnergyTerm {
  return { key: 'ordering', symbol: 'ΔE_order', value, unit: ENERGY_UNIT, definition, source, inputs: { site: spec.site, ...inputs }, supported };
}

/** `prediction` with the ordering term added to its point, its interval ends and its list of terms; out of domain where the term is unknown, or priced by a site call outside its domain. */
export function withOrdering(prediction: Prediction, { term, lower, upper, outsideDomain }: Ordering): Prediction {
  const reason = term.supported ? outsideDomain : `the ordering energy is not known: ${term.source}`;
  return {
    ...prediction,
    ...(reason === undefined ? {} : { inDomain: false, domainReasons: prediction.domainReasons.concat(reason) }),
    point: prediction.point + term.value,
    modelPoint: prediction.modelPoint + term.value,
    lower: prediction.lower + lower,
    upper: prediction.upper + upper,
    bounded: Number.isFinite(prediction.lower + lower) && Number.isFinite(prediction.upper + upper),
    // concat allocates the exact length; a spread leaves room for 20 items, in every prediction an editor keeps.
    terms: prediction.terms.concat([term]),
  };
}
