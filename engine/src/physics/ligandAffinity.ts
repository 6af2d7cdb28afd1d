import { metalAtomsBound } from './bindingSites';
import { ADSORBATE_BINDING } from './physicsData.generated';

/**
 * How much more strongly the dopant than the host binds the ligands' binding atoms, eV per
 * adsorbate coordination: the mean of b(dopant) − b(host) over the binding atoms that
 * eseg-ads-ligand measured, each weighed by the surface sites it binds (its count times metalAtomsBound) (S through R-S, N through R-NH2; six metals). Negative means the
 * ligands pull the dopant to the surface, the effect that data set shows on segregation.
 */
export interface LigandAffinity {
  /** eV; 0 without ligands. */
  value: number;
  /** False when some binding atom or metal has no measured binding strength (then it is left out). */
  known: boolean;
  /**
   * Of the surface sites the ligands bind (metalAtomsBound), the share bound by an atom whose strength on
   * both metals was measured, whose pull on the dopant is known (1 without ligands).
   */
  measuredShare: number;
}

export interface BindingAtomUse {
  bindingAtoms: readonly string[];
  count: number;
}

export function ligandAffinityDifference(host: string, dopant: string, uses: readonly BindingAtomUse[]): LigandAffinity {
  let sum = 0;
  let weight = 0;
  let all = 0;
  let known = true;
  for (const use of uses) {
    for (const atom of use.bindingAtoms) {
      // Weighed by the surface sites the atom binds, the sites coverage θ counts (bindingSites.ts).
      const sites = use.count * metalAtomsBound(atom);
      all += sites;
      const table = ADSORBATE_BINDING[atom];
      const h = table?.[host];
      const d = table?.[dopant];
      if (h === undefined || d === undefined) {
        known = false;
        continue;
      }
      sum += sites * (d - h);
      weight += sites;
    }
  }
  return { value: weight > 0 ? sum / weight : 0, known, measuredShare: all > 0 ? weight / all : 1 };
}
