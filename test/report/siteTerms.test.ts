/**
 * The one rule the hover, the panel's tooltip and `--explain` follow for the site's terms: which
 * they name, and when they say the terms sum to the shipped ΔE rather than the ΔE shown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalibrationSummary, SiteTermRecord } from '../../engine/src/scoreRecord';
import { largestSiteTerms, shippedSiteDeltaE, SITE_TERMS_NAMED } from '../../report/src/siteTerms';

function term(key: string, value: number): SiteTermRecord {
  return { key, symbol: key, input: { name: key, value: 1, unit: '–' }, weight: value, value };
}

const TERMS = [term('a', 0.2), term('b', -0.9), term('c', 0.004), term('d', -0.004), term('e', 0.5), term('f', -0.3)];
const calibration: CalibrationSummary = { labels: 5, cvMae: 0.1, coverage: 0.9, weight: 1 };

test('the named terms are the largest by |value|, at most three, none that shows as 0.00', () => {
  assert.equal(SITE_TERMS_NAMED, 3);
  assert.deepEqual(largestSiteTerms(TERMS).map((t) => t.key), ['b', 'e', 'f']);
  assert.deepEqual(largestSiteTerms([term('c', 0.004), term('a', -0.2)]).map((t) => t.key), ['a'], '±0.004 eV shows as 0.00');
  assert.deepEqual(largestSiteTerms(undefined), []);
});

test('the shipped ΔE is named only where a calibration moved the ΔE shown away from the terms\' sum', () => {
  const sum = TERMS.reduce((s, t) => s + t.value, 0); // −0.5
  assert.equal(shippedSiteDeltaE({ deltaE: sum, terms: TERMS }), undefined, 'no calibration');
  assert.equal(shippedSiteDeltaE({ deltaE: sum + 3e-5, calibration, terms: TERMS }), undefined, 'a calibration that keeps the shipped point: the record rounds, the sum agrees as shown');
  assert.equal(shippedSiteDeltaE({ deltaE: -0.2, calibration, terms: TERMS }), sum);
  assert.equal(shippedSiteDeltaE({ deltaE: sum - 0.002, calibration, terms: TERMS }), undefined, 'moved by less than ΔE shows');
  assert.equal(shippedSiteDeltaE({ deltaE: sum - 0.002, calibration, terms: TERMS }, 3), sum, "at --explain's three decimals it shows");
  assert.equal(shippedSiteDeltaE({ deltaE: -0.2, calibration }), undefined, 'no terms');
});
