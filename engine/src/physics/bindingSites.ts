/**
 * How many surface metal atoms one binding atom of a ligand occupies. A thiolate's S bridges two metal
 * atoms: in the RS–Au–SR staples of thiolate-protected gold clusters every S binds a core atom and an
 * adatom (Häkkinen, Nat. Chem. 4, 443 (2012)), and RS on Au(111) takes bridge sites; so 18 thiolates
 * bind the 12 surface atoms of Au25(SR)18's icosahedral core twice over, and 60 bind the 60 surface
 * atoms of Au144(SR)60's core. Amines, phosphines, halides, alkynyls and Cp* are taken to bind one metal
 * atom each (atop, or one σ bond), the count a binding atom had before this table.
 */
const BRIDGED_METAL_ATOMS: Readonly<Record<string, number>> = { S: 2 };

/** The surface metal atoms one binding atom of element `atom` occupies (1 where the table says nothing). */
export function metalAtomsBound(atom: string): number {
  return BRIDGED_METAL_ATOMS[atom] ?? 1;
}
