import type { LigandUse } from '../recipe';

/**
 * Which molecule a ligand use is, as one string: RDKit's canonical SMILES where the toolkit
 * described it, so `"CCS"`, `"SCC"`, a declared `ligand Thiol = "SCC"` and a built-in of that
 * molecule are one, however each is written. Undescribed (no toolkit, an invalid SMILES), the SMILES
 * as written: it still names that one molecule, so two molecules are never taken for one, only a
 * match RDKit would have made is missed. A name that resolved to no SMILES (an unknown ligand) is
 * kept apart from every SMILES by its prefix, which no valid SMILES starts with.
 */
export function ligandMolecule(use: Pick<LigandUse, 'name' | 'smiles'>, described?: { canonicalSmiles: string }): string {
  return described?.canonicalSmiles ?? use.smiles ?? `name:${use.name}`;
}
