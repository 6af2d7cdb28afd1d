/**
 * How far a recipe is from the user's labels, and how much of the calibration it therefore gets.
 *
 * Distance is the Euclidean distance in scaled features (features.ts) to the nearest label. Up to
 * INNER_REACH the calibration applies fully; beyond it the weight falls as a Gaussian of width
 * OUTER_REACH, so a recipe unlike any label gets the shipped model and its interval back. At 2.5
 * scaled units a recipe differs from its nearest label by about 2.5 label spreads (or floors) in
 * one descriptor, or by less in several: still the chemistry the labels describe.
 */
import type { PointTree } from '../spatial/pointTree';

export const INNER_REACH = 2.5;
export const OUTER_REACH = 2.5;

export function fadeWeight(distance: number): number {
  const beyond = Math.max(0, distance - INNER_REACH);
  return Math.exp(-(beyond * beyond) / (2 * OUTER_REACH * OUTER_REACH));
}

/**
 * fadeWeight of the distance from z to the nearest label, to the bit: the search stops at the first
 * label within INNER_REACH, since fadeWeight is 1 there for any nearer one too.
 */
export function labelWeight(labels: PointTree, z: readonly number[]): number {
  return fadeWeight(Math.sqrt(labels.nearestSquaredUpTo(z, INNER_REACH * INNER_REACH)));
}
