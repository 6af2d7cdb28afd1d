/**
 * Descriptors that depend on the host and dopant alone: Δχ, ΔM, ΔR (element properties),
 * N_metal and ratio (the counts) and H_mix (the element pair).
 */
import type { RecipeSpec } from '../recipe';
import { getElement } from '../elements';
import { mixingEnthalpy } from '../hmix';
import { DEFINITIONS, ELEMENT_SOURCE } from './definitions';
import { descriptorKind, makeDescriptor, mixingDescriptor, missingInputs, type DescriptorKind, type Inputs } from './makeDescriptor';
import type { Descriptor, MixingEnthalpyDescriptor } from './types';

type NumericProperty = 'pauling' | 'atomicWeight' | 'metallicRadius';

export function property(symbol: string, name: NumericProperty): number | null {
  return getElement(symbol)?.[name] ?? null;
}

/** An element property of host and dopant, and the input names it goes by (χ_host, …). */
interface PairProperty {
  name: NumericProperty;
  symbol: string;
  kind: DescriptorKind<RecipeSpec, undefined>;
}

function pairProperty(name: NumericProperty, symbol: string, quantity: { unit: string; definition: string }): PairProperty {
  const p: PairProperty = { name, symbol, kind: descriptorKind(quantity, (spec: RecipeSpec) => pairInputs(spec, p)) };
  return p;
}

const CHI = pairProperty('pauling', 'χ', DEFINITIONS.deltaChi);
const MASS = pairProperty('atomicWeight', 'M', DEFINITIONS.deltaM);
const RADIUS = pairProperty('metallicRadius', 'R', DEFINITIONS.deltaR);

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
  if (host === null || dopant === null) return makeDescriptor(null, p.kind, missingInputs(pairInputs(spec, p)), spec);
  return makeDescriptor(Math.abs(host - dopant), p.kind, ELEMENT_SOURCE, spec);
}

export const deltaChi = (spec: RecipeSpec) => absoluteDifference(spec, CHI);
export const deltaM = (spec: RecipeSpec) => absoluteDifference(spec, MASS);
export const deltaR = (spec: RecipeSpec) => absoluteDifference(spec, RADIUS);

const countInputs = (spec: RecipeSpec): Inputs => ({ n_host: spec.host.count, n_dopant: spec.dopant.count });
const N_METAL = descriptorKind(DEFINITIONS.nMetal, countInputs);
const RATIO = descriptorKind(DEFINITIONS.ratio, countInputs);

export function nMetal(spec: RecipeSpec): Descriptor {
  return makeDescriptor(spec.host.count + spec.dopant.count, N_METAL, 'recipe', spec);
}

export function ratio(spec: RecipeSpec): Descriptor {
  const total = spec.host.count + spec.dopant.count;
  if (total <= 0) return makeDescriptor(null, RATIO, 'not computed: N_metal is 0', spec);
  return makeDescriptor(spec.dopant.count / total, RATIO, 'recipe', spec);
}

const H_MIX = descriptorKind(DEFINITIONS.hMix, (spec: RecipeSpec): Inputs => ({ host: spec.host.element, dopant: spec.dopant.element }));

/** A pure cluster (dopant = host, or no dopant atoms) has no mixing enthalpy: 0, as for a unary record. */
export function hMix(spec: RecipeSpec): MixingEnthalpyDescriptor {
  const host = spec.host.element;
  const dopant = spec.dopant.element;
  if (host === dopant || spec.dopant.count === 0) {
    return mixingDescriptor(0, H_MIX, 'pure metal: no mixing', spec, false);
  }
  const h = mixingEnthalpy(host, dopant);
  if (!h) {
    const reason = `not computed: no table value or Miedema parameters for ${host}–${dopant}`;
    return mixingDescriptor(null, H_MIX, reason, spec, null);
  }
  return mixingDescriptor(h.value, H_MIX, h.source, spec, h.computed);
}

