import type { LigandUse, RecipeSpec } from '../recipe';
import { ligandKey } from '../descriptors/ligandKey';
import type { FeatureLigand } from './featurize';

/** Describes one ligand use (RDKit work: canonical SMILES, Crippen logP, binding atoms, class). */
export type DescribeLigand = (use: LigandUse) => FeatureLigand | { error: string };

/**
 * The ligand map of one recipe, for featurising a stream of recipes from different files.
 *
 * Why per recipe: the descriptors key ligands by name, but two files may give the same name to
 * different molecules, so one shared map could hand a recipe another file's ligand. Descriptions
 * are cached by everything that determines them (name, SMILES, binding atoms, logP override), so
 * RDKit runs once per distinct ligand however many recipes use it.
 */
export class RecipeLigands {
  private readonly cache = new Map<string, FeatureLigand | { error: string }>();

  constructor(private readonly describe: DescribeLigand) {}

  forRecipe(spec: Pick<RecipeSpec, 'ligands'>): ReadonlyMap<string, FeatureLigand> | { error: string } {
    const map = new Map<string, FeatureLigand>();
    for (const use of spec.ligands) {
      // NUL cannot occur in names or SMILES, so the joined key is unambiguous.
      const id = `${use.name ?? ''}\u0000${use.smiles ?? ''}\u0000${use.binds?.join(',') ?? ''}\u0000${use.logP ?? ''}`;
      let described = this.cache.get(id);
      if (!described) {
        described = this.describe(use);
        this.cache.set(id, described);
      }
      if ('error' in described) return { error: `ligand ${use.name ?? use.smiles ?? '(unnamed)'}: ${described.error}` };
      map.set(ligandKey(use), described);
    }
    return map;
  }
}
