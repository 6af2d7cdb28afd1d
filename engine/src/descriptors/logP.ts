import type { LigandUse, RecipeSpec } from '../recipe';
import { DEFINITIONS } from './definitions';
import { ligandKey } from './ligandKey';
import { ligandLabel } from './ligandLabel';
import { descriptorKind, makeDescriptor, type Inputs } from './makeDescriptor';
import type { Descriptor, LigandFacts, LigandLogP } from './types';

/** Per-ligand logP (the description's, which already honours a recipe override) and the count-weighted mean. */
export function ligandLogP(spec: RecipeSpec, ligands: ReadonlyMap<string, LigandFacts>): { ligands: LigandLogP[]; mean: Descriptor } {
  const perLigand = spec.ligands.map((use) => ligandEntry(use, ligands));
  if (perLigand.length === 0) return { ligands: perLigand, mean: makeDescriptor(null, LOG_P, 'no ligands', perLigand) };
  let weighted = 0;
  let count = 0;
  let methods = perLigand[0].method;
  for (const l of perLigand) {
    if (l.value === null) {
      return { ligands: perLigand, mean: makeDescriptor(null, LOG_P, `not computed: logP of ${l.label} unknown`, perLigand) };
    }
    weighted += l.count * l.value;
    count += l.count;
    if (!methods.includes(l.method)) methods += `; ${l.method}`;
  }
  return { ligands: perLigand, mean: makeDescriptor(weighted / count, LOG_P, methods, perLigand) };
}

const LOG_P = descriptorKind(DEFINITIONS.logP, logPInputs);

function logPInputs(perLigand: LigandLogP[]): Inputs {
  const inputs: Inputs = {};
  for (const l of perLigand) {
    inputs[`logP(${l.label})`] = l.value;
    inputs[`n(${l.label})`] = ((inputs[`n(${l.label})`] as number | undefined) ?? 0) + l.count;
  }
  return inputs;
}

function ligandEntry(use: LigandUse, ligands: ReadonlyMap<string, LigandFacts>): LigandLogP {
  const key = ligandKey(use);
  const facts = ligands.get(key);
  const label = ligandLabel(use, facts);
  if (facts) return { key, label, count: use.count, value: facts.logP.value, method: facts.logP.method };
  // The toolkit honours a declared `logP`; a ligand it could not describe has an error, and no logP (BM307).
  return { key, label, count: use.count, value: null, method: 'not computed: ligand not described' };
}
