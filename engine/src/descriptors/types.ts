import type { CoreGeometry } from '../geometry/types';

/**
 * One number with everything a chemist needs to check it. Engine-made descriptors assemble
 * `inputs` on first read (a getter) and serialise fully through JSON (`toJSON`); to pass one
 * through structured clone (postMessage), send `JSON.parse(JSON.stringify(d))` or the record.
 */
export interface Descriptor {
  /** null when an input is missing; `source` then says which. */
  value: number | null;
  unit: string;
  /** The numbers (and labels) the value was computed from, by readable name, e.g. `χ(Au)`. */
  inputs: Record<string, number | string | null>;
  /** Where the value or its inputs come from (table, publication, geometry, recipe). */
  source: string;
  /** The formula, in words and symbols. */
  definition: string;
}

export interface MixingEnthalpyDescriptor extends Descriptor {
  /** True when computed from the Miedema model because the Takeuchi–Inoue table lacks the pair. */
  computed: boolean | null;
}

export interface AccessibilityDescriptor extends Descriptor {
  /** φ threshold the verdict used (setting `bimetal.phiThreshold`, default −0.3). */
  threshold: number;
  /** φ ≥ threshold: potentially synthesizable (first paper); null when φ is unknown or undefined (no environment). */
  accessible: boolean | null;
}

export interface LigandLogP {
  /** Key in the ligand map: see `ligandKey`. */
  key: string;
  /** Name in records: the ligand name, or the canonical SMILES of an inline use in double quotes (`ligandLabel`). */
  label: string;
  count: number;
  value: number | null;
  /** e.g. Crippen (RDKit) or the recipe's override. */
  method: string;
}

/** Descriptors of one expanded recipe (SCIENCE.md §1). */
export interface DescriptorSet {
  recipe: string;
  // The first paper's 8-feature scheme, in its order.
  chiEnv: Descriptor;
  deltaChi: Descriptor;
  nMetal: Descriptor;
  ratio: Descriptor;
  deltaM: Descriptor;
  hMix: MixingEnthalpyDescriptor;
  distance: Descriptor;
  deltaR: Descriptor;
  // Accessibility (eqs. 10–11) and ligand solubility.
  reducedDistance: Descriptor;
  phi: AccessibilityDescriptor;
  logP: { ligands: LigandLogP[]; mean: Descriptor };
}

/**
 * What descriptors need to know about a ligand; `LigandDescription` from the ligands module
 * satisfies it.
 */
export interface LigandFacts {
  canonicalSmiles: string;
  logP: { value: number; method: string };
  /** Element symbols of the atoms that coordinate the metal. */
  bindingAtoms: string[];
}

export interface DescriptorContext {
  /** Ligand descriptions keyed by `ligandKey(use)`; a use missing here leaves χ_env and logP null. */
  ligands: ReadonlyMap<string, LigandFacts>;
  /** φ verdict threshold; default −0.3. */
  phiThreshold?: number;
  /** Core geometry read from the recipe's structure file (or otherwise supplied); beats the template. */
  geometry?: CoreGeometry;
}
