import { DEFAULT_PHI_THRESHOLD, DEFINITIONS, PAPER, REDUCED_DISTANCE_C } from './definitions';
import type { AccessibilityDescriptor, Descriptor } from './types';

/** Eq. 10: D̃ = 1 − c·ΔR / (D + c·ΔR), c = 100. */
export function reducedDistance(distance: Descriptor, deltaR: Descriptor): Descriptor {
  const { unit, definition } = DEFINITIONS.reducedDistance;
  const D = distance.value;
  const dR = deltaR.value;
  const inputs = { D, ΔR: dR, c: REDUCED_DISTANCE_C };
  if (D === null || dR === null || D <= 0) {
    return { value: null, unit, inputs, source: `not computed: ${D === null || D <= 0 ? 'D' : 'ΔR'} unknown`, definition };
  }
  const cdR = REDUCED_DISTANCE_C * dR;
  return { value: 1 - cdR / (D + cdR), unit, inputs, source: `${PAPER}, eq. 10`, definition };
}

/** Eq. 11: φ = D̃ × χ_env, with the verdict φ ≥ threshold. */
export function accessibility(reduced: Descriptor, chiEnv: Descriptor, threshold = DEFAULT_PHI_THRESHOLD): AccessibilityDescriptor {
  const { unit, definition } = DEFINITIONS.phi;
  const inputs = { 'D̃': reduced.value, χ_env: chiEnv.value, threshold };
  if (reduced.value === null || chiEnv.value === null) {
    const missing = reduced.value === null ? 'D̃' : 'χ_env';
    return { value: null, unit, inputs, source: `not computed: ${missing} unknown`, definition, threshold, accessible: null };
  }
  const value = reduced.value * chiEnv.value;
  return { value, unit, inputs, source: `${PAPER}, eq. 11`, definition, threshold, accessible: value >= threshold };
}
