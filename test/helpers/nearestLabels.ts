/**
 * The brute-force nearest-label search the calibration used before its k-d tree (spatial/pointTree.ts):
 * every label scanned for one point. The tests hold the tree to these numbers, to the bit.
 */
import { fadeWeight, INNER_REACH } from '../../engine/src/calibration/fade';
import { squaredDistance } from '../../engine/src/calibration/linalg';
import type { NearestDistances } from '../../engine/src/spatial/pointTree';

/**
 * fadeWeight of the distance to the nearest label (NearestLabels' `overall`), to the bit, for a
 * recipe that needs no fold's: the search ends at a label within INNER_REACH (the weight is then 1,
 * whichever label is nearest), and a label's sum stops once it passes the nearest so far. A scan of
 * every label: the brute-force reference of labelWeight (fade.ts), which the calibrator
 * uses.
 */
export function nearestLabelWeight(z: readonly number[], points: readonly number[][]): number {
  const reached = INNER_REACH * INNER_REACH;
  let best = Infinity;
  for (let i = 0; i < points.length && best > reached; i++) {
    const point = points[i];
    let sum = 0;
    for (let j = 0; j < z.length && sum < best; j++) {
      const d = z[j] - point[j];
      sum += d * d;
    }
    if (sum < best) best = sum;
  }
  return fadeWeight(Math.sqrt(best));
}

/**
 * Nearest-label distances of one point, overall and with each fold left out: for fold k the
 * nearest label outside k is the best fold minimum unless that fold is k itself. It scans every
 * label (O(N) a point): the brute-force reference of PointTree (spatial/pointTree.ts), which the fit and
 * the calibrator search with.
 */
export class NearestLabels implements NearestDistances {
  /** Nearest distance to any label. */
  readonly overall: number;
  private readonly best: number;
  private readonly bestFold: number;
  private readonly second: number;

  constructor(z: readonly number[], points: readonly number[][], fold: readonly number[]) {
    const perFold = new Map<number, number>();
    for (let i = 0; i < points.length; i++) {
      const d = squaredDistance(z, points[i]);
      const k = fold[i];
      const current = perFold.get(k);
      if (current === undefined || d < current) perFold.set(k, d);
    }
    let best = Infinity;
    let bestFold = -1;
    let second = Infinity;
    for (const [k, d] of perFold) {
      if (d < best) {
        second = best;
        best = d;
        bestFold = k;
      } else if (d < second) second = d;
    }
    this.best = Math.sqrt(best);
    this.bestFold = bestFold;
    this.second = Math.sqrt(second);
    this.overall = this.best;
  }

  /** Nearest distance to a label outside fold k. */
  without(k: number): number {
    return k === this.bestFold ? this.second : this.best;
  }
}
