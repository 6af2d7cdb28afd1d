/**
 * The two fcc solids that are cut from the lattice rather than built in shells. "Shells" k means
 * k + 1 atoms per edge, as in magicSizes.ts. Coordinates in units of the fcc nearest-neighbour
 * distance, centred on the centroid, flat x, y, z.
 */

/** Regular octahedron: square (100) layers of 1, 2, …, n, …, 2, 1 atoms per side. */
export function fccOctahedron(shells: number): Float64Array {
  const n = shells + 1;
  const layerSpacing = Math.SQRT1_2;
  const out: number[] = [];
  for (let layer = -(n - 1); layer <= n - 1; layer++) {
    const side = n - Math.abs(layer);
    const offset = (side - 1) / 2;
    for (let a = 0; a < side; a++) {
      for (let b = 0; b < side; b++) out.push(a - offset, b - offset, layer * layerSpacing);
    }
  }
  return Float64Array.from(out);
}

/** Regular tetrahedron: the points i·a + j·b + l·c with i + j + l ≤ n − 1 on (111) lattice vectors. */
export function fccTetrahedron(shells: number): Float64Array {
  const n = shells + 1;
  const a = [1, 0, 0];
  const b = [0.5, Math.sqrt(3) / 2, 0];
  const c = [0.5, Math.sqrt(3) / 6, Math.sqrt(2 / 3)];
  const out: number[] = [];
  for (let l = 0; l < n; l++) {
    for (let j = 0; j + l < n; j++) {
      for (let i = 0; i + j + l < n; i++) {
        out.push(i * a[0] + j * b[0] + l * c[0], i * a[1] + j * b[1] + l * c[1], i * a[2] + j * b[2] + l * c[2]);
      }
    }
  }
  return centred(Float64Array.from(out));
}

function centred(positions: Float64Array): Float64Array {
  const n = positions.length / 3;
  for (let axis = 0; axis < 3; axis++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += positions[3 * i + axis];
    const mean = sum / n;
    for (let i = 0; i < n; i++) positions[3 * i + axis] -= mean;
  }
  return positions;
}
