/**
 * The small dense linear algebra a calibration needs: solving a symmetric positive-definite system
 * by Cholesky. Matrices are row-major Float64Arrays; sizes stay in the low hundreds, so a plain
 * O(p³) factorisation is fast enough and needs no library.
 */

/** Solves A·x = b for symmetric positive-definite A (p × p); A is left untouched. */
export function solveSpd(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j];
      for (let k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        // A ridge term keeps the matrix positive definite; a tiny floor guards against round-off only.
        l[i * p + i] = Math.sqrt(Math.max(sum, 1e-12));
      } else {
        l[i * p + j] = sum / l[j * p + j];
      }
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * p + k] * y[k];
    y[i] = sum / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i] * x[k];
    x[i] = sum / l[i * p + i];
  }
  return x;
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j] - b[j];
    sum += d * d;
  }
  return sum;
}
