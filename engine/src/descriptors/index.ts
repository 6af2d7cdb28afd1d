export { computeDescriptors } from './computeDescriptors';
export { ligandKey } from './ligandKey';
export { toDescriptorRecord } from './record';
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
