import { explainDescriptors } from '../../engine/src/descriptors';
import { calibrationGroupText } from '../../engine/src/inference/diagnostics';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import type { ModelCard, Prediction } from '../../engine/src/inference/runtime';
import { coveragePercent, intervalText } from '../../engine/src/numberText';
import { noSiteReason, sitePreference } from './siteCall';
import type { ScoredMember } from './types';

/**
 * How every number of a member was obtained, as text lines (`bimetal score --explain`): each
 * descriptor's definition, inputs and source, then each prediction's model, interval, domain and
 * the terms E_form is the sum of.
 */
export function explainMember(member: ScoredMember): string[] {
  const lines = explainDescriptors(member.descriptors).split('\n');
  lines.push(...explainPrediction('E_form', 'eV per metal atom (first paper, eq. 1)', member.prediction, member.cards));
  const reference = member.spec.energy;
  if (reference !== undefined) {
    const difference = member.prediction ? `; prediction − reference = ${(member.prediction.point - reference).toFixed(3)} eV` : '';
    lines.push(`      reference E_form from the recipe: ${reference} eV${difference}`);
  }
  const noSite = noSiteReason(member.spec);
  if (member.site) {
    lines.push(...explainPrediction('ΔE site', 'eV, E(core) − E(surface); negative: the dopant prefers the core', member.site, member.cards));
    lines.push(`      preferred site: ${sitePreference(member.site)}`);
  } else if (noSite) {
    lines.push(`  ΔE site: not predicted (${noSite})`);
  } else {
    lines.push(...explainPrediction('ΔE site', '', null, member.cards));
  }
  return lines;
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

function explainPrediction(label: string, unit: string, p: Prediction | null, cards: ScoredMember['cards']): string[] {
  if (!p) return [`  ${label}: no prediction (see the diagnostics for why)`];
  return [
    `  ${label} = ${p.point.toFixed(3)} ${unit}`,
    `      interval: ${intervalText(p.lower, p.upper, 3)} at ${coveragePercent(p.coverage)} coverage, CV+ on ${calibrationGroupText(p)}`,
    `      model: ${p.model}; applicability domain: ${p.inDomain ? 'inside' : `outside (${p.domainReasons.join('; ')})`}`,
    ...modelScopeLines(cards[p.model]).map((line) => `      ${p.model} ${line}`),
    ...explainTerms(p.terms),
  ];
}
