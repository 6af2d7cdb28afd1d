/** Recipe texts shared by the pipeline and command-line tests. */

/** Au4Ru2(PET)8(PPh3)2, the first paper's synthesised immiscible-pair cluster: clean, with a minority dopant. */
export const AU4RU2 = `
recipe Au4Ru2 {
  host     Au 4
  dopant   Ru 2
  topology octahedron
  site     surface
  ligands  PET x 8, PPh3 x 2
}
`;

/** A 1:1 pair in a zeolite (no minority dopant, so no site record) as a two-member family. */
export const CU_M_MFI = `
recipe CuM_MFI {
  host    Cu 1
  dopant  [Ir, Pt] 1
  support zeolite MFI
}
`;

/** Au12Pd: one Pd in a 13-atom icosahedron, which has one core site, so it gets a site prediction. */
export const AU12PD = `
recipe Au12Pd {
  host     Au 12
  dopant   Pd 1
  topology icosahedron
  site     core
}
`;
