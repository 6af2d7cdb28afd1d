import { getElement } from '../elements';
import type { CoreGeometry } from './types';

/**
 * The bohr (atomic unit of length, a₀) in Å, CODATA 2018. Quantum-chemistry codes write
 * coordinates in it, and an XYZ file in bohr reads 1.89 times too long: a D that stays inside
 * the generic 1.5–10 Å for most metals, so only the metals' own bond lengths reveal it.
 */
export const BOHR_IN_ANGSTROM = 0.529177210903;

/**
 * The band of D / radiusBondLength that real clusters lie in. Measured by scripts/bond-scale.ts on
 * 2,829 DFT-relaxed structures read as structure files are (../shared/data: every QCD unary
 * cluster of 3–55 atoms with radii, the 147-atom CANELa nanoparticles, the LPNC protected Au and
 * Au–Ag clusters): from 0.585 (V3; the small Cr, Mo and V clusters hold short multiple d–d bonds)
 * to 1.274 (Zn3, bound only weakly), 0.74–1.07 for 98 % of them. The band is that span with 10 %
 * to spare on each side (0.585 × 0.9 and 1.274 × 1.1, rounded outwards), so that a model cluster
 * compressed or expanded by 10 %, or relaxed with another functional, is not taken for a file in
 * other units. Its upper end decides which files in bohr are caught: those whose real clusters
 * have a scale above 1.41 / 1.89 = 0.746, 98.9 % of the structures measured (all but small Cr,
 * Mo and V clusters). No cluster of La, Lu, Tc, Hg or the lanthanides was in the data: for them the
 * band is applied unmeasured.
 */
export const RADIUS_BOND_SCALE = { min: 0.52, max: 1.41 } as const;

/**
 * The bond length the metals of a core give, Å: the mean of r_i + r_j over its bonds, with the
 * CN12 metallic radii (ELEMENT_DATA_SOURCES.metallicRadius), the templates' rest lengths before
 * their twin strain; undefined when a bonded metal has no metallic radius.
 */
export function radiusBondLength(geometry: Pick<CoreGeometry, 'elements' | 'bonds'>): number | undefined {
  const radii = geometry.elements.map((element) => getElement(element)?.metallicRadius ?? undefined);
  let sum = 0;
  for (const [i, j] of geometry.bonds) {
    const [ri, rj] = [radii[i], radii[j]];
    if (ri === undefined || rj === undefined) return undefined;
    sum += ri + rj;
  }
  return sum / geometry.bonds.length;
}

/** The D a core's metals allow, Å (RADIUS_BOND_SCALE × radiusBondLength), with the bond length it scales; undefined without radii. */
export function plausibleDistanceForMetals(geometry: Pick<CoreGeometry, 'elements' | 'bonds'>): { min: number; max: number; radiusBond: number } | undefined {
  const radiusBond = radiusBondLength(geometry);
  if (radiusBond === undefined) return undefined;
  return { min: RADIUS_BOND_SCALE.min * radiusBond, max: RADIUS_BOND_SCALE.max * radiusBond, radiusBond };
}
