import type { RecipeSpec } from '../recipe';
import { getElement } from '../elements';
import { mixingEnthalpy } from '../hmix';
import { DEFINITIONS, ELEMENT_SOURCE } from './definitions';
import { makeDescriptor, missingInputs, type Inputs } from './makeDescriptor';
import type { Descriptor, MixingEnthalpyDescriptor } from './types';

type NumericProperty = 'pauling' | 'atomicWeight' | 'metallicRadius';

export function property(symbol: string, name: NumericProperty): number | null {
  return getElement(symbol)?.[name] ?? null;
}

/** |host − dopant| of an element property; `inputs` names both values. */
function absoluteDifference(
  host: number | null,
  dopant: number | null,
  definition: { unit: string; definition: string },
  inputs: () => Inputs,
): Descriptor {
  if (host === null || dopant === null) return makeDescriptor(null, definition, missingInputs(inputs()), inputs);
  return makeDescriptor(Math.abs(host - dopant), definition, ELEMENT_SOURCE, inputs);
}

export function deltaChi(spec: RecipeSpec): Descriptor {
  const h = property(spec.host.element, 'pauling');
  const d = property(spec.dopant.element, 'pauling');
  return absoluteDifference(h, d, DEFINITIONS.deltaChi, () => ({ host: spec.host.element, dopant: spec.dopant.element, χ_host: h, χ_dopant: d }));
}

export function deltaM(spec: RecipeSpec): Descriptor {
  const h = property(spec.host.element, 'atomicWeight');
  const d = property(spec.dopant.element, 'atomicWeight');
  return absoluteDifference(h, d, DEFINITIONS.deltaM, () => ({ host: spec.host.element, dopant: spec.dopant.element, M_host: h, M_dopant: d }));
}

export function deltaR(spec: RecipeSpec): Descriptor {
  const h = property(spec.host.element, 'metallicRadius');
  const d = property(spec.dopant.element, 'metallicRadius');
  return absoluteDifference(h, d, DEFINITIONS.deltaR, () => ({ host: spec.host.element, dopant: spec.dopant.element, R_host: h, R_dopant: d }));
}

export function nMetal(spec: RecipeSpec): Descriptor {
  return makeDescriptor(spec.host.count + spec.dopant.count, DEFINITIONS.nMetal, 'recipe', () => ({
    n_host: spec.host.count,
    n_dopant: spec.dopant.count,
  }));
}

export function ratio(spec: RecipeSpec): Descriptor {
  const total = spec.host.count + spec.dopant.count;
  const inputs = () => ({ n_dopant: spec.dopant.count, N_metal: total });
  if (total <= 0) return makeDescriptor(null, DEFINITIONS.ratio, 'not computed: N_metal is 0', inputs);
  return makeDescriptor(spec.dopant.count / total, DEFINITIONS.ratio, 'recipe', inputs);
}

/** A pure cluster (dopant = host, or no dopant atoms) has no mixing enthalpy: 0, as for a unary record. */
export function hMix(spec: RecipeSpec): MixingEnthalpyDescriptor {
  const host = spec.host.element;
  const dopant = spec.dopant.element;
  const inputs = () => ({ host, dopant });
  if (host === dopant || spec.dopant.count === 0) {
    return withComputed(makeDescriptor(0, DEFINITIONS.hMix, 'pure metal: no mixing', inputs), false);
  }
  const h = mixingEnthalpy(host, dopant);
  if (!h) {
    const reason = `not computed: no table value or Miedema parameters for ${host}–${dopant}`;
    return withComputed(makeDescriptor(null, DEFINITIONS.hMix, reason, inputs), null);
  }
  return withComputed(makeDescriptor(h.value, DEFINITIONS.hMix, h.source, inputs), h.computed);
}

function withComputed(descriptor: Descriptor, computed: boolean | null): MixingEnthalpyDescriptor {
  return Object.assign(descriptor, { computed });
}
