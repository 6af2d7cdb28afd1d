/**
 * A metal core in 3D: what D (mean nearest-neighbour metal–metal distance), the core graph and
 * the core/surface sites are computed from. Built from a template (`placeCore`) or read from an
 * XYZ file (`parseXyz` / `readXyzStructure`). Only metal atoms are kept: ligand and support atoms
 * do not enter D.
 */
export type SiteLabel = 'core' | 'surface';

export interface CoreGeometry {
  /** Cartesian coordinates in Å, flat: x0, y0, z0, x1, … (length 3 × atom count). */
  positions: Float64Array;
  elements: string[];
  labels: readonly SiteLabel[];
  /** Nearest-neighbour metal–metal bonds, each pair once with i < j. */
  bonds: ReadonlyArray<readonly [number, number]>;
  /** D: mean length of `bonds`, Å. */
  meanNearestNeighbourDistance: number;
  /** Where the coordinates came from, in words (shown with D). */
  origin: string;
  /** How many frames the XYZ file holds, when more than one: only the first is read (xyz.ts). */
  frames?: number;
  /** How many metal atoms lie far from the cluster (xyz.ts strayAtoms), when any do. */
  strays?: number;
  /** The line of the file the first of them was read from (1-based), to name it. */
  strayLine?: number;
}

/** Why no geometry could be built or read; the caller ranges it on the offending text. */
export interface GeometryError {
  error: string;
}

export function isGeometryError(value: CoreGeometry | GeometryError): value is GeometryError {
  return 'error' in value;
}
