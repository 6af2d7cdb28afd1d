/**
 * Ground-state crystal structure of the elemental metals at room temperature (C. Kittel,
 * Introduction to Solid State Physics, 8th ed., Wiley 2005, Table 1.3 / inside cover): the host's
 * bulk structure is a segregation feature, and it sets the bulk coordination of the bond-centric
 * model (8 nearest neighbours in bcc, 12 in fcc and hcp; ce_expansion's cndata gives Fe 8).
 */
export type CrystalStructure = 'fcc' | 'hcp' | 'bcc' | 'other';

export const CRYSTAL_STRUCTURES: readonly CrystalStructure[] = ['fcc', 'hcp', 'bcc', 'other'];

const STRUCTURE: Readonly<Record<string, CrystalStructure>> = {
  Al: 'fcc', Ni: 'fcc', Cu: 'fcc', Rh: 'fcc', Pd: 'fcc', Ag: 'fcc', Ir: 'fcc', Pt: 'fcc', Au: 'fcc', Pb: 'fcc', Ce: 'fcc', Yb: 'fcc',
  V: 'bcc', Cr: 'bcc', Fe: 'bcc', Nb: 'bcc', Mo: 'bcc', Ta: 'bcc', W: 'bcc', Eu: 'bcc',
  Sc: 'hcp', Ti: 'hcp', Co: 'hcp', Zn: 'hcp', Y: 'hcp', Zr: 'hcp', Tc: 'hcp', Ru: 'hcp', Cd: 'hcp', Hf: 'hcp', Re: 'hcp', Os: 'hcp',
  La: 'hcp', Pr: 'hcp', Nd: 'hcp', Pm: 'hcp', Gd: 'hcp', Tb: 'hcp', Dy: 'hcp', Ho: 'hcp', Er: 'hcp', Tm: 'hcp', Lu: 'hcp',
};

/** Structure of a metal; 'other' for the complex or low-symmetry ones (Mn, Hg, Ga, In, Sn, Bi, Sm). */
export function crystalStructure(symbol: string): CrystalStructure {
  return STRUCTURE[symbol] ?? 'other';
}

/** Nearest-neighbour count in the bulk metal. */
export function bulkCoordination(symbol: string): number {
  return crystalStructure(symbol) === 'bcc' ? 8 : 12;
}
