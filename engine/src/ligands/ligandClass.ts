/**
 * Coarse chemical class of a protecting ligand, by the group that binds the metal.
 * Used for display and as a categorical feature; the binding atoms themselves are separate.
 */
export type LigandClass =
  | 'thiolate'
  | 'phosphine'
  | 'halide'
  | 'alkynyl'
  | 'amine'
  | 'carboxylate'
  | 'cyclopentadienyl'
  | 'other';

export const LIGAND_CLASSES: readonly LigandClass[] = [
  'thiolate',
  'phosphine',
  'halide',
  'alkynyl',
  'amine',
  'carboxylate',
  'cyclopentadienyl',
  'other',
];
