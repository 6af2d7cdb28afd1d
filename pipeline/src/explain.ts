import type { CalibrationTarget, TargetCalibration } from '../../engine/src/calibration/file';
import { explainDescriptors } from '../../engine/src/descriptors';
import { calibrationGroupText, unboundedCauseIn } from '../../engine/src/inference/diagnostics';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import type { ModelCard, Prediction } from '../../engine/src/inference/runtime';
import { coveragePercent, fixedText, intervalText, roundedText } from '../../engine/src/numberText';
import type { CalibrationSummary, PredictionRecord, ScoreRecord, SiteRecord, TermRecord } from '../../engine/src/scoreRecord';
import { maeAgainstShippedText } from '../../report/src/calibrationQuality';
import { maeAgainstShipped } from './calibration/report';
import { QUANTITIES, type Verdict } from '../../report/src/quantities';
import { shippedSiteDeltaE } from '../../report/src/siteTerms';
import { calibratedInterval, calibrationTerm, heldOutPhrase, keepsShippedPoints, type RecordCalibrator } from './calibration/apply';
import { uncalibratedIntervalText } from './calibration/intervalSource';
import { noSiteReason } from './siteCall';
import { shownSiteTerms, siteTermArithmetic, siteTermDirection, siteTermFoldsText } from './siteTermsText';
import type { ScoredMember } from './types';

/**
 * How every number of a member's record was obtained, as text lines (`bimetal score --explain`):
 * each descriptor's definition, inputs and source, then each prediction's model, interval, domain
 * and the terms E_form is the sum of, and each label's residual. `record` is the record shown beside
 * the explanation: its numbers are the ones explained (calibrated under `--calibration`, where they
 * differ from the member's shipped prediction), and the member says how the shipped ones were made.
 * `calibrator` is the calibration the record was made with, if any: its fitted targets say what
 * the record's summary of it leaves out (the shipped model's MAE on the labels, the residuals
 * behind an interval).
 */
export function explainMember(member: ScoredMember, record: ScoreRecord, calibrator?: RecordCalibrator): string[] {
  const lines = explainDescriptors(member.descriptors).split('\n');
  lines.push(...explainPrediction('E_form', 'eV per metal atom (first paper, eq. 1)', member.prediction, shownEForm(record.prediction, member, calibrator), member));
  const reference = member.spec.energy;
  if (reference !== undefined) lines.push(`      reference E_form from the recipe's \`energy\`: ${reference} eV/atom${residualText(record.residual, 'eV/atom', QUANTITIES.residual.verdict?.(record))}`);
  const noSite = noSiteReason(member.spec);
  if (member.site && record.site) {
    lines.push(...explainPrediction('ΔE site', 'eV, E(core) − E(surface)', member.site, shownSite(record.site, member.site, member, calibrator), member));
    lines.push(...explainSiteTerms(member.site, record.site));
    // The sign is a convention, stated apart from the call: only the whole interval on one side of zero makes one.
    lines.push('      sign: negative means core, positive surface; a call needs the whole interval on one side of zero');
    lines.push(`      preferred site: ${record.site.preferred}`);
  } else if (noSite) {
    lines.push(`  ΔE site: not predicted (${noSite})`);
  } else {
    lines.push(...explainPrediction('ΔE site', '', null, null, member));
  }
  const siteLabel = member.spec.siteEnergy;
  if (siteLabel !== undefined) {
    const residual = record.site ? residualText(record.site.residual, 'eV') : '; no site prediction to compare it with';
    lines.push(`      reference ΔE from the recipe's \`siteEnergy\`: ${siteLabel} eV${residual}`);
  }
  return lines;
}

/** `; residual (reference − prediction) = -1.088 eV/atom`, as the record computed it, with the record's verdict on it when there is one. */
function residualText(residual: number | undefined, unit: string, verdict?: Verdict): string {
  if (residual === undefined) return '';
  return `; residual (reference − prediction) = ${fixedText(residual, 3)} ${unit}${verdict ? `: ${verdict.text}` : ''}`;
}

/** What the record shows of an estimate: its point and interval, and the calibration behind them when one applies. */
interface ShownEstimate {
  point: number;
  lower: number;
  upper: number;
  coverage: number;
  model: string;
  /** The unit the calibration's CV MAE is in. */
  unit: string;
  calibration?: ShownCalibration;
  /** The calibration's shift of the point, a term of E_form (the site has no terms). */
  shift?: TermRecord;
  /** The record's terms of the point (E_form's; none for the site): their values are the ones explained. */
  terms: readonly TermRecord[];
}

/** The calibration behind a shown estimate: what the record says of it, and the fitted target it came from. */
interface ShownCalibration {
  summary: CalibrationSummary;
  target: TargetCalibration;
  /** How many of the user's residuals the interval was made from (residualsBehind). */
  residuals: number;
  /** Whether the calibration makes the interval at all (RecordCalibrator.boundsInterval). */
  bounds: boolean;
}

function shownEForm(p: PredictionRecord | null, member: ScoredMember, calibrator: RecordCalibrator | undefined): ShownEstimate | null {
  if (!p) return null;
  const calibration = shownCalibration(p.calibration, 'eForm', member, calibrator);
  return { ...calibratedInterval(p), model: p.model, unit: 'eV/atom', calibration, shift: p.terms.find((t) => t.key === 'calibration'), terms: p.terms };
}

function shownSite(s: SiteRecord, base: Prediction, member: ScoredMember, calibrator: RecordCalibrator | undefined): ShownEstimate {
  const calibration = shownCalibration(s.calibration, 'siteEnergy', member, calibrator);
  // A site record has no model field: a calibrated ΔE is named as the calibrated E_form is
  // (eform-v2+cal:ID), so the model line does not pass it off as the shipped model's.
  const model = calibration && calibrator ? calibrator.modelName(base.model) : base.model;
  // JSON writes an unbounded end as null; a calibration keeps the site prediction's coverage.
  return { point: s.deltaE, lower: s.lower ?? -Infinity, upper: s.upper ?? Infinity, coverage: base.coverage, model, unit: 'eV', calibration, terms: [] };
}

function shownCalibration(
  summary: CalibrationSummary | undefined,
  name: CalibrationTarget,
  member: ScoredMember,
  calibrator: RecordCalibrator | undefined,
): ShownCalibration | undefined {
  if (!summary) return undefined;
  const target = calibrator?.file.targets[name];
  const residuals = calibrator?.residualCount(member, name);
  // Only the calibration a record is explained with can have calibrated it (runScore passes both).
  if (!target || residuals === undefined) throw new Error(`a record calibrated on ${name} is explained without its calibration`);
  return { summary, target, residuals, bounds: calibrator.boundsInterval(member, name) };
}

/** A term's inputs as `name = value, …`: what --explain and the hover show, so the term can be checked by hand. */
export function termInputsText(inputs: EnergyTerm['inputs']): string {
  return Object.entries(inputs)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ');
}

/**
 * The terms as the record holds them (`recorded`, by key: values tidied, as the hover and the CSV
 * show them, with their inputs and source), and what each is (`terms`: symbol and definition). The
 * record's, not the shipped prediction's: a calibration of ΔE prices the ordering term again
 * (calibration/apply.ts), with its own ΔE_site and source.
 */
function explainTerms(terms: readonly EnergyTerm[], recorded: readonly TermRecord[]): string[] {
  if (terms.length === 0) return [];
  const byKey = new Map(recorded.map((t) => [t.key, t]));
  const lines = ['      terms (they sum to the point; size and environment shift both interval ends alike, the ordering term adds its range over the site interval):'];
  for (const t of terms) {
    const r = byKey.get(t.key)!;
    lines.push(`        ${t.symbol} = ${fixedText(r.value, 3)} ${r.unit}${r.supported ? '' : ' (unsupported: no data behind this value)'}`);
    lines.push(`            ${t.definition}`);
    if (Object.keys(r.inputs).length > 0) lines.push(`            inputs: ${termInputsText(r.inputs)}`);
    lines.push(`            source: ${r.source}`);
  }
  return lines;
}

/** The decimals of a site term's eV in `--explain` (finer than the views' ΔE: terms of a few meV add up). */
const EXPLAIN_SITE_DECIMALS = 3;

/**
 * The site ΔE's terms (site-v2.terms.json), largest first, each with its value, the arithmetic that
 * made it (weight × input, the record's numbers), its definition, then where the weights come from;
 * or why there are none. Nothing without a terms file. The terms are the shipped model's: under a
 * calibration they sum to its ΔE, which the calibration then moves.
 */
function explainSiteTerms(base: Prediction, site: SiteRecord): string[] {
  const breakdown = base.siteTerms;
  if (!breakdown) return [];
  if (breakdown.problem !== undefined || !site.terms) return [`      terms: none shown (${breakdown.problem ?? 'the record holds none'})`];
  const shown = shownSiteTerms(site.terms, breakdown);
  const shipped = shippedSiteDeltaE(site, EXPLAIN_SITE_DECIMALS);
  const total = shipped === undefined ? 'ΔE' : `the shipped ${base.model}'s ΔE, ${fixedText(shipped, EXPLAIN_SITE_DECIMALS)} eV, which the calibration then moves`;
  const lines = [
    `      terms (they sum to ${total}; largest first; positive moves the dopant to the surface, negative into the core; the weights of ${siteTermFoldsText(breakdown)}):`,
  ];
  for (const s of shown) {
    const direction = siteTermDirection(s.term.value);
    lines.push(`        ${s.term.symbol} = ${fixedText(s.term.value, 3)} eV${direction === 'neither' ? '' : ` (to the ${direction})`} = ${siteTermArithmetic(s)}`);
    lines.push(`            ${s.definition}`);
  }
  const others = site.terms.filter((t) => !shown.some((s) => s.term === t)).map((t) => t.key);
  if (others.length > 0) lines.push(`        (${others.join(', ')}: the other side of 0 from the input, 0 here)`);
  if (breakdown.layout.source) lines.push(`        source: ${breakdown.layout.source}`);
  return lines;
}

/** The card's `knows` / `doesNotKnow` lines, when the card has them. */
export function modelScopeLines(card: ModelCard | undefined): string[] {
  const lines: string[] = [];
  if (card?.knows?.length) lines.push(`trained on: ${card.knows.join('; ')}`);
  if (card?.doesNotKnow?.length) lines.push(`not trained on: ${card.doesNotKnow.join('; ')}`);
  return lines;
}

/**
 * A prediction as the record shows it (`shown`): under a calibration its point, interval and model
 * are the calibration's, followed by what the shipped model alone gave; the calibration group,
 * domain, model card and terms are the shipped model's, which a calibration leaves as they are
 * (it moves the point towards the user's labels but adds nothing to what the model was trained on).
 */
function explainPrediction(label: string, unit: string, base: Prediction | null, shown: ShownEstimate | null, { cards, diagnostics }: Pick<ScoredMember, 'cards' | 'diagnostics'>): string[] {
  if (!base || !shown) return [`  ${label}: no prediction (see the diagnostics for why)`];
  // Why an interval is unbounded is BM405's to say (too few points in the group, or none of the recipe's kind).
  const unbounded = base.bounded ? undefined : unboundedCauseIn(diagnostics, base.model);
  const group = calibrationGroupText(base);
  // BM405 names the group itself where its own points fell short; naming it before too wrote it twice in one line.
  const conformal = unbounded?.startsWith(group) ? `CV+; BM405: ${unbounded}` : `CV+ on ${group}${unbounded ? `; BM405: ${unbounded}` : ''}`;
  const provenance = shown.calibration
    ? [
        ...calibrationLines(shown, shown.calibration),
        `      the shipped ${base.model} alone: ${fixedText(base.point, 3)}, interval ${intervalText(base.lower, base.upper, 3)}, ${conformal}`,
      ]
    : [`      interval: ${intervalText(shown.lower, shown.upper, 3)} at ${coveragePercent(shown.coverage)} coverage, ${conformal}`];
  return [
    `  ${label} = ${fixedText(shown.point, 3)} ${unit}`,
    ...provenance,
    `      model: ${shown.model}; applicability domain: ${base.inDomain ? 'inside' : `outside (${base.domainReasons.join('; ')})`}`,
    ...modelScopeLines(cards[base.model]).map((line) => `      ${base.model} ${line}`),
    ...explainTerms(shown.shift ? [...base.terms, calibrationTerm(shown.shift)] : base.terms, shown.terms),
  ];
}

/**
 * A calibrated estimate's interval and calibration: its labels, its CV MAE beside the shipped
 * model's on the same labels (as `bimetal calibrate` states them), and how much of it reaches
 * this recipe.
 */
function calibrationLines(shown: ShownEstimate, c: ShownCalibration): string[] {
  return [`      interval: ${calibratedIntervalText(shown, c)}`, `      calibration: ${calibrationText(c, shown)}`];
}

/** A calibrated interval, and whether the calibration bounds it at its coverage (uncalibratedIntervalText). */
function calibratedIntervalText(shown: ShownEstimate, c: ShownCalibration): string {
  const interval = intervalText(shown.lower, shown.upper, 3);
  const uncalibrated = uncalibratedIntervalText({ target: c.target, residuals: c.residuals, heldOut: c.summary.heldOut === true, coverage: shown.coverage, bounds: c.bounds });
  return uncalibrated ? `${interval}, ${uncalibrated}` : `${interval} at ${coveragePercent(shown.coverage)} coverage, from the calibration`;
}

/**
 * What a calibration is, and how much of it reaches this recipe: the record's summary of it, with
 * its CV MAE beside the shipped model's (at the coverage shown). A label's held-out value comes
 * from the labels outside its fold (the fit without them; under no correction, only its interval),
 * and its weight from its distance to those labels (TargetCalibrator.predictHeldOut): not 1, as it
 * would be for a recipe among the labels.
 */
function calibrationText({ summary, target }: ShownCalibration, shown: ShownEstimate): string {
  const weight = `weight ${roundedText(summary.weight, 3)} here`;
  const fade = 'towards 0 far from them, where the shipped model takes over';
  const outside = keepsShippedPoints(target) ? 'the labels its interval was made from' : 'the labels that fit saw';
  const reach = summary.heldOut
    ? `held out: the recipe is one of its labels, ${heldOutPhrase(target)}; ${weight}, by its distance to ${outside} (1 near them, ${fade})`
    : `${weight} (1 among the labels, ${fade})`;
  return `${summary.labels} labels, ${maeAgainstShippedText(maeAgainstShipped(target.quality, shown.coverage), shown.unit, 3)}; ${reach}`;
}

