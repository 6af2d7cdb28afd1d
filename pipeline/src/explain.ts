import { explainDescriptors } from '../../engine/src/descriptors';
import type { Prediction } from '../../engine/src/inference/runtime';
import { intervalEndText } from '../../engine/src/numberText';
import type { ScoredMember } from './types';

/**
 * How every number of a member was obtained, as text lines (`bimetal score --explain`): each
 * descriptor's definition, inputs and source, then each prediction's model, interval and domain.
 */
export function explainMember(member: ScoredMember): string[] {
  const lines = explainDescriptors(member.descriptors).split('\n');
  lines.push(...explainPrediction('E_form', 'eV per metal atom (first paper, eq. 1)', member.prediction));
  const reference = member.spec.energy;
  if (reference !== undefined) {
    const difference = member.prediction ? `; prediction − reference = ${(member.prediction.point - reference).toFixed(3)} eV` : '';
    lines.push(`      reference E_form from the recipe: ${reference} eV${difference}`);
  }
  if (member.site || member.spec.dopant.count < member.spec.host.count) {
    lines.push(...explainPrediction('ΔE site', 'eV, E(core) − E(surface); negative: the dopant prefers the core', member.site));
  }
  return lines;
}

function interval(p: Prediction): string {
  return `[${intervalEndText(p.lower, 3, 'lower')}, ${intervalEndText(p.upper, 3, 'upper')}]`;
}

function explainPrediction(label: string, unit: string, p: Prediction | null): string[] {
  if (!p) return [`  ${label}: no prediction (see the diagnostics for why)`];
  const group = p.calibrationGroup === null ? 'all calibration points pooled' : `Mondrian group "${p.calibrationGroup}"`;
  return [
    `  ${label} = ${p.point.toFixed(3)} ${unit}`,
    `      interval: ${interval(p)} at ${Math.round(p.coverage * 100)} % coverage, CV+ (${group})`,
    `      model: ${p.model}; applicability domain: ${p.inDomain ? 'inside' : `outside (${p.domainReasons.join('; ')})`}`,
  ];
}
