/**
 * Mackay-type shell construction shared by the icosahedron, the cuboctahedron and the Ino
 * decahedron. Each is a centre atom plus shells n = 1…k, where shell n holds the lattice points
 * of the polyhedron's faces scaled by n (10n² + 2 atoms). The pyramid from the centre to each
 * triangular face is then an fcc tetrahedron and to each square face an fcc half-octahedron,
 * so the strain of the real motifs (≈5 % in the icosahedron, ≈2–3 % in the decahedron) comes
 * out of the construction rather than from a table.
 */
type Vec3 = readonly [number, number, number];

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3): number => Math.sqrt(dot(a, a));
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];

export type ShellPolyhedron = 'icosahedron' | 'cuboctahedron' | 'decahedron';

/** Vertices of each polyhedron with unit edge length. */
function unitVertices(polyhedron: ShellPolyhedron): Vec3[] {
  switch (polyhedron) {
    case 'icosahedron': {
      // Cyclic permutations of (0, ±1, ±φ): edge length 2.
      const phi = (1 + Math.sqrt(5)) / 2;
      const out: Vec3[] = [];
      for (const s1 of [-1, 1]) {
        for (const s2 of [-1, 1]) {
          out.push([0, s1, s2 * phi], [s1, s2 * phi, 0], [s2 * phi, 0, s1]);
        }
      }
      return out.map((v) => scale(v, 0.5));
    }
    case 'cuboctahedron': {
      // Permutations of (±1, ±1, 0): edge length √2.
      const out: Vec3[] = [];
      for (const s1 of [-1, 1]) {
        for (const s2 of [-1, 1]) {
          out.push([s1, s2, 0], [s1, 0, s2], [0, s1, s2]);
        }
      }
      return out.map((v) => scale(v, Math.SQRT1_2));
    }
    case 'decahedron': {
      // Ino decahedron with unit edges: two pentagonal rings at z = ±½ (square (100) faces
      // between them) capped by an apex each, apex–ring edges also of unit length.
      const ringRadius = 1 / (2 * Math.sin(Math.PI / 5));
      const apexHeight = 0.5 + Math.sqrt(1 - ringRadius * ringRadius);
      const out: Vec3[] = [[0, 0, apexHeight], [0, 0, -apexHeight]];
      for (const z of [0.5, -0.5]) {
        for (let i = 0; i < 5; i++) {
          const angle = (2 * Math.PI * i) / 5;
          out.push([ringRadius * Math.cos(angle), ringRadius * Math.sin(angle), z]);
        }
      }
      return out;
    }
  }
}

interface Faces {
  /** Triangles [a, b, c] of mutually adjacent vertices. */
  triangles: Array<[Vec3, Vec3, Vec3]>;
  /** Squares as corner a with its two edge neighbours b and d (fourth corner b + d − a). */
  squares: Array<[Vec3, Vec3, Vec3]>;
}

/**
 * Faces found from the vertices alone: triangles are 3-cliques of the unit-edge graph, squares
 * are right angles at a vertex whose completing corner is also a vertex. Each face is found
 * several times; the lattice points are deduplicated later.
 */
function facesOf(vertices: Vec3[]): Faces {
  const tolerance = 1e-9;
  const adjacent = (a: Vec3, b: Vec3) => Math.abs(norm(sub(a, b)) - 1) < tolerance;
  const isVertex = (p: Vec3) => vertices.some((v) => norm(sub(v, p)) < tolerance);
  const triangles: Faces['triangles'] = [];
  const squares: Faces['squares'] = [];
  for (const a of vertices) {
    const neighbours = vertices.filter((v) => adjacent(a, v));
    for (const b of neighbours) {
      for (const c of neighbours) {
        if (b === c) continue;
        if (adjacent(b, c)) triangles.push([a, b, c]);
        else if (Math.abs(dot(sub(b, a), sub(c, a))) < tolerance && isVertex(sub([b[0] + c[0], b[1] + c[1], b[2] + c[2]], a))) {
          squares.push([a, b, c]);
        }
      }
    }
  }
  return { triangles, squares };
}

/** Lattice points of shell n (n ≥ 1), in the order the faces produce them, without duplicates. */
function shellPoints(faces: Faces, n: number, seen: Map<string, number>, out: number[]): void {
  const add = (a: Vec3, u: Vec3, v: Vec3, i: number, j: number) => {
    const x = n * a[0] + i * u[0] + j * v[0];
    const y = n * a[1] + i * u[1] + j * v[1];
    const z = n * a[2] + i * u[2] + j * v[2];
    const key = `${Math.round(x * 1e6)},${Math.round(y * 1e6)},${Math.round(z * 1e6)}`;
    if (seen.has(key)) return;
    seen.set(key, out.length / 3);
    out.push(x, y, z);
  };
  for (const [a, b, c] of faces.triangles) {
    const u = sub(b, a);
    const v = sub(c, a);
    for (let i = 0; i <= n; i++) for (let j = 0; i + j <= n; j++) add(a, u, v, i, j);
  }
  for (const [a, b, d] of faces.squares) {
    const u = sub(b, a);
    const v = sub(d, a);
    for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) add(a, u, v, i, j);
  }
}

/**
 * Centre atom plus `shells` shells; coordinates in units of the polyhedron's edge (the
 * tangential nearest-neighbour distance), flat x, y, z.
 */
export function shellCluster(polyhedron: ShellPolyhedron, shells: number): Float64Array {
  const faces = facesOf(unitVertices(polyhedron));
  const seen = new Map<string, number>();
  const out: number[] = [0, 0, 0];
  for (let n = 1; n <= shells; n++) shellPoints(faces, n, seen, out);
  return Float64Array.from(out);
}
