import { FEATURE_NAMES, FEATURE_SCHEMA_VERSION, featureIndex } from '../../engine/src/features/schema';
import type { CardDomain } from '../../engine/src/inference/domain';
import type { EnergyTermsFile } from '../../engine/src/inference/energyTerms';
import { neutralEnergyTerms } from '../helpers/energyTerms';
import { agreeingFoldsModel, cvPlusCalibration, writeModelFiles } from '../helpers/linearModel';

/**
 * A model folder (models/FORMAT.md) holding small linear ONNX models written for the pipeline
 * tests, so predictions can be checked against numbers the test computes from the record itself:
 * E_form = EFORM_SLOPE × ratio + EFORM_INTERCEPT + anchor and ΔE_site = SITE_SLOPE × ratio + SITE_INTERCEPT,
 * where the anchor (size + environment terms) is 0 unless a terms file is given.
 * Not a stand-in for the shipped models (their parity test covers those).
 */
export const EFORM_SLOPE = 2;
export const EFORM_INTERCEPT = -3;
export const SITE_SLOPE = -1;
export const SITE_INTERCEPT = 0.1;

function linearOnRatio(slope: number, intercept: number): Uint8Array {
  const w = new Array<number>(FEATURE_NAMES.length).fill(0);
  w[featureIndex('ratio')] = slope;
  return agreeingFoldsModel(w, intercept);
}

/** Twenty held-out residuals 0.05, 0.10, …, 1.00 in one calibration group. */
const residuals = Array.from({ length: 20 }, (_, i) => 0.05 * (i + 1));
const conformal = cvPlusCalibration(residuals, residuals.map(() => 'all'), 'none');

function card(name: string, domain: CardDomain) {
  return {
    name,
    version: 'test',
    features: FEATURE_NAMES,
    featureSchema: FEATURE_SCHEMA_VERSION,
    domain,
    knows: [`${name} test knowledge`],
    doesNotKnow: [`${name} test ignorance`],
  };
}

export interface ModelFixtureOptions {
  /** Write the site model too (default true). */
  site?: boolean;
  /** Elements the models claim to have seen; others are out of domain. */
  elements?: string[];
  /** Further card `domain` fields (the v2 joint checks). */
  domain?: CardDomain;
  /** Card `domain` fields of the site model alone, over `domain`: a recipe outside the site model's domain and inside E_form's. */
  siteDomain?: CardDomain;
  /** The E_form anchor; default: neutral terms (an anchor of 0). */
  terms?: EnergyTermsFile;
}

export function writeLinearModels(dir: string, options: ModelFixtureOptions = {}): void {
  const elements = options.elements ?? ['Au', 'Ag', 'Cu', 'Ru', 'Pd', 'Pt', 'Ni', 'Ir'];
  const models: Array<[string, number, number, CardDomain | undefined]> = [['eform-v2', EFORM_SLOPE, EFORM_INTERCEPT, undefined]];
  if (options.site !== false) models.push(['site-v2', SITE_SLOPE, SITE_INTERCEPT, options.siteDomain]);
  for (const [name, slope, intercept, own] of models) {
    writeModelFiles(dir, name, { onnx: linearOnRatio(slope, intercept), card: card(name, { elements, ...options.domain, ...own }), conformal });
  }
  writeModelFiles(dir, 'eform-v2', { terms: options.terms ?? neutralEnergyTerms() });
}
