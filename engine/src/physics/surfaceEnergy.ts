import { getElement } from '../elements';

/**
 * Surface energy of an elemental metal, estimated by the broken-bond model (SCIENCE.md §6): no
 * public table of surface energies is among the shared data, so each metal gets
 *   γ ≈ E_coh · (1 − √(Z_s/Z_b)) / A_site,
 * the square-root form (bond energy ∝ √Z, as in the bond-centric model), for its close-packed face:
 * Z_s = 9 of Z_b = 12 neighbours, and A_site = (√3/2)·d² with the nearest-neighbour distance
 * d = 2·R(CN12). E_coh is the experimental cohesive energy (Kittel). It ranks metals as measured
 * surface energies do (Pt > Pd > Au > Ag), at 64–76 % of their magnitude (Pd 0.64, Ag 0.71, Pt 0.75, Au 0.76 of Tyson and Miller's values).
 */
export const SURFACE_ENERGY_DEFINITION =
  'γ ≈ E_coh·(1 − √(9/12)) / A_site, broken-bond estimate for the close-packed face; A_site = (√3/2)·(2·R_CN12)²';

/** eV/Å² → J/m². */
const EV_PER_SQUARE_ANGSTROM_IN_J_PER_SQUARE_METRE = 16.021766;
const BROKEN_BOND_FRACTION = 1 - Math.sqrt(9 / 12);

/** Surface energy in J/m², or null when the element lacks a cohesive energy or radius. */
export function surfaceEnergy(symbol: string): number | null {
  const e = getElement(symbol);
  if (!e || e.cohesiveEnergy === null || e.metallicRadius === null) return null;
  const d = 2 * e.metallicRadius;
  const siteArea = (Math.sqrt(3) / 2) * d * d;
  return ((e.cohesiveEnergy * BROKEN_BOND_FRACTION) / siteArea) * EV_PER_SQUARE_ANGSTROM_IN_J_PER_SQUARE_METRE;
}
