/**
 * The mixing enthalpy H_mix of an element pair: the Takeuchi–Inoue table where it has the pair,
 * else Miedema's model, flagged as computed so a chemist can tell the two apart.
 */
import { TAKEUCHI_INOUE_KJ_PER_MOL } from './hmixData.generated';
import { miedemaLiquidMixingEnthalpy } from './miedemaModel';
import { pairKey } from './pairKey';
import type { MixingEnthalpy } from './types';

export type { MixingEnthalpy, MiedemaElementParameters } from './types';
export { miedemaLiquidMixingEnthalpy } from './miedemaModel';
export { pairKey } from './pairKey';

export const TABLE_SOURCE = 'Takeuchi & Inoue (2005), Mater. Trans. 46, 2817';
export const MODEL_SOURCE = 'Miedema model, equiatomic liquid (computed; pair not in Takeuchi & Inoue 2005)';

/** The tabulated equiatomic liquid ΔH_mix of a pair, kJ/mol, or undefined if the table lacks it. */
export function tabulatedMixingEnthalpy(a: string, b: string): number | undefined {
  return TAKEUCHI_INOUE_KJ_PER_MOL[pairKey(a, b)];
}

/**
 * Mixing enthalpy H_mix of the equiatomic binary A–B (kJ/mol), symmetric in its arguments.
 * Takes the Takeuchi–Inoue value where tabulated, else computes the Miedema model and flags it.
 * Undefined for a = b or when an element has neither a table entry nor Miedema parameters.
 */
export function mixingEnthalpy(a: string, b: string): MixingEnthalpy | undefined {
  if (a === b) return undefined;
  const tabulated = tabulatedMixingEnthalpy(a, b);
  if (tabulated !== undefined) return { value: tabulated, unit: 'kJ/mol', source: TABLE_SOURCE, computed: false };
  const modelled = miedemaLiquidMixingEnthalpy(a, b);
  if (modelled === undefined) return undefined;
  return { value: modelled, unit: 'kJ/mol', source: MODEL_SOURCE, computed: true };
}
