/**
 * The site ΔE's terms (a record's `site.terms`) as every view sums and picks them: the hover's
 * "Why:" line, the results panel's tooltip and `--explain`. The terms are the shipped site model's,
 * so under a calibration that moves ΔE they sum to the shipped ΔE, not to the one shown.
 */
import type { SiteRecord, SiteTermRecord } from '../../engine/src/scoreRecord';
import { num } from './numbers';
import { QUANTITIES } from './quantities';

/** How many terms a one-line view names (the hover and the panel's tooltip; `--explain` lists all). */
export const SITE_TERMS_NAMED = 3;

/** The site's largest terms by |contribution|, those that show as 0 at ΔE's decimals left out, at most SITE_TERMS_NAMED. */
export function largestSiteTerms(terms: readonly SiteTermRecord[] | undefined): SiteTermRecord[] {
  const { decimals } = QUANTITIES.siteDeltaE;
  const zero = num(0, decimals);
  return (terms ?? [])
    .filter((t) => num(t.value, decimals) !== zero)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, SITE_TERMS_NAMED);
}

/**
 * The shipped model's ΔE (what the terms sum to) where a calibration moved the ΔE shown away from
 * it at `decimals`; undefined where the terms sum to the ΔE shown (no calibration, one that keeps
 * the shipped points, or no terms). Compared as shown because the terms are the record's rounded
 * numbers, which sum to the model's float32 output only within its last digits.
 */
export function shippedSiteDeltaE(site: Pick<SiteRecord, 'deltaE' | 'calibration' | 'terms'>, decimals = QUANTITIES.siteDeltaE.decimals): number | undefined {
  if (!site.calibration || !site.terms) return undefined;
  const shipped = site.terms.reduce((sum, t) => sum + t.value, 0);
  return num(shipped, decimals) === num(site.deltaE, decimals) ? undefined : shipped;
}
