import type { LigandUse } from '../recipe';
import type { LigandFacts } from './types';

/** How a ligand is named in outputs: its name, else the canonical SMILES of an inline use. */
export function ligandLabel(use: LigandUse, facts: LigandFacts | undefined): string {
  return use.name ?? facts?.canonicalSmiles ?? use.smiles ?? '';
}
