import type { LigandUse } from '../recipe';

/**
 * Key of a ligand use in the descriptor context's ligand map: its name, else its SMILES as the
 * recipe writes an inline use, in double quotes. A name is an identifier and never holds a quote,
 * so a ligand named CCN (whatever its SMILES) and the inline SMILES "CCN" (ethylamine) never share
 * a key, and neither gets the other's chemistry.
 */
export function ligandKey(use: Pick<LigandUse, 'name' | 'smiles'>): string {
  return use.name ?? quotedSmiles(use.smiles ?? '');
}

/** A SMILES as an inline ligand use writes it: `"CCS"`, apart from every ligand name. */
export function quotedSmiles(smiles: string): string {
  return `"${smiles}"`;
}
