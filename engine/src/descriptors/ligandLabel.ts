import type { LigandUse } from '../recipe';
import { quotedSmiles } from './ligandKey';
import type { LigandFacts } from './types';

/**
 * How a ligand is named in outputs (the record's logP keys, CSV columns, inputs, hovers): its
 * name, else the canonical SMILES of an inline use in double quotes, as inline uses are written,
 * so a ligand named CCN and the inline "CCN" are two entries (ligandKey).
 */
export function ligandLabel(use: LigandUse, facts: LigandFacts | undefined): string {
  return use.name ?? quotedSmiles(facts?.canonicalSmiles ?? use.smiles ?? '');
}
