import type { DescriptorRecord, ScoreRecord } from '../../engine/src/scoreRecord';
import { referenceFields } from '../../pipeline/src/records';
import { DESCRIPTOR_KEYS, type DescriptorKey } from '../../report/src/quantities';

/**
 * A descriptors record for fixtures: the values given, and 0 for every other descriptor of the
 * registry, so that a descriptor added to it (docs/descriptors.md, "Adding a quantity") needs no
 * edit in the fixtures.
 */
export function descriptorRecord(given: Partial<Record<DescriptorKey, number | null>> & Pick<DescriptorRecord, 'phiVerdict' | 'phiThreshold' | 'logP'>): DescriptorRecord {
  const zeros = Object.fromEntries(DESCRIPTOR_KEYS.map((key) => [key, 0])) as Record<DescriptorKey, number>;
  return { ...zeros, ...given };
}

/**
 * A score record for tests of its consumers (results panel, CLI table); `eForm: null` is an unscored
 * recipe. A `reference` gets the verdict the pipeline gives it (whether it lies in the interval)
 * unless `extra` states one.
 */
export function record(recipe: string, eForm: number | null, extra: Partial<ScoreRecord> & { phi?: number | null } = {}): ScoreRecord {
  const { phi = -0.1, ...rest } = extra;
  const made: ScoreRecord = {
    file: '/ws/a.bimetal',
    recipe,
    formula: `Au12${recipe}`,
    host: 'Au',
    dopant: 'Ag',
    nHost: 12,
    nDopant: 1,
    nMetal: 13,
    ratio: 0.0769231,
    topology: 'icosahedron',
    dopantSite: 'core',
    charge: 0,
    descriptors: descriptorRecord({
      hMix: -6, chiEnv: 0.2, deltaChi: 0.6, deltaM: 89.1, deltaR: 0, distance: 2.8, reducedDistance: 1,
      // The verdict a scorer with the default threshold would have given.
      phi, phiVerdict: phi === null ? 'undefined' : phi >= -0.3 ? 'accessible' : 'inaccessible', phiThreshold: -0.3,
      logP: { PET: 2.3 },
    }),
    prediction: eForm === null ? null : { eForm, lower: eForm - 0.4, upper: eForm + 0.3, coverage: 0.9, model: 'eform-v2', inDomain: true, terms: [] },
    site: null,
    diagnostics: [],
    ...rest,
  };
  if (made.reference === undefined || 'referenceInInterval' in rest) return made;
  return { ...made, referenceInInterval: referenceFields(made.reference, made.prediction).referenceInInterval };
}
