/**
 * Sources and constants of the descriptors. Their symbols, units and definitions are the report
 * registry's (report/src/quantities.ts), so `--explain`, the hover, the tables and
 * docs/descriptors.md read the same words. The equations are SCIENCE.md §1 (Gu et al., Chem. Sci.
 * 2025, 16, 19644).
 */
import { DESCRIPTOR_KEYS, QUANTITIES, type DescriptorKey } from '../../../report/src/quantities';

export const PAPER = 'Gu et al., Chem. Sci. 2025, 16, 19644';
export const ELEMENT_SOURCE = 'engine element table (see ELEMENT_DATA_SOURCES)';

export { DEFAULT_PHI_THRESHOLD } from '../../../report/src/defaults';
export { REDUCED_DISTANCE_C } from '../../../report/src/quantities';

/** Coordinating atom of each support kind, for χ_env (SCIENCE.md §1). */
export const SUPPORT_COORDINATING_ATOM = {
  zeolite: 'O',
  oxide: 'O',
  mof: 'O',
  nc: 'N',
  nitride: 'N',
} as const;

/** The descriptors the engine computes (DescriptorSet): the record's descriptors, its two counts, and logP per ligand. */
export type DescriptorName = DescriptorKey | 'nMetal' | 'ratio' | 'logP';

type ScalarDescriptorName = Exclude<DescriptorName, 'logP'>;

/** The first paper's order, then D̃ and φ, which are made from them. */
const EXPLAINED_FIRST: readonly ScalarDescriptorName[] = ['chiEnv', 'deltaChi', 'nMetal', 'ratio', 'deltaM', 'hMix', 'distance', 'deltaR', 'reducedDistance', 'phi'];

/**
 * The scalar descriptors in `--explain` order (logP, one per ligand, is explained apart): a
 * descriptor added to the registry's DESCRIPTOR_KEYS follows the ones above without an edit here.
 */
export const EXPLAIN_ORDER: readonly ScalarDescriptorName[] = [...EXPLAINED_FIRST, ...DESCRIPTOR_KEYS.filter((key) => !EXPLAINED_FIRST.includes(key))];

const DESCRIPTOR_NAMES: readonly DescriptorName[] = [...EXPLAIN_ORDER, 'logP'];

export interface DescriptorDefinition {
  symbol: string;
  /** `–` for a pure number, as every Descriptor states its unit. */
  unit: string;
  definition: string;
}

export const DEFINITIONS = Object.fromEntries(
  DESCRIPTOR_NAMES.map((name) => {
    const q = QUANTITIES[name];
    return [name, { symbol: q.symbol, unit: q.unit || '–', definition: q.definition }];
  }),
) as Readonly<Record<DescriptorName, DescriptorDefinition>>;

