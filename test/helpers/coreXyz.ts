/** Metal cores written as XYZ files, and the rigid motions that make copies of one core. */
import { BOHR_IN_ANGSTROM } from '../../engine/src/geometry/coordinateUnits';

/** One atom: its element and x, y, z in Å. */
export type Atom = readonly [element: string, x: number, y: number, z: number];

/** A 13-atom icosahedron: `centre` at the origin, 12 `shell` atoms around it, its bonds `scale` times 2.7 Å. */
export function icosahedronAtoms(shell = 'Au', centre = 'Pt', scale = 1): Atom[] {
  const [a, b] = [1.402 * scale, 2.268 * scale];
  const around = [
    [0, a, b], [0, -a, b], [0, a, -b], [0, -a, -b],
    [a, b, 0], [-a, b, 0], [a, -b, 0], [-a, -b, 0],
    [b, 0, a], [-b, 0, a], [b, 0, -a], [-b, 0, -a],
  ];
  return [[centre, 0, 0, 0], ...around.map(([x, y, z]): Atom => [shell, x, y, z])];
}

/** An fcc block of `cells`³ cubic cells of edge 4.08 Å (Au's), all `element`: 4·cells³ atoms. */
export function fccBlockAtoms(cells: number, element = 'Au'): Atom[] {
  const atoms: Atom[] = [];
  for (let x = 0; x < cells; x++) {
    for (let y = 0; y < cells; y++) {
      for (let z = 0; z < cells; z++) {
        for (const [dx, dy, dz] of [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]) atoms.push([element, 4.08 * (x + dx), 4.08 * (y + dy), 4.08 * (z + dz)]);
      }
    }
  }
  return atoms;
}

/** `n` points spread evenly over a sphere of this radius (a Fibonacci lattice). */
export function fibonacciSphere(n: number, radius: number): number[][] {
  const turn = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: n }, (_, i) => {
    const y = 1 - (2 * i + 1) / n;
    const r = Math.sqrt(1 - y * y);
    return [radius * r * Math.cos(turn * i), radius * y, radius * r * Math.sin(turn * i)];
  });
}

/**
 * A dense fcc clump (fccBlockAtoms: `cells`³ cells, bonds of 2.88 Å) inside a sparse shell of
 * `shell` atoms spread over a sphere of 10⁴ Å around it: two length scales in one file, where a grid
 * of cells sized from the whole box put the clump in a few cells.
 */
export function clumpInShellAtoms(cells: number, shell: number): Atom[] {
  return [...fccBlockAtoms(cells), ...fibonacciSphere(shell, 1e4).map(([x, y, z]): Atom => ['Au', x, y, z])];
}

/** The atoms as an XYZ file, every coordinate written in full so that it reads back as the same double. */
export function xyzText(atoms: readonly Atom[], comment = 'core'): string {
  return [String(atoms.length), comment, ...atoms.map((atom) => atom.join(' '))].join('\n') + '\n';
}

/** Each atom's coordinates through `f`. */
export function moved(atoms: readonly Atom[], f: (p: readonly [number, number, number]) => readonly number[]): Atom[] {
  return atoms.map(([element, ...p]): Atom => {
    const [x, y, z] = f(p);
    return [element, x, y, z];
  });
}

/** The core with its atom `index` moved `dx` Å along x: another core. */
export function atomMoved(atoms: readonly Atom[], index: number, dx: number): Atom[] {
  return atoms.map(([element, x, y, z], i): Atom => [element, i === index ? x + dx : x, y, z]);
}

/** The rotation by `angle` (radians) about the unit vector `axis`, as a function of a point (Rodrigues' formula). */
export function rotation(axis: readonly [number, number, number], angle: number): (p: readonly [number, number, number]) => [number, number, number] {
  const [ux, uy, uz] = axis;
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  return ([x, y, z]) => {
    const dot = ux * x + uy * y + uz * z;
    return [
      x * c + (uy * z - uz * y) * s + ux * dot * (1 - c),
      y * c + (uz * x - ux * z) * s + uy * dot * (1 - c),
      z * c + (ux * y - uy * x) * s + uz * dot * (1 - c),
    ];
  };
}

/** The copies of one core that hold the same shape, as XYZ files by name: moved, rotated, mirrored, its atoms reordered, and in bohr. */
export function sameShapeCopies(atoms: readonly Atom[]): Record<string, string> {
  return {
    'moved.xyz': xyzText(moved(atoms, (p) => p.map((x) => x + 5))),
    'rotated.xyz': xyzText(moved(atoms, rotation([1 / Math.sqrt(14), 2 / Math.sqrt(14), 3 / Math.sqrt(14)], 0.7))),
    'mirrored.xyz': xyzText(moved(atoms, ([x, y, z]) => [-x, y, z])),
    'reordered.xyz': xyzText(atoms.slice().reverse()),
    // To 12 digits, as quantum-chemistry codes write bohr: read back to Å, most coordinates differ from the original by ~10⁻¹² Å.
    'bohr.xyz': xyzText(moved(atoms, (p) => p.map((x) => Number((x / BOHR_IN_ANGSTROM).toPrecision(12)))), 'positions{atomic_unit}'),
  };
}
