/**
 * Sources and constants of the descriptors. Their symbols, units and definitions are the report
 * registry's (report/src/quantities.ts), so `--explain`, the hover, the tables and
 * docs/descriptors.md read the same words. The equations are SCIENCE.md §1 (Gu et al., Chem. Sci.
 * 2025, 16, 19644).
 */
import { QUANTITIES } from '../../../report/src/quantities';

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

/** The descriptors the engine computes (DescriptorSet), in the first paper's order, then D̃, φ and logP. */
const DESCRIPTOR_NAMES = ['chiEnv', 'deltaChi', 'nMetal', 'ratio', 'deltaM', 'hMix', 'distance', 'deltaR', 'reducedDistance', 'phi', 'logP'] as const;

export type DescriptorName = (typeof DESCRIPTOR_NAMES)[number];

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

/** The scalar descriptors in `--explain` order (logP, one per ligand, is explained apart). */
export const EXPLAIN_ORDER: readonly Exclude<DescriptorName, 'logP'>[] = DESCRIPTOR_NAMES.filter((n): n is Exclude<DescriptorName, 'logP'> => n !== 'logP');
