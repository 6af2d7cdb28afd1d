/**
 * The first paper's accessibility descriptors: the reduced distance D̃ (eq. 10) and the
 * accessibility index φ with its synthesizability verdict (eq. 11).
 */
import { DEFAULT_PHI_THRESHOLD, DEFINITIONS, PAPER, REDUCED_DISTANCE_C } from './definitions';
import { accessibilityDescriptor, descriptorKind, makeDescriptor, type Inputs } from './makeDescriptor';
import type { AccessibilityDescriptor, Descriptor } from './types';

const EQ10 = `${PAPER}, eq. 10`;
const EQ11 = `${PAPER}, eq. 11`;
const NO_ENVIRONMENT = `${EQ11}; undefined without an environment (no ligands, no support): χ_env = 0 by definition, so no verdict`;

const REDUCED_DISTANCE = descriptorKind(DEFINITIONS.reducedDistance, (distance: Descriptor, deltaR: Descriptor): Inputs => ({ D: distance.value, ΔR: deltaR.value, c: REDUCED_DISTANCE_C }));

/** Eq. 10: D̃ = 1 − c·ΔR / (D + c·ΔR), c = 100. */
export function reducedDistance(distance: Descriptor, deltaR: Descriptor): Descriptor {
  const D = distance.value;
  const dR = deltaR.value;
  if (D === null || D <= 0 || dR === null) {
    // A stated D of zero or less is known, and no distance (BM217 says so where it was written).
    const reason = `not computed: ${dR === null ? 'ΔR unknown' : D === null ? 'D unknown' : `D = ${D} Å is not a distance (≤ 0)`}`;
    return makeDescriptor(null, REDUCED_DISTANCE, reason, distance, deltaR);
  }
  const cdR = REDUCED_DISTANCE_C * dR;
  return makeDescriptor(1 - cdR / (D + cdR), REDUCED_DISTANCE, EQ10, distance, deltaR);
}

const PHI = descriptorKind(DEFINITIONS.phi, (reduced: Descriptor, chiEnv: Descriptor): Inputs => ({ 'D̃': reduced.value, χ_env: chiEnv.value }));

/**
 * Eq. 11: φ = D̃ × χ_env, with the verdict φ ≥ threshold (the threshold is a field, not an input).
 * Without an environment (a bare core: no ligands, no support) χ_env is 0 by definition, so φ is 0
 * too; the model still reads that 0 as a feature, but it says nothing about synthesis, so such a
 * recipe gets no verdict rather than "potentially synthesizable".
 */
export function accessibility(reduced: Descriptor, chiEnv: Descriptor, threshold = DEFAULT_PHI_THRESHOLD, environment = true): AccessibilityDescriptor {
  if (reduced.value === null || chiEnv.value === null) {
    const reason = `not computed: ${reduced.value === null ? 'D̃' : 'χ_env'} unknown`;
    return accessibilityDescriptor(null, PHI, reason, reduced, chiEnv, { threshold, accessible: null });
  }
  const value = reduced.value * chiEnv.value;
  if (!environment) return accessibilityDescriptor(value, PHI, NO_ENVIRONMENT, reduced, chiEnv, { threshold, accessible: null });
  return accessibilityDescriptor(value, PHI, EQ11, reduced, chiEnv, { threshold, accessible: value >= threshold });
}
