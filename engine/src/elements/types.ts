/** Periodic-table block of an element (lanthanides La–Lu are counted as f-block). */
export type Block = 's' | 'p' | 'd' | 'f';

/** Parameters of Miedema's cellular model (de Boer et al., Cohesion in Metals, 1988). */
export interface MiedemaParameters {
  /** Electronegativity parameter φ*, volts. */
  phiStar: number;
  /** Cube root of the electron density at the Wigner–Seitz cell boundary, n_ws^(1/3), density units^(1/3). */
  nws13: number;
  /** Molar volume to the power 2/3, V^(2/3), cm². */
  v23: number;
}

/** Properties of one element; `null` where the sources give no value. */
export interface ElementData {
  symbol: string;
  z: number;
  name: string;
  /** Pauling electronegativity. */
  pauling: number | null;
  /** Metallic radius for 12-fold coordination, Å (metals only). */
  metallicRadius: number | null;
  /** Standard atomic weight, g/mol. */
  atomicWeight: number;
  valenceElectrons: number | null;
  dElectrons: number | null;
  /** Periodic-table column 1–18 (lanthanides are listed as 3). */
  group: number | null;
  period: number;
  block: Block;
  /** Cohesive energy of the elemental solid, eV/atom (positive). */
  cohesiveEnergy: number | null;
  miedema: MiedemaParameters | null;
}

/** The columns whose provenance `ELEMENT_DATA_SOURCES` records. */
export type ElementColumn =
  | 'name'
  | 'pauling'
  | 'metallicRadius'
  | 'atomicWeight'
  | 'valenceElectrons'
  | 'dElectrons'
  | 'group'
  | 'period'
  | 'block'
  | 'cohesiveEnergy'
  | 'miedema';
