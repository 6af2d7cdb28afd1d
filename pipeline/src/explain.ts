import { explainDescriptors } from '../../engine/src/descriptors';
import { calibrationGroupText } from '../../engine/src/inference/diagnostics';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import type { ModelCard, Prediction } from '../../engine/src/inference/runtime';
import { coveragePercent, fixedText, intervalText, roundedText } from '../../engine/src/numberText';
import type { CalibrationSummary, PredictionRecord, ScoreRecord, SiteRecord, TermRecord } from '../../engine/src/scoreRecord';
import { QUANTITIES, type Verdict } from '../../report/src/quantities';
import { calibratedInterval, calibrationTerm } from './calibration/apply';
import { noSiteReason } from './siteCall';
import type { ScoredMember } from './types';

/**
 * How every number of a member's record was obtained, as text lines (`bimetal score --explain`):
 * each descriptor's definition, inputs and source, then each prediction's model, interval, domain
 * and the terms E_form is the sum of, and each label's residual. `record` is the record shown beside
 * the explanation: its numbers are the ones explained (calibrated under `--calibration`, where they
 * differ from the member's shipped prediction), and the member says how the shipped ones were made.
 */
export function explainMember(member: ScoredMember, record: ScoreRecord): string[] {
  const lines = explainDescriptors(member.descriptors).split('\n');
  lines.push(...explainPrediction('E_form', 'eV per metal atom (first paper, eq. 1)', member.prediction, shownEForm(record.prediction), member.cards));
  const reference = member.spec.energy;
  if (reference !== undefined) lines.push(`      reference E_form from the recipe's \`energy\`: ${reference} eV/atom${residualText(record.residual, 'eV/atom', QUANTITIES.residual.verdict?.(record))}`);
  const noSite = noSiteReason(member.spec);
  if (member.site && record.site) {
    lines.push(...explainPrediction('ΔE site', 'eV, E(core) − E(surface)', member.site, shownSite(record.site, member.site), member.cards));
    // The sign is a convention, stated apart from the call: only the whole interval on one side of zero makes one.
    lines.push('      sign: negative means core, positive surface; a call needs the whole interval on one side of zero');
    lines.push(`      preferred site: ${record.site.preferred}`);
  } else if (noSite) {
    lines.push(`  ΔE site: not predicted (${noSite})`);
  } else {
    lines.push(...explainPrediction('ΔE site', '', null, null, member.cards));
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
  calibration?: CalibrationSummary;
  /** The calibration's shift of the point, a term of E_form (the site has no terms). */
  shift?: TermRecord;
}

function shownEForm(p: PredictionRecord | null): ShownEstimate | null {
  if (!p) return null;
  return { ...calibratedInterval(p), model: p.model, unit: 'eV/atom', calibration: p.calibration, shift: p.terms.find((t) => t.key === 'calibration') };
}

function shownSite(s: SiteRecord, base: Prediction): ShownEstimate {
  // JSON writes an unbounded end as null; a calibration keeps the site prediction's coverage and model.
  return { point: s.deltaE, lower: s.lower ?? -Infinity, upper: s.upper ?? Infinity, coverage: base.coverage, model: base.model, unit: 'eV', calibration: s.calibration };
}

/** A term's inputs as `name = value, …`: what --explain and the hover show, so the term can be checked by hand. */
export function termInputsText(inputs: EnergyTerm['inputs']): string {
  return Object.entries(inputs)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ');
}

function explainTerms(terms: readonly EnergyTerm[]): string[] {
  if (terms.length === 0) return [];
  const lines = ['      terms (they sum to the point; size and environment shift both interval ends alike, the ordering term adds its range over the site interval):'];
  for (const t of terms) {
    lines.push(`        ${t.symbol} = ${t.value.toFixed(3)} ${t.unit}${t.supported ? '' : ' (unsupported: no data behind this value)'}`);
    lines.push(`            ${t.definition}`);
    if (Object.keys(t.inputs).length > 0) lines.push(`            inputs: ${termInputsText(t.inputs)}`);
    lines.push(`            source: ${t.source}`);
  }
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
function explainPrediction(label: string, unit: string, base: Prediction | null, shown: ShownEstimate | null, cards: ScoredMember['cards']): string[] {
  if (!base || !shown) return [`  ${label}: no prediction (see the diagnostics for why)`];
  const conformal = `CV+ on ${calibrationGroupText(base)}`;
  const interval = `${intervalText(shown.lower, shown.upper, 3)} at ${coveragePercent(shown.coverage)} coverage`;
  const c = shown.calibration;
  const provenance = c
    ? [
        `      interval: ${interval}, from the calibration: ${calibrationText(c, shown.unit)}`,
        `      the shipped ${base.model} alone: ${base.point.toFixed(3)}, interval ${intervalText(base.lower, base.upper, 3)}, ${conformal}`,
      ]
    : [`      interval: ${interval}, ${conformal}`];
  return [
    `  ${label} = ${shown.point.toFixed(3)} ${unit}`,
    ...provenance,
    `      model: ${shown.model}; applicability domain: ${base.inDomain ? 'inside' : `outside (${base.domainReasons.join('; ')})`}`,
    ...modelScopeLines(cards[base.model]).map((line) => `      ${base.model} ${line}`),
    ...explainTerms(shown.shift ? [...base.terms, calibrationTerm(shown.shift)] : base.terms),
  ];
}

/** What a calibration is, and how much of it reaches this recipe, in the record's words (CalibrationSummary). */
function calibrationText(c: CalibrationSummary, unit: string): string {
  const heldOut = c.heldOut ? '; held out: the recipe is one of its labels, fitted without it' : '';
  return `${c.labels} labels, CV MAE ${roundedText(c.cvMae, 3)} ${unit}; weight ${roundedText(c.weight, 3)} here (1 among the labels, towards 0 far from them, where the shipped model takes over)${heldOut}`;
}

