import { DESCRIPTOR_KEYS, type DescriptorKey } from '../../../report/src/quantities';
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
  return unpackDescriptors(packDescriptors(set), set.phi.threshold);
}

/**
 * What a record reads of a member's descriptors, packed, for a member kept for later (the editor
 * keeps every scored member of its open documents): the values as one array of doubles, which V8
 * holds unboxed, where the DescriptorSet is some 26 objects (eleven descriptors and their boxed
 * values). Those objects were most of what the editor kept per member, and moving them through
 * the young generation's collections cost its main thread time on every open (`npm run bench -- server`).
 */
export interface PackedDescriptors {
  /** The value of each of DESCRIPTOR_KEYS, in that order; NaN where the descriptor is null (no descriptor is ever NaN: each guards its inputs). */
  readonly values: readonly number[];
  readonly phiVerdict: PhiVerdict;
  /** As the record's `logP`; copied into each record unpacked from it, which tidyDescriptors changes in place. */
  readonly logP: Readonly<Record<string, number>>;
}

export function packDescriptors(set: DescriptorSet): PackedDescriptors {
  // Defined, not assigned: a ligand may be named `__proto__`, which an assignment would not make a key.
  const logP: Record<string, number> = Object.fromEntries(set.logP.ligands.flatMap((l) => (l.value === null ? [] : [[l.label, l.value]])));
  // Every descriptor the registry reports (a new one needs no edit here: the compiler checks that DescriptorSet has it).
  return { values: DESCRIPTOR_KEYS.map((key) => set[key].value ?? NaN), phiVerdict: phiVerdictOf(set.phi.accessible), logP };
}

/** The record of the set `packed` was packed from, whose φ verdict was decided against `phiThreshold`. */
export function unpackDescriptors(packed: PackedDescriptors, phiThreshold: number): DescriptorRecord {
  const record = { ...RECORD_SHAPE } as unknown as DescriptorRecord;
  for (let i = 0; i < DESCRIPTOR_KEYS.length; i++) {
    const value = packed.values[i];
    record[DESCRIPTOR_KEYS[i]] = Number.isNaN(value) ? null : value;
  }
  record.phiVerdict = packed.phiVerdict;
  record.phiThreshold = phiThreshold;
  record.logP = { ...packed.logP };
  return record;
}

/** A descriptor's value, as its record states it, without unpacking the record. */
export function packedValue(packed: PackedDescriptors, key: DescriptorKey): number | null {
  const value = packed.values[DESCRIPTOR_KEYS.indexOf(key)];
  return Number.isNaN(value) ? null : value;
}

/** The engine's verdict as the record states it: null (no environment, or φ unknown) is `undefined`. */
export function phiVerdictOf(accessible: boolean | null): PhiVerdict {
  if (accessible === null) return 'undefined';
  return accessible ? 'accessible' : 'inaccessible';
}
