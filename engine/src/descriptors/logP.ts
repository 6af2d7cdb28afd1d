import type { RecipeSpec } from '../recipe';
import { DEFINITIONS } from './definitions';
import { ligandKey } from './ligandKey';
import { ligandLabel } from './ligandLabel';
import type { Descriptor, LigandFacts, LigandLogP } from './types';

/** Per-ligand logP (the description's, which already honours a recipe override) and the count-weighted mean. */
export function ligandLogP(spec: RecipeSpec, ligands: ReadonlyMap<string, LigandFacts>): { ligands: LigandLogP[]; mean: Descriptor } {
  const { unit, definition } = DEFINITIONS.logP;
  const perLigand: LigandLogP[] = spec.ligands.map((use) => {
    const key = ligandKey(use);
    const facts = ligands.get(key);
    const label = ligandLabel(use, facts);
    if (facts) return { key, label, count: use.count, value: facts.logP.value, method: facts.logP.method };
    if (use.logP !== undefined) return { key, label, count: use.count, value: use.logP, method: 'recipe override' };
    return { key, label, count: use.count, value: null, method: 'not computed: ligand not described' };
  });
  const inputs: Record<string, number | string | null> = {};
  let weighted = 0;
  let count = 0;
  for (const l of perLigand) {
    inputs[`logP(${l.label})`] = l.value;
    inputs[`n(${l.label})`] = ((inputs[`n(${l.label})`] as number | undefined) ?? 0) + l.count;
    weighted += l.count * (l.value ?? NaN);
    count += l.count;
  }
  const unknown = perLigand.find((l) => l.value === null);
  const methods = [...new Set(perLigand.map((l) => l.method))].join('; ');
  const mean: Descriptor =
    perLigand.length === 0
      ? { value: null, unit, inputs, source: 'no ligands', definition }
      : unknown
        ? { value: null, unit, inputs, source: `not computed: logP of ${unknown.label} unknown`, definition }
        : { value: weighted / count, unit, inputs, source: methods, definition };
  return { ligands: perLigand, mean };
}
