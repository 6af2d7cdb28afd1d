import { byCodeUnit } from '../byCodeUnit';
import { ELEMENT_SYMBOLS } from '../periodicTable';

interface CommonChemAtom {
  z?: number;
  impHs?: number;
  chg?: number;
}

interface CommonChemJson {
  defaults: { atom: Required<Pick<CommonChemAtom, 'z' | 'impHs' | 'chg'>> };
  molecules: { atoms: CommonChemAtom[] }[];
}

/**
 * The symbol of an atom of atomic number `z`: `*` for 0, the dummy atom of an attachment point
 * (`[Cu]C#C*`), as SMILES and RDKit's CalcMolFormula write it (`C2*Cu`).
 */
export function atomSymbol(z: number): string {
  return z === 0 ? '*' : (ELEMENT_SYMBOLS[z - 1] ?? `Z${z}`);
}

/**
 * Hill-order formula (C, then H, then the rest alphabetically; without carbon all alphabetically)
 * with the net charge appended like RDKit's CalcMolFormula: `C8H10S`, `Cl-`, `C10H15-`.
 * MinimalLib has no formula call, so it is counted from the molecule's CommonChem JSON.
 */
export function formulaFromCommonChem(json: string): string {
  const parsed = JSON.parse(json) as CommonChemJson;
  const defaults = parsed.defaults.atom;
  const counts = new Map<string, number>();
  let charge = 0;
  const add = (symbol: string, n: number) => counts.set(symbol, (counts.get(symbol) ?? 0) + n);
  for (const molecule of parsed.molecules) {
    for (const atom of molecule.atoms) {
      const z = atom.z ?? defaults.z;
      add(atomSymbol(z), 1);
      const hydrogens = atom.impHs ?? defaults.impHs;
      if (hydrogens > 0) add('H', hydrogens);
      charge += atom.chg ?? defaults.chg;
    }
  }
  const hasCarbon = counts.has('C');
  const symbols = [...counts.keys()].sort((a, b) => {
    const rank = (s: string) => (hasCarbon && s === 'C' ? 0 : hasCarbon && s === 'H' ? 1 : 2);
    return rank(a) - rank(b) || byCodeUnit(a, b);
  });
  const body = symbols.map((s) => (counts.get(s) === 1 ? s : `${s}${counts.get(s)}`)).join('');
  if (charge === 0) return body;
  const sign = charge > 0 ? '+' : '-';
  return Math.abs(charge) === 1 ? `${body}${sign}` : `${body}${sign}${Math.abs(charge)}`;
}
