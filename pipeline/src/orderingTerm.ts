/**
 * The ordering term of E_form: what placing the dopant at the site the recipe states costs, from
 * the site model's ΔE = E(core) − E(surface). It is charged only when the stated site is the one
 * the dopant does not prefer, so that for one recipe written with `site core` and with `site surface`
 *   E_form(core) − E_form(surface) = (n_dopant / N) · ΔE
 * exactly (max(0, ΔE) − max(0, −ΔE) = ΔE), while the preferred ordering keeps E_form unchanged.
 * `site mixed` states no ordering: the term is 0, as for a structure file that places the dopant
 * atoms itself (`filePlacesDopant`: its arrangement is in the mixing term).
 */
import { ENERGY_UNIT, type EnergyTerm } from '../../engine/src/inference/energyTerms';
import type { Prediction } from '../../engine/src/inference/runtime';
import type { RecipeSpec } from '../../engine/src/recipe';
import { tidy } from '../../engine/src/significant';

const DEFINITION =
  'ΔE_order = (n_dopant/N)·max(0, ΔE) for `site core`, (n_dopant/N)·max(0, −ΔE) for `site surface`, 0 for `site mixed`, with ΔE = E(core) − E(surface) from the site model: the cost of the stated dopant site, so E_form(core) − E_form(surface) = n_dopant·ΔE/N';

/**
 * The ordering term of a recipe. `site` is its site prediction, or null with `noSite` saying why
 * (undefined: the site model gave none, e.g. it failed to load).
 */
export function orderingTerm(spec: RecipeSpec, site: Prediction | null, noSite: string | undefined, filePlacesDopant: boolean): EnergyTerm {
  const nMetal = spec.host.count + spec.dopant.count;
  const term = (value: number, source: string, supported: boolean, inputs: Record<string, number | string> = {}): EnergyTerm => ({
    key: 'ordering',
    symbol: 'ΔE_order',
    value,
    unit: ENERGY_UNIT,
    definition: DEFINITION,
    source,
    inputs: { site: spec.site, ...inputs },
    supported,
  });
  if (filePlacesDopant) {
    return term(0, 'structure file: it places the dopant atoms, and its arrangement enters the mixing term (bond-centric ordering), not this one', true);
  }
  if (spec.site === 'mixed') return term(0, 'recipe: site mixed states no ordering', true);
  if (!site) {
    // A core without an interior leaves `site surface` nothing to choose: 0 is exact there.
    const exact = noSite !== undefined && spec.site === 'surface' && spec.dopant.count < spec.host.count;
    return term(0, `no site prediction (${noSite ?? 'the site model gave none'}): ΔE_order is 0${exact ? '' : ' and unknown'}`, exact);
  }
  const deltaE = site.point;
  const penalty = spec.site === 'core' ? Math.max(0, deltaE) : Math.max(0, -deltaE);
  return term((spec.dopant.count / nMetal) * penalty, `model ${site.model}: ΔE = E(core) − E(surface) = ${Number(deltaE.toPrecision(4))} eV`, true, {
    'ΔE_site': tidy(deltaE),
    n_dopant: spec.dopant.count,
    N: nMetal,
  });
}

/** `prediction` with `term` added to its point, both interval ends and its list of terms. */
export function withTerm(prediction: Prediction, term: EnergyTerm): Prediction {
  return {
    ...prediction,
    point: prediction.point + term.value,
    modelPoint: prediction.modelPoint + term.value,
    lower: prediction.lower + term.value,
    upper: prediction.upper + term.value,
    // concat allocates the exact length; a spread leaves room for 20 items, in every prediction an editor keeps.
    terms: prediction.terms.concat([term]),
  };
}
