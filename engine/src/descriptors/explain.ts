/**
 * The descriptors of one recipe as text for `bimetal score --explain`: each value with its
 * definition, inputs and source, so a chemist can recompute it by hand.
 */
import { roundedText } from '../numberText';
import { DEFINITIONS, EXPLAIN_ORDER } from './definitions';
import type { Descriptor, DescriptorSet } from './types';

/** A descriptor value or input: up to 4 decimals; labels (strings) as they are. */
function formatNumber(value: number | string | null): string {
  if (value === null) return '–';
  return typeof value === 'string' ? value : roundedText(value, 4);
}

function block(symbol: string, d: Descriptor, note = ''): string[] {
  const unit = d.unit === '–' ? '' : ` ${d.unit}`;
  const inputs = Object.entries(d.inputs).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
  return [
    `  ${symbol} = ${formatNumber(d.value)}${unit}${note}`,
    `      definition: ${d.definition}`,
    ...(inputs ? [`      inputs: ${inputs}`] : []),
    `      source: ${d.source}`,
  ];
}

/** Multi-line text for `bimetal score --explain`: each descriptor's value, definition, inputs and source. */
export function explainDescriptors(set: DescriptorSet): string {
  const lines = [`Descriptors of ${set.recipe}`];
  for (const name of EXPLAIN_ORDER) {
    const d = set[name];
    let note = '';
    if (name === 'hMix' && set.hMix.computed) note = ' (computed, not tabulated)';
    if (name === 'phi') {
      if (set.phi.accessible !== null) {
        note = set.phi.accessible
          ? ` (≥ ${set.phi.threshold}: potentially synthesizable)`
          : ` (< ${set.phi.threshold}: likely hard to synthesize)`;
      } else if (set.phi.value !== null) note = ' (undefined without an environment: no ligands, no support)';
    }
    lines.push(...block(DEFINITIONS[name].symbol, d, note));
  }
  lines.push(...block('logP (mean)', set.logP.mean));
  for (const l of set.logP.ligands) lines.push(`      ${l.label} × ${l.count}: logP = ${formatNumber(l.value)} (${l.method})`);
  return lines.join('\n');
}
