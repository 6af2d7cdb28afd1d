/**
 * Ligand chemistry through RDKit MinimalLib (WASM): parsing and canonicalising SMILES, Crippen
 * logP, formula and mass, and the atoms through which a ligand binds the metal core.
 *
 *   const chemistry = await loadChemistry();            // Node: wasm found next to the script
 *   const chemistry = await loadChemistry({ wasmUrl });  // Web Worker: pass the wasm's URL
 *   const pet = chemistry.describeLigand('SCCc1ccccc1'); // { bindingAtoms: ['S'], … }
 */
import { loadRDKit } from './rdkitLoader';
import type { ChemistryLoadOptions } from './rdkitLoader';
import { RDKitChemistryToolkit } from './toolkit';
import type { ChemistryToolkit } from './types';

export type { ChemistryLoadOptions } from './rdkitLoader';
export type {
  BoundForm,
  ChemistryErrorCode,
  ChemistryToolkit,
  DescribeLigandOptions,
  LigandDescription,
  LigandError,
} from './types';
export { isLigandError } from './types';
export type { LigandClass } from './ligandClass';
export { LIGAND_CLASSES } from './ligandClass';
export { BUILTIN_LIGAND_NAMES, BUILTIN_LIGANDS, builtinLigand } from './builtinLibrary';
export type { BuiltinLigand } from './builtinLibrary';
export { BINDING_PATTERNS } from './bindingPatterns';
export { CHEMISTRY_CODES } from './diagnosticCodes';

let shared: Promise<ChemistryToolkit> | undefined;

/**
 * The process-wide chemistry toolkit, initialised once behind one shared promise (options of
 * later calls are ignored). If RDKit cannot start, every call rejects with the same error.
 */
export function loadChemistry(options?: ChemistryLoadOptions): Promise<ChemistryToolkit> {
  shared ??= loadRDKit(options).then((rdkit) => new RDKitChemistryToolkit(rdkit));
  return shared;
}
