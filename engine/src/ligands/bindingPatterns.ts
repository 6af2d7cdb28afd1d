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
}

export const BINDING_PATTERNS: readonly BindingPattern[] = [
  { ligandClass: 'thiolate', smarts: '[SX2H1,SX1-;$([S][#6])]', description: 'thiol or thiolate S' },
  { ligandClass: 'other', smarts: '[SeX2H1,SeX1-;$([Se][#6])]', description: 'selenol or selenolate Se' },
  { ligandClass: 'phosphine', smarts: '[PX3;!$(P=*)]', description: 'phosphine P' },
  { ligandClass: 'alkynyl', smarts: '[#6;$([CH1]#[#6]),$([C-]#[#6])]', description: 'terminal alkyne or acetylide C' },
  { ligandClass: 'cyclopentadienyl', smarts: '[#6-;r5]', description: 'cyclopentadienyl carbanion C' },
  { ligandClass: 'halide', smarts: '[F-,Cl-,Br-,I-,FX0,ClX0,BrX0,IX0]', description: 'halide' },
  { ligandClass: 'amine', smarts: '[NX3;!$(N[C,S,P]=[O,S,N]);!$(N#*);!$(N=*)]', description: 'amine N' },
  { ligandClass: 'amine', smarts: '[nX2]', description: 'pyridine-type aromatic N' },
  { ligandClass: 'carboxylate', smarts: '[OX2H1,OX1-;$(O[CX3]=O)]', description: 'carboxylic acid or carboxylate O' },
];
