/**
 * Definitions, units and sources of every descriptor: one place for the engine, `--explain` and
 * docs/descriptors.md. The equations are SCIENCE.md §1 (Gu et al., Chem. Sci. 2025, 16, 19644).
 */
export const PAPER = 'Gu et al., Chem. Sci. 2025, 16, 19644';
export const ELEMENT_SOURCE = 'engine element table (see ELEMENT_DATA_SOURCES)';

export const DEFAULT_PHI_THRESHOLD = -0.3;
/** Empirical weight of ΔR against D in eq. 10. */
export const REDUCED_DISTANCE_C = 100;

/** Coordinating atom of each support kind, for χ_env (SCIENCE.md §1). */
export const SUPPORT_COORDINATING_ATOM = {
  zeolite: 'O',
  oxide: 'O',
  mof: 'O',
  nc: 'N',
  nitride: 'N',
} as const;

export const DEFINITIONS = {
  chiEnv: {
    symbol: 'χ_env',
    unit: '–',
    definition:
      'eq. 5: χ_env = χ̄_metal − χ̄_sub; χ̄_metal = count-weighted mean Pauling χ of the metal atoms; ' +
      'χ̄_sub = mean Pauling χ of the coordinating atoms: each ligand contributes the mean χ of its binding atoms, ' +
      'weighted by its count; without ligands, the support atom (O for zeolite/oxide/MOF, N for N-doped carbon/nitride); ' +
      'with neither, χ_env = 0',
  },
  deltaChi: { symbol: 'Δχ_M', unit: '–', definition: 'Δχ_M = |χ_host − χ_dopant|, Pauling scale' },
  nMetal: { symbol: 'N_metal', unit: 'atoms', definition: 'N_metal = host count + dopant count' },
  ratio: { symbol: 'ratio', unit: '–', definition: 'ratio = dopant count / N_metal' },
  deltaM: { symbol: 'ΔM', unit: 'g/mol', definition: 'ΔM = |M_host − M_dopant|, standard atomic weights' },
  hMix: {
    symbol: 'H_mix',
    unit: 'kJ/mol',
    definition: 'H_mix: Miedema mixing enthalpy of the equiatomic binary liquid (Takeuchi & Inoue 2005 table; Miedema model where the table lacks the pair)',
  },
  distance: {
    symbol: 'D',
    unit: 'Å',
    definition:
      "D: average metal–metal distance: the recipe's distance if given, else the mean nearest-neighbour metal–metal distance " +
      'of the structure file, else of the template core; with no geometry, 2 × the count-weighted mean metallic radius (estimate)',
  },
  deltaR: { symbol: 'ΔR', unit: 'Å', definition: 'ΔR = |R_host − R_dopant|, metallic radii for 12-fold coordination' },
  reducedDistance: {
    symbol: 'D̃',
    unit: '–',
    definition: `eq. 10: D̃ = 1 − c·ΔR / (D + c·ΔR), c = ${REDUCED_DISTANCE_C}, ΔR and D in Å`,
  },
  phi: { symbol: 'φ', unit: '–', definition: 'eq. 11: φ = D̃ × χ_env; φ ≥ threshold reads as potentially synthesizable' },
  logP: {
    symbol: 'logP',
    unit: '–',
    definition: "ligand octanol–water logP (Crippen, RDKit, unless the recipe overrides it), mean weighted by ligand count",
  },
} as const;

export type DescriptorName = keyof typeof DEFINITIONS;
