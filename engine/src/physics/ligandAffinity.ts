import { ADSORBATE_BINDING } from './physicsData.generated';

/**
 * How much more strongly the dopant than the host binds the ligands' binding atoms, eV per
 * adsorbate coordination: the count-weighted mean of b(dopant) − b(host) over the binding atoms
 * that eseg-ads-ligand measured (S through R-S, N through R-NH2; six metals). Negative means the
 * ligands pull the dopant to the surface, the effect that data set shows on segregation.
 */
export interface LigandAffinity {
  /** eV; 0 without ligands. */
  value: number;
  /** False when some binding atom or metal has no measured binding strength (then it is left out). */
  known: boolean;
  /**
   * The count-weighted share of the binding atoms whose strength on both metals was measured (1 without
   * ligands): of the surface sites the ligands bind, the share whose pull on the dopant is known.
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
      all += use.count;
      const table = ADSORBATE_BINDING[atom];
      const h = table?.[host];
      const d = table?.[dopant];
      if (h === undefined || d === undefined) {
        known = false;
        continue;
      }
      sum += use.count * (d - h);
      weight += use.count;
    }
  }
  return { value: weight > 0 ? sum / weight : 0, known, measuredShare: all > 0 ? weight / all : 1 };
}
