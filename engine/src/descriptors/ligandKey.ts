import type { LigandUse } from '../recipe';

/** Key of a ligand use in the descriptor context's ligand map: its name, else its SMILES. */
export function ligandKey(use: Pick<LigandUse, 'name' | 'smiles'>): string {
  return use.name ?? use.smiles ?? '';
}
