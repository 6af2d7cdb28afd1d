/**
 * Miedema's macroscopic model for the chemical mixing enthalpy of a binary liquid alloy
 * (A. R. Miedema, P. F. de Châtel and F. R. de Boer, Physica B 100 (1980) 1; de Boer et al.,
 * Cohesion in Metals, 1988), the formulation Takeuchi & Inoue (2005) used for their table.
 *
 *   ΔH = x_A · f_B^A · ΔH_sol(A in B) + Σ x_i·H_trans,i
 *   ΔH_sol = V_A,alloy^(2/3) · 2[−P(Δφ*)² + Q(Δn_ws^(1/3))² − R] / (1/n_A^(1/3) + 1/n_B^(1/3))
 *
 * In the liquid the contact fraction f_B^A is the surface concentration c_B^s (no ordering term),
 * and V^(2/3) shrinks or grows with the charge transfer: V_A,alloy^(2/3) = V_A^(2/3)(1 + a_A f_B^A (φ*_A − φ*_B)).
 */
import { atomicNumber } from '../periodicTable';
import { MIEDEMA_PARAMETERS } from './hmixData.generated';
import type { MiedemaElementParameters } from './types';

/** Q/P, the same for all pairs (Miedema 1980). */
const Q_OVER_P = 9.4;

/**
 * Miedema's P depends on whether the partners are transition metals. Rare earths and actinides
 * count as transition metals; Cu, Ag and Au too. Zn, Cd, Hg and the s- and p-block do not.
 */
export function isTransitionMetal(symbol: string): boolean {
  const z = atomicNumber(symbol);
  if (z === undefined) return false;
  return (z >= 21 && z <= 29) || (z >= 39 && z <= 47) || (z >= 57 && z <= 79) || (z >= 89 && z <= 103);
}

function pValue(a: string, b: string): number {
  const transitionCount = Number(isTransitionMetal(a)) + Number(isTransitionMetal(b));
  return [10.7, 12.35, 14.1][transitionCount];
}

/** Surface concentrations c^s of the two partners, from their mole fractions and V^(2/3). */
function surfaceConcentrations(xA: number, v23A: number, v23B: number): [number, number] {
  const areaA = xA * v23A;
  const areaB = (1 - xA) * v23B;
  return [areaA / (areaA + areaB), areaB / (areaA + areaB)];
}

/**
 * Mixing enthalpy of the liquid A_xB_(1−x), kJ/mol, or undefined if an element has no parameters.
 * `xA` defaults to 0.5, the composition Takeuchi & Inoue tabulate.
 */
export function miedemaLiquidMixingEnthalpy(a: string, b: string, xA = 0.5): number | undefined {
  const pa: MiedemaElementParameters | undefined = MIEDEMA_PARAMETERS[a];
  const pb: MiedemaElementParameters | undefined = MIEDEMA_PARAMETERS[b];
  if (!pa || !pb || a === b) return undefined;

  const deltaPhi = pa.phiStar - pb.phiStar;
  // One iteration of the volume correction, with contact fractions from the unperturbed volumes.
  const [, contactB0] = surfaceConcentrations(xA, pa.v23, pb.v23);
  const [contactA0] = surfaceConcentrations(xA, pa.v23, pb.v23);
  const v23AAlloy = pa.v23 * (1 + pa.a * contactB0 * deltaPhi);
  const v23BAlloy = pb.v23 * (1 - pb.a * contactA0 * deltaPhi);
  const [, contactB] = surfaceConcentrations(xA, v23AAlloy, v23BAlloy);

  const p = pValue(a, b);
  const mixed = isTransitionMetal(a) !== isTransitionMetal(b);
  const r = mixed ? pa.rOverP * pb.rOverP * p : 0;
  const interfaceEnergy =
    (2 * (-p * deltaPhi ** 2 + Q_OVER_P * p * (pa.nws13 - pb.nws13) ** 2 - r)) / (1 / pa.nws13 + 1 / pb.nws13);
  const solution = v23AAlloy * interfaceEnergy;
  return xA * contactB * solution + xA * pa.hTrans + (1 - xA) * pb.hTrans;
}
