import { DESCRIPTOR_KEYS } from '../../../report/src/quantities';
import type { DescriptorRecord, PhiVerdict } from '../scoreRecord';
import type { DescriptorSet } from './types';

/**
 * A record's fields in the order it writes them, each null until set: every record starts as a
 * copy of this one object, of one shape, where a record grown a field at a time went through a new
 * shape per field (3 % of a batch's CPU time with the tidying that follows, `npm run bench -- batch`).
 */
const RECORD_SHAPE: Readonly<Record<string, null>> = Object.fromEntries([...DESCRIPTOR_KEYS, 'phiVerdict', 'phiThreshold', 'logP'].map((key) => [key, null]));

/** The `descriptors` object of a score record (LANGUAGE.md §5); logP lists ligands with a value. */
export function toDescriptorRecord(set: DescriptorSet): DescriptorRecord {
  const logP: Record<string, number> = {};
  for (const l of set.logP.ligands) if (l.value !== null) logP[l.label] = l.value;
  // Every descriptor the registry reports (a new one needs no edit here: the compiler checks that DescriptorSet has it).
  const record = { ...RECORD_SHAPE } as unknown as DescriptorRecord;
  for (const key of DESCRIPTOR_KEYS) record[key] = set[key].value;
  record.phiVerdict = phiVerdictOf(set.phi.accessible);
  record.phiThreshold = set.phi.threshold;
  record.logP = logP;
  return record;
}

/** The engine's verdict as the record states it: null (no environment, or φ unknown) is `undefined`. */
export function phiVerdictOf(accessible: boolean | null): PhiVerdict {
  if (accessible === null) return 'undefined';
  return accessible ? 'accessible' : 'inaccessible';
}
