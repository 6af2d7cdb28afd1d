import type { DescriptorRecord, PhiVerdict } from '../scoreRecord';
import type { DescriptorSet } from './types';

/** The `descriptors` object of a score record (LANGUAGE.md §5); logP lists ligands with a value. */
export function toDescriptorRecord(set: DescriptorSet): DescriptorRecord {
  const logP: Record<string, number> = {};
  for (const l of set.logP.ligands) if (l.value !== null) logP[l.label] = l.value;
  return {
    hMix: set.hMix.value,
    chiEnv: set.chiEnv.value,
    deltaChi: set.deltaChi.value,
    deltaM: set.deltaM.value,
    deltaR: set.deltaR.value,
    distance: set.distance.value,
    reducedDistance: set.reducedDistance.value,
    phi: set.phi.value,
    phiVerdict: phiVerdict(set.phi.accessible),
    phiThreshold: set.phi.threshold,
    logP,
  };
}

/** The engine's verdict as the record states it: null (no environment, or φ unknown) is `undefined`. */
function phiVerdict(accessible: boolean | null): PhiVerdict {
  if (accessible === null) return 'undefined';
  return accessible ? 'accessible' : 'inaccessible';
}
