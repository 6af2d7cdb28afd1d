import type { RecipeSpec } from '../recipe';
import { DEFINITIONS, ELEMENT_SOURCE, PAPER, SUPPORT_COORDINATING_ATOM } from './definitions';
import { ligandKey } from './ligandKey';
import { property } from './pairDescriptors';
import { ligandLabel } from './ligandLabel';
import type { Descriptor, LigandFacts } from './types';

type Inputs = Record<string, number | string | null>;

/**
 * χ_env (eq. 5) = χ̄_metal − χ̄_sub. Where the paper is ambiguous (SCIENCE.md §1):
 * - a ligand with several binding atoms counts once, with the mean χ of its binding atoms;
 * - ligands, when present, define χ̄_sub even on a support (they are what touches the metals);
 * - neither ligands nor support: χ_env = 0.
 */
export function chiEnv(spec: RecipeSpec, ligands: ReadonlyMap<string, LigandFacts>): Descriptor {
  const { unit, definition } = DEFINITIONS.chiEnv;
  const inputs: Inputs = {};
  const metal = meanMetalChi(spec, inputs);
  const sub = spec.ligands.length > 0 ? ligandChi(spec, ligands, inputs) : supportChi(spec, inputs);
  if (spec.ligands.length > 0 && spec.support && spec.support.kind !== 'none') {
    inputs['support (ligands coordinate instead)'] = spec.support.kind;
  }
  if (sub === 'bare') {
    inputs['χ̄_metal'] = metal.value;
    return { value: 0, unit, inputs, source: 'no ligands and no support: χ_env = 0 by definition', definition };
  }
  inputs['χ̄_metal'] = metal.value;
  inputs['χ̄_sub'] = sub.value;
  const missing = metal.missing ?? sub.missing;
  if (metal.value === null || sub.value === null) return { value: null, unit, inputs, source: `not computed: ${missing}`, definition };
  return { value: metal.value - sub.value, unit, inputs, source: `${PAPER}, eq. 5; Pauling χ from the ${ELEMENT_SOURCE}`, definition };
}

interface Mean {
  value: number | null;
  missing?: string;
}

function meanMetalChi(spec: RecipeSpec, inputs: Inputs): Mean {
  const host = property(spec.host.element, 'pauling');
  const dopant = property(spec.dopant.element, 'pauling');
  inputs[`χ(${spec.host.element})`] = host;
  inputs[`n(${spec.host.element})`] = spec.host.count;
  if (spec.dopant.element !== spec.host.element) {
    inputs[`χ(${spec.dopant.element})`] = dopant;
    inputs[`n(${spec.dopant.element})`] = spec.dopant.count;
  }
  const total = spec.host.count + spec.dopant.count;
  if (host === null) return { value: null, missing: `no Pauling χ for ${spec.host.element}` };
  if (dopant === null) return { value: null, missing: `no Pauling χ for ${spec.dopant.element}` };
  if (total <= 0) return { value: null, missing: 'no metal atoms' };
  return { value: (spec.host.count * host + spec.dopant.count * dopant) / total };
}

function ligandChi(spec: RecipeSpec, ligands: ReadonlyMap<string, LigandFacts>, inputs: Inputs): Mean {
  let weighted = 0;
  let count = 0;
  let missing: string | undefined;
  for (const use of spec.ligands) {
    const facts = ligands.get(ligandKey(use));
    const label = ligandLabel(use, facts);
    const atoms = facts?.bindingAtoms.length ? facts.bindingAtoms : (use.binds ?? []);
    inputs[`n(${label})`] = ((inputs[`n(${label})`] as number | undefined) ?? 0) + use.count;
    inputs[`binds(${label})`] = atoms.length ? atoms.join(',') : null;
    if (atoms.length === 0) {
      missing ??= `binding atoms of ${label} unknown`;
      continue;
    }
    let sum = 0;
    for (const atom of atoms) {
      const chi = property(atom, 'pauling');
      inputs[`χ(${atom})`] = chi;
      if (chi === null) missing ??= `no Pauling χ for ${atom}`;
      sum += chi ?? NaN;
    }
    weighted += use.count * (sum / atoms.length);
    count += use.count;
  }
  if (missing !== undefined || count <= 0) return { value: null, missing: missing ?? 'ligand counts sum to 0' };
  return { value: weighted / count };
}

function supportChi(spec: RecipeSpec, inputs: Inputs): Mean | 'bare' {
  const kind = spec.support?.kind;
  if (kind === undefined || kind === 'none') return 'bare';
  const atom = SUPPORT_COORDINATING_ATOM[kind];
  inputs.support = spec.support?.name ? `${kind} ${spec.support.name}` : kind;
  inputs['coordinating atom'] = atom;
  const chi = property(atom, 'pauling');
  inputs[`χ(${atom})`] = chi;
  return chi === null ? { value: null, missing: `no Pauling χ for ${atom}` } : { value: chi };
}
