import type { LigandClass } from './ligandClass';

/**
 * SMARTS that find the atoms through which a ligand binds a metal, in priority order: when a
 * ligand matches several (glutathione has a thiol, an amine and carboxylic acids), the first
 * class wins, because soft donors (S, Se, P, alkynyl C) bind gold-group metals far more strongly
 * than N or O. The first atom of each pattern is the binding atom. The thiol, phosphine, alkynyl
 * and chloride patterns are the ones checked in RUNTIME.md; the rest extend them to the classes
 * LANGUAGE.md §3.1 lists.
 */
export interface BindingPattern {
  ligandClass: LigandClass;
  smarts: string;
  description: string;
  /**
   * An X-type donor that binds as its anion: the binding atom gives up the H it carries (a thiol
   * binds as thiolate, a terminal alkyne as acetylide, a carboxylic acid as carboxylate). Neutral
   * L-type donors (phosphine, amine, pyridine, carbene) bind with their H.
   */
  deprotonates: boolean;
}

/**
 * An N-heterocyclic carbene carbon (C2 of an imidazol-2-ylidene, imidazolin-2-ylidene and the
 * like): a C with two neighbours, both N, that is either a neutral divalent carbene (`[C]`,
 * valence 2) or the carbanion of the ylidic resonance form (`[c-]`, `[C-]` next to `[n+]`). NHCs
 * bind through this carbon (Hopkinson et al., Nature 510, 485 (2014)), not through a ring N.
 */
const CARBENE_C = '[#6X2;v2,-;$([#6](~[#7])~[#7])]';

export const BINDING_PATTERNS: readonly BindingPattern[] = [
  { ligandClass: 'thiolate', smarts: '[SX2H1,SX1-;$([S][#6])]', description: 'thiol or thiolate S', deprotonates: true },
  { ligandClass: 'other', smarts: '[SeX2H1,SeX1-;$([Se][#6])]', description: 'selenol or selenolate Se', deprotonates: true },
  { ligandClass: 'phosphine', smarts: '[PX3;!$(P=*)]', description: 'phosphine P', deprotonates: false },
  { ligandClass: 'alkynyl', smarts: '[#6;$([CH1]#[#6]),$([C-]#[#6])]', description: 'terminal alkyne or acetylide C', deprotonates: true },
  // Ahead of the cyclopentadienyl and amine patterns, which would take the ylidic C⁻ and the ring
  // N. There is no carbene ligand class: the classes are feature columns of the shipped models
  // (ligand_frac_*, features/schema.ts), so an NHC is 'other' until a model is trained with one.
  { ligandClass: 'other', smarts: CARBENE_C, description: 'N-heterocyclic carbene C', deprotonates: false },
  { ligandClass: 'cyclopentadienyl', smarts: '[#6-;r5]', description: 'cyclopentadienyl carbanion C', deprotonates: false },
  { ligandClass: 'halide', smarts: '[F-,Cl-,Br-,I-,FX0,ClX0,BrX0,IX0]', description: 'halide', deprotonates: false },
  {
    ligandClass: 'amine',
    smarts: `[NX3;!$(N[C,S,P]=[O,S,N]);!$(N#*);!$(N=*);!$(N~${CARBENE_C})]`,
    description: 'amine N (not the N of an NHC)',
    deprotonates: false,
  },
  { ligandClass: 'amine', smarts: `[nX2;!$(n~${CARBENE_C})]`, description: 'pyridine-type aromatic N', deprotonates: false },
  { ligandClass: 'carboxylate', smarts: '[OX2H1,OX1-;$(O[CX3]=O)]', description: 'carboxylic acid or carboxylate O', deprotonates: true },
];
