import { DEFAULT_PHI_THRESHOLD, DEFINITIONS, PAPER, REDUCED_DISTANCE_C } from './definitions';
import { makeDescriptor } from './makeDescriptor';
import type { AccessibilityDescriptor, Descriptor } from './types';

const EQ10 = `${PAPER}, eq. 10`;
const EQ11 = `${PAPER}, eq. 11`;

/** Eq. 10: D̃ = 1 − c·ΔR / (D + c·ΔR), c = 100. */
export function reducedDistance(distance: Descriptor, deltaR: Descriptor): Descriptor {
  const D = distance.value;
  const dR = deltaR.value;
  const inputs = () => ({ D, ΔR: dR, c: REDUCED_DISTANCE_C });
  if (D === null || D <= 0 || dR === null) {
    return makeDescriptor(null, DEFINITIONS.reducedDistance, `not computed: ${dR === null ? 'ΔR' : 'D'} unknown`, inputs);
  }
  const cdR = REDUCED_DISTANCE_C * dR;
  return makeDescriptor(1 - cdR / (D + cdR), DEFINITIONS.reducedDistance, EQ10, inputs);
}

/** Eq. 11: φ = D̃ × χ_env, with the verdict φ ≥ threshold. */
export function accessibility(reduced: Descriptor, chiEnv: Descriptor, threshold = DEFAULT_PHI_THRESHOLD): AccessibilityDescriptor {
  const inputs = () => ({ 'D̃': reduced.value, χ_env: chiEnv.value, threshold });
  if (reduced.value === null || chiEnv.value === null) {
    const reason = `not computed: ${reduced.value === null ? 'D̃' : 'χ_env'} unknown`;
    return Object.assign(makeDescriptor(null, DEFINITIONS.phi, reason, inputs), { threshold, accessible: null });
  }
  const value = reduced.value * chiEnv.value;
  return Object.assign(makeDescriptor(value, DEFINITIONS.phi, EQ11, inputs), { threshold, accessible: value >= threshold });
}
