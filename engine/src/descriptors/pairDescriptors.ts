/**
 * Descriptors that depend on the host and dopant alone: Δχ, ΔM, ΔR (element properties),
 * N_metal and ratio (the counts) and H_mix (the element pair).
 */
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

/** An element property of host and dopant, and the input names it goes by (χ_host, …). */
interface PairProperty {
  name: NumericProperty;
  symbol: string;
  definition: { unit: string; definition: string };
}

const CHI: PairProperty = { name: 'pauling', symbol: 'χ', definition: DEFINITIONS.deltaChi };
const MASS: PairProperty = { name: 'atomicWeight', symbol: 'M', definition: DEFINITIONS.deltaM };
const RADIUS: PairProperty = { name: 'metallicRadius', symbol: 'R', definition: DEFINITIONS.deltaR };

function pairInputs(spec: RecipeSpec, p: PairProperty): Inputs {
  return {
    host: spec.host.element,
    dopant: spec.dopant.element,
    [`${p.symbol}_host`]: property(spec.host.element, p.name),
    [`${p.symbol}_dopant`]: property(spec.dopant.element, p.name),
  };
}

/** |property(host) − property(dopant)|. */
function absoluteDifference(spec: RecipeSpec, p: PairProperty): Descriptor {
  const host = property(spec.host.element, p.name);
  const dopant = property(spec.dopant.element, p.name);
  if (host === null || dopant === null) return makeDescriptor(null, p.definition, missingInputs(pairInputs(spec, p)), pairInputs, spec, p);
  return makeDescriptor(Math.abs(host - dopant), p.definition, ELEMENT_SOURCE, pairInputs, spec, p);
}

export const deltaChi = (spec: RecipeSpec) => absoluteDifference(spec, CHI);
export const deltaM = (spec: RecipeSpec) => absoluteDifference(spec, MASS);
export const deltaR = (spec: RecipeSpec) => absoluteDifference(spec, RADIUS);

const countInputs = (spec: RecipeSpec): Inputs => ({ n_host: spec.host.count, n_dopant: spec.dopant.count });

export function nMetal(spec: RecipeSpec): Descriptor {
  return makeDescriptor(spec.host.count + spec.dopant.count, DEFINITIONS.nMetal, 'recipe', countInputs, spec);
}

export function ratio(spec: RecipeSpec): Descriptor {
  const total = spec.host.count + spec.dopant.count;
  if (total <= 0) return makeDescriptor(null, DEFINITIONS.ratio, 'not computed: N_metal is 0', countInputs, spec);
  return makeDescriptor(spec.dopant.count / total, DEFINITIONS.ratio, 'recipe', countInputs, spec);
}

const elementInputs = (spec: RecipeSpec): Inputs => ({ host: spec.host.element, dopant: spec.dopant.element });

/** A pure cluster (dopant = host, or no dopant atoms) has no mixing enthalpy: 0, as for a unary record. */
export function hMix(spec: RecipeSpec): MixingEnthalpyDescriptor {
  const host = spec.host.element;
  const dopant = spec.dopant.element;
  if (host === dopant || spec.dopant.count === 0) {
    return withComputed(makeDescriptor(0, DEFINITIONS.hMix, 'pure metal: no mixing', elementInputs, spec), false);
  }
  const h = mixingEnthalpy(host, dopant);
  if (!h) {
    const reason = `not computed: no table value or Miedema parameters for ${host}–${dopant}`;
    return withComputed(makeDescriptor(null, DEFINITIONS.hMix, reason, elementInputs, spec), null);
  }
  return withComputed(makeDescriptor(h.value, DEFINITIONS.hMix, h.source, elementInputs, spec), h.computed);
}

function withComputed(descriptor: Descriptor, computed: boolean | null): MixingEnthalpyDescriptor {
  return Object.assign(descriptor, { computed });
}
