import type { LigandUse, RecipeSpec } from '../recipe';
import { DEFINITIONS, ELEMENT_SOURCE, PAPER, SUPPORT_COORDINATING_ATOM } from './definitions';
import { ligandKey } from './ligandKey';
import { ligandLabel } from './ligandLabel';
import { descriptorKind, makeDescriptor, type Inputs } from './makeDescriptor';
import { property } from './pairDescriptors';
import type { Descriptor, LigandFacts } from './types';

const SOURCE = `${PAPER}, eq. 5; Pauling χ from the ${ELEMENT_SOURCE}`;
const BARE_SOURCE = 'no ligands and no support: χ_env = 0 by definition';
const CHI_ENV = descriptorKind(DEFINITIONS.chiEnv, environmentInputs);

/**
 * χ_env (eq. 5) = χ̄_metal − χ̄_sub. Where the paper is ambiguous (SCIENCE.md §1):
 * - a ligand with several binding atoms counts once, with the mean χ of its binding atoms;
 * - ligands, when present, define χ̄_sub even on a support (they are what touches the metals);
 * - neither ligands nor support: χ_env = 0.
 */
export function chiEnv(spec: RecipeSpec, ligands: ReadonlyMap<string, LigandFacts>): Descriptor {
  const metal = meanMetalChi(spec);
  const sub = coordinatingChi(spec, ligands);
  if (sub === 'bare') return makeDescriptor(0, CHI_ENV, BARE_SOURCE, spec, ligands);
  if (metal.value === null || sub.value === null) {
    return makeDescriptor(null, CHI_ENV, `not computed: ${metal.missing ?? sub.missing}`, spec, ligands);
  }
  return makeDescriptor(metal.value - sub.value, CHI_ENV, SOURCE, spec, ligands);
}

/** Whether anything coordinates the metals (ligands, or a support other than `none`); without it, χ_env = 0 by definition and φ has no meaning. */
export function hasEnvironment(spec: RecipeSpec): boolean {
  return spec.ligands.length > 0 || (spec.support !== undefined && spec.support.kind !== 'none');
}

/** χ̄_sub: the ligands' binding atoms, else the support's coordinating atom, else 'bare'. */
function coordinatingChi(spec: RecipeSpec, ligands: ReadonlyMap<string, LigandFacts>): Mean | 'bare' {
  return spec.ligands.length > 0 ? ligandChi(spec.ligands, ligands) : supportChi(spec);
}

interface Mean {
  value: number | null;
  missing?: string;
}

function meanMetalChi(spec: RecipeSpec): Mean {
  const host = property(spec.host.element, 'pauling');
  const dopant = property(spec.dopant.element, 'pauling');
  const total = spec.host.count + spec.dopant.count;
  if (host === null) return { value: null, missing: `no Pauling χ for ${spec.host.element}` };
  if (dopant === null) return { value: null, missing: `no Pauling χ for ${spec.dopant.element}` };
  if (total <= 0) return { value: null, missing: 'no metal atoms' };
  return { value: (spec.host.count * host + spec.dopant.count * dopant) / total };
}

/**
 * Binding atoms of a use: the toolkit's, which honours `binds`. None for a ligand the toolkit could
 * not describe (a broken SMILES, a `binds` atom it lacks, no toolkit): its declared `binds` alone
 * gave such recipes a χ_env and φ while their error kept them out of the results.
 */
function bindingAtoms(facts: LigandFacts | undefined): string[] {
  return facts?.bindingAtoms ?? [];
}

function ligandChi(uses: LigandUse[], ligands: ReadonlyMap<string, LigandFacts>): Mean {
  let weighted = 0;
  let count = 0;
  for (const use of uses) {
    const facts = ligands.get(ligandKey(use));
    const atoms = bindingAtoms(facts);
    if (atoms.length === 0) return { value: null, missing: `binding atoms of ${ligandLabel(use, facts)} unknown` };
    let sum = 0;
    for (const atom of atoms) {
      const chi = property(atom, 'pauling');
      if (chi === null) return { value: null, missing: `no Pauling χ for ${atom}` };
      sum += chi;
    }
    weighted += use.count * (sum / atoms.length);
    count += use.count;
  }
  if (count <= 0) return { value: null, missing: 'ligand counts sum to 0' };
  return { value: weighted / count };
}

function supportChi(spec: RecipeSpec): Mean | 'bare' {
  const kind = spec.support?.kind;
  if (kind === undefined || kind === 'none') return 'bare';
  const atom = SUPPORT_COORDINATING_ATOM[kind];
  const chi = property(atom, 'pauling');
  return chi === null ? { value: null, missing: `no Pauling χ for ${atom}` } : { value: chi };
}

/** Every number χ_env was computed from, by readable name: χ(Au), n(Au), binds(PET), χ(S), … */
function environmentInputs(spec: RecipeSpec, ligands: ReadonlyMap<string, LigandFacts>): Inputs {
  const inputs: Inputs = {};
  inputs[`χ(${spec.host.element})`] = property(spec.host.element, 'pauling');
  inputs[`n(${spec.host.element})`] = spec.host.count;
  if (spec.dopant.element !== spec.host.element) {
    inputs[`χ(${spec.dopant.element})`] = property(spec.dopant.element, 'pauling');
    inputs[`n(${spec.dopant.element})`] = spec.dopant.count;
  }
  for (const use of spec.ligands) {
    const facts = ligands.get(ligandKey(use));
    const label = ligandLabel(use, facts);
    const atoms = bindingAtoms(facts);
    inputs[`n(${label})`] = ((inputs[`n(${label})`] as number | undefined) ?? 0) + use.count;
    inputs[`binds(${label})`] = atoms.length ? atoms.join(',') : null;
    for (const atom of atoms) inputs[`χ(${atom})`] = property(atom, 'pauling');
  }
  const kind = spec.support?.kind;
  if (kind !== undefined && kind !== 'none') {
    if (spec.ligands.length > 0) {
      inputs['support (ligands coordinate instead)'] = kind;
    } else {
      const atom = SUPPORT_COORDINATING_ATOM[kind];
      inputs.support = spec.support?.name ? `${kind} ${spec.support.name}` : kind;
      inputs['coordinating atom'] = atom;
      inputs[`χ(${atom})`] = property(atom, 'pauling');
    }
  }
  inputs['χ̄_metal'] = meanMetalChi(spec).value;
  const sub = coordinatingChi(spec, ligands);
  if (sub !== 'bare') inputs['χ̄_sub'] = sub.value;
  return inputs;
}
