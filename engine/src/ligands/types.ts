import type { LigandClass } from './ligandClass';

export interface DescribeLigandOptions {
  /** Declared binding atoms (`binds S, P`); when given they replace the inferred ones. */
  binds?: string[];
  /** Declared logP (`logP 5.69`); replaces the Crippen value. */
  logP?: number;
}

/** The bound form of a ligand (see LigandDescription.bound). */
export interface BoundForm {
  /**
   * Canonical SMILES, without E/Z double-bond stereo when an H was removed: RDKit MinimalLib's
   * JSON reader, through which the bound form is made, drops it (tetrahedral stereo is kept).
   */
  canonicalSmiles: string;
  /** Hill formula with net charge, as `LigandDescription.formula`. */
  formula: string;
  /** Average molecular weight, g/mol (RDKit's, which counts no electrons). */
  mass: number;
  /** How many H the binding atoms gave up: 0 when the bound form is the molecule as written. */
  hydrogensRemoved: number;
}

export interface LigandDescription {
  inputSmiles: string;
  canonicalSmiles: string;
  logP: { value: number; method: 'Crippen (RDKit)' | 'recipe override' };
  /** Hill formula of the molecule as written, with its net charge (e.g. `C8H10S`, `Cl-`). */
  formula: string;
  /** Average molecular weight of the molecule as written, g/mol. */
  mass: number;
  /**
   * The ligand as it binds: the molecule less the H on each X-type binding atom that carries one
   * (thiol → thiolate, terminal alkyne → acetylide, carboxylic acid → carboxylate), e.g. PET
   * `SCCc1ccccc1` (C8H10S, 138.23) binds as `[S-]CCc1ccccc1` (C8H9S-, 137.23), the SR of
   * Au25(SR)18. The same as the molecule when no binding atom gives up an H (a halide, Cp, an
   * amine, a phosphine, a thiolate written as `[S-]`).
   */
  bound: BoundForm;
  /** Element symbols of the coordinating atoms; empty when none was found (see BM304). */
  bindingAtoms: string[];
  bindingSource: 'declared' | 'inferred';
  ligandClass: LigandClass;
}

import type { CHEMISTRY_CODES } from './diagnosticCodes';

/** The codes `describeLigand` itself returns (see diagnosticCodes.ts). */
export type ChemistryErrorCode = (typeof CHEMISTRY_CODES)[
  'invalidSmiles' | 'emptySmiles' | 'bindsAtomAbsent' | 'bindsNotElement' | 'smilesTooLong'
];

export interface LigandError {
  /** Human-readable reason; for invalid SMILES this is RDKit's own message. */
  error: string;
  /** 0-based offset into the SMILES string where the problem is, when RDKit reports one. */
  offset?: number;
  /** The `binds` atom at fault (BM303, BM305), for the caller to range the diagnostic on it. */
  atom?: string;
  code: ChemistryErrorCode;
}

export interface ChemistryToolkit {
  /** RDKit version string, for provenance in reports. */
  readonly version: string;
  /**
   * Parses a ligand SMILES and reports its canonical form, logP, formula, mass and binding atoms.
   * Results are cached by input (with options) and by canonical SMILES; the same input returns
   * the same object.
   */
  describeLigand(smiles: string, options?: DescribeLigandOptions): LigandDescription | LigandError;
}

export function isLigandError(result: LigandDescription | LigandError): result is LigandError {
  return 'error' in result;
}
