/**
 * The descriptors of SCIENCE.md §1 (H_mix, χ_env, Δχ, ΔM, ΔR, D, D̃, φ, logP), each with its
 * inputs, source and definition. Pure and synchronous; ligand facts come in from the caller.
 */
export { computeDescriptors } from './computeDescriptors';
export { ligandKey } from './ligandKey';
export { ligandLabel } from './ligandLabel';
export { packDescriptors, packedValue, phiVerdictOf, toDescriptorRecord, unpackDescriptors, type PackedDescriptors } from './record';
export { explainDescriptors } from './explain';
export { DEFAULT_PHI_THRESHOLD, DEFINITIONS, REDUCED_DISTANCE_C, SUPPORT_COORDINATING_ATOM } from './definitions';
export type {
  AccessibilityDescriptor,
  Descriptor,
  DescriptorContext,
  DescriptorSet,
  LigandFacts,
  LigandLogP,
  MixingEnthalpyDescriptor,
} from './types';
