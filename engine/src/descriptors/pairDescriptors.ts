import type { RecipeSpec } from '../recipe';
import { getElement, type ElementData } from '../elements';
import { mixingEnthalpy } from '../hmix';
import { DEFINITIONS, ELEMENT_SOURCE } from './definitions';
import type { Descriptor, MixingEnthalpyDescriptor } from './types';

type NumericProperty = 'pauling' | 'atomicWeight' | 'metallicRadius';

export function property(symbol: string, name: NumericProperty): number | null {
  const element: ElementData | undefined = getElement(symbol);
  return element?.[name] ?? null;
}

function nullReason(values: Record<string, number | string | null>): string {
  const missing = Object.entries(values).filter(([, v]) => v === null).map(([k]) => k);
  return `not computed: no value for ${missing.join(', ')}`;
}

/** |property(host) − property(dopant)| with both inputs shown. */
function absoluteDifference(
  spec: RecipeSpec,
  name: NumericProperty,
  symbol: string,
  definition: { unit: string; definition: string },
): Descriptor {
  const host = property(spec.host.element, name);
  const dopant = property(spec.dopant.element, name);
  const inputs = { host: spec.host.element, dopant: spec.dopant.element, [`${symbol}_host`]: host, [`${symbol}_dopant`]: dopant };
  return {
    value: host === null || dopant === null ? null : Math.abs(host - dopant),
    unit: definition.unit,
    inputs,
    source: host === null || dopant === null ? nullReason(inputs) : ELEMENT_SOURCE,
    definition: definition.definition,
  };
}

export const deltaChi = (spec: RecipeSpec) => absoluteDifference(spec, 'pauling', 'χ', DEFINITIONS.deltaChi);
export const deltaM = (spec: RecipeSpec) => absoluteDifference(spec, 'atomicWeight', 'M', DEFINITIONS.deltaM);
export const deltaR = (spec: RecipeSpec) => absoluteDifference(spec, 'metallicRadius', 'R', DEFINITIONS.deltaR);

export function nMetal(spec: RecipeSpec): Descriptor {
  return {
    value: spec.host.count + spec.dopant.count,
    unit: DEFINITIONS.nMetal.unit,
    inputs: { n_host: spec.host.count, n_dopant: spec.dopant.count },
    source: 'recipe',
    definition: DEFINITIONS.nMetal.definition,
  };
}

export function ratio(spec: RecipeSpec): Descriptor {
  const total = spec.host.count + spec.dopant.count;
  return {
    value: total > 0 ? spec.dopant.count / total : null,
    unit: DEFINITIONS.ratio.unit,
    inputs: { n_dopant: spec.dopant.count, N_metal: total },
    source: total > 0 ? 'recipe' : 'not computed: N_metal is 0',
    definition: DEFINITIONS.ratio.definition,
  };
}

/** A pure cluster (dopant = host, or no dopant atoms) has no mixing enthalpy: 0, as for a unary record. */
export function hMix(spec: RecipeSpec): MixingEnthalpyDescriptor {
  const { element: host } = spec.host;
  const { element: dopant } = spec.dopant;
  const inputs = { host, dopant };
  const base = { unit: DEFINITIONS.hMix.unit, inputs, definition: DEFINITIONS.hMix.definition };
  if (host === dopant || spec.dopant.count === 0) {
    return { ...base, value: 0, computed: false, source: 'pure metal: no mixing' };
  }
  const h = mixingEnthalpy(host, dopant);
  if (!h) return { ...base, value: null, computed: null, source: `not computed: no table value or Miedema parameters for ${host}–${dopant}` };
  return { ...base, value: h.value, computed: h.computed, source: h.source };
}
