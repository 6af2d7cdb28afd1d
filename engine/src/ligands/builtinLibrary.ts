import type { LigandClass } from './ligandClass';

export type { LigandClass } from './ligandClass';

/**
 * A ligand every `.bimetal` file may use without declaring it (LANGUAGE.md §3.1).
 *
 * SMILES conventions, chosen so one set of binding-atom SMARTS recognises every entry:
 * - X-type ligands that bind through a deprotonated atom (thiolates, alkynyls, carboxylates) are
 *   written as their neutral parent (thiol `…S`, terminal alkyne `C#C…`, acid `C(=O)O`), the form
 *   ligand databases and the first seed paper list and whose Crippen logP is meaningful.
 * - Halides are written as the anion (`[Cl-]`): no neutral parent is used for them.
 * - Cyclopentadienyls are written as the aromatic anion, because the neutral diene has an sp3
 *   carbon and is not the species that binds η5.
 * `binds` lists the element symbols of the coordinating atoms.
 */
export interface BuiltinLigand {
  smiles: string;
  binds: string[];
  ligandClass: LigandClass;
  description: string;
}

export const BUILTIN_LIGANDS: Readonly<Record<string, BuiltinLigand>> = Object.freeze({
  // Thiolates
  PET: { smiles: 'SCCc1ccccc1', binds: ['S'], ligandClass: 'thiolate', description: '2-phenylethanethiolate (SCH2CH2Ph)' },
  SCH3: { smiles: 'CS', binds: ['S'], ligandClass: 'thiolate', description: 'methanethiolate' },
  SC6H13: { smiles: 'SCCCCCC', binds: ['S'], ligandClass: 'thiolate', description: '1-hexanethiolate' },
  SC12H25: { smiles: 'SCCCCCCCCCCCC', binds: ['S'], ligandClass: 'thiolate', description: '1-dodecanethiolate' },
  StBu: { smiles: 'CC(C)(C)S', binds: ['S'], ligandClass: 'thiolate', description: 'tert-butylthiolate' },
  SPh: { smiles: 'Sc1ccccc1', binds: ['S'], ligandClass: 'thiolate', description: 'benzenethiolate (thiophenolate)' },
  TBBT: { smiles: 'CC(C)(C)c1ccc(S)cc1', binds: ['S'], ligandClass: 'thiolate', description: '4-tert-butylbenzenethiolate' },
  SAdm: { smiles: 'SC12CC3CC(CC(C3)C1)C2', binds: ['S'], ligandClass: 'thiolate', description: '1-adamantanethiolate' },
  'S-c-hex': { smiles: 'SC1CCCCC1', binds: ['S'], ligandClass: 'thiolate', description: 'cyclohexanethiolate' },
  MBA: { smiles: 'OC(=O)c1ccc(S)cc1', binds: ['S'], ligandClass: 'thiolate', description: '4-mercaptobenzoic acid (p-MBA), bound through S' },
  DMBT: { smiles: 'Sc1ccc(C)cc1C', binds: ['S'], ligandClass: 'thiolate', description: '2,4-dimethylbenzenethiolate' },
  SG: {
    smiles: 'N[C@@H](CCC(=O)N[C@@H](CS)C(=O)NCC(=O)O)C(=O)O',
    binds: ['S'],
    ligandClass: 'thiolate',
    description: 'glutathione (γ-Glu-Cys-Gly), bound through the cysteine S',
  },
  Cys: { smiles: 'N[C@@H](CS)C(=O)O', binds: ['S'], ligandClass: 'thiolate', description: 'L-cysteine, bound through S' },
  Capt: {
    smiles: 'C[C@H](CS)C(=O)N1CCC[C@H]1C(=O)O',
    binds: ['S'],
    ligandClass: 'thiolate',
    description: 'captopril, bound through S',
  },
  // Selenolates
  SePh: { smiles: '[SeH]c1ccccc1', binds: ['Se'], ligandClass: 'other', description: 'benzeneselenolate (phenylselenolate)' },
  // Phosphines
  PPh3: { smiles: 'c1ccc(cc1)P(c1ccccc1)c1ccccc1', binds: ['P'], ligandClass: 'phosphine', description: 'triphenylphosphine' },
  FPh3P: {
    smiles: 'Fc1ccc(cc1)P(c1ccc(F)cc1)c1ccc(F)cc1',
    binds: ['P'],
    ligandClass: 'phosphine',
    description: 'tris(4-fluorophenyl)phosphine',
  },
  PMe3: { smiles: 'CP(C)C', binds: ['P'], ligandClass: 'phosphine', description: 'trimethylphosphine' },
  dppm: {
    smiles: 'c1ccc(cc1)P(CP(c1ccccc1)c1ccccc1)c1ccccc1',
    binds: ['P'],
    ligandClass: 'phosphine',
    description: 'bis(diphenylphosphino)methane (bidentate)',
  },
  dppe: {
    smiles: 'c1ccc(cc1)P(CCP(c1ccccc1)c1ccccc1)c1ccccc1',
    binds: ['P'],
    ligandClass: 'phosphine',
    description: '1,2-bis(diphenylphosphino)ethane (bidentate)',
  },
  // Halides
  F: { smiles: '[F-]', binds: ['F'], ligandClass: 'halide', description: 'fluoride' },
  Cl: { smiles: '[Cl-]', binds: ['Cl'], ligandClass: 'halide', description: 'chloride' },
  Br: { smiles: '[Br-]', binds: ['Br'], ligandClass: 'halide', description: 'bromide' },
  I: { smiles: '[I-]', binds: ['I'], ligandClass: 'halide', description: 'iodide' },
  // Alkynyls
  PhCC: { smiles: 'C#Cc1ccccc1', binds: ['C'], ligandClass: 'alkynyl', description: 'phenylacetylide (PhC≡C)' },
  CF3PhCC: {
    smiles: 'C#Cc1cc(cc(c1)C(F)(F)F)C(F)(F)F',
    binds: ['C'],
    ligandClass: 'alkynyl',
    description: '3,5-bis(trifluoromethyl)phenylacetylide ((CF3)2PhC≡C)',
  },
  // Cyclopentadienyls ("Cp*" is not an identifier, so the name spells the star out)
  Cpstar: {
    smiles: 'C[c-]1c(C)c(C)c(C)c1C',
    binds: ['C'],
    ligandClass: 'cyclopentadienyl',
    description: 'pentamethylcyclopentadienyl (Cp*), η5',
  },
  Cp: { smiles: '[cH-]1cccc1', binds: ['C'], ligandClass: 'cyclopentadienyl', description: 'cyclopentadienyl (Cp), η5' },
  // Amines and N-donors
  NH3: { smiles: 'N', binds: ['N'], ligandClass: 'amine', description: 'ammonia (ammine)' },
  OAm: { smiles: 'CCCCCCCC/C=C\\CCCCCCCCN', binds: ['N'], ligandClass: 'amine', description: 'oleylamine' },
  Py: { smiles: 'c1ccncc1', binds: ['N'], ligandClass: 'amine', description: 'pyridine' },
  // Carboxylates
  OAc: { smiles: 'CC(=O)O', binds: ['O'], ligandClass: 'carboxylate', description: 'acetate' },
  CF3COO: { smiles: 'OC(=O)C(F)(F)F', binds: ['O'], ligandClass: 'carboxylate', description: 'trifluoroacetate' },
});

export const BUILTIN_LIGAND_NAMES: readonly string[] = Object.keys(BUILTIN_LIGANDS);

/**
 * The built-in ligand of that name, or undefined. Own keys only: a recipe that names `toString`
 * or `constructor` must get "unknown ligand", not a property of Object.prototype.
 */
export function builtinLigand(name: string): BuiltinLigand | undefined {
  return Object.hasOwn(BUILTIN_LIGANDS, name) ? BUILTIN_LIGANDS[name] : undefined;
}
