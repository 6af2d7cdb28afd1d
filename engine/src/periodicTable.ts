/**
 * The periodic table's symbols by atomic number, and which elements are metals.
 * Facts from IUPAC (2021 periodic table). Element *properties* live in the generated
 * element-data module; this file only answers "is this a symbol?" and "is it a metal?",
 * which the grammar's validator needs without loading the full property tables.
 */
export const ELEMENT_SYMBOLS: readonly string[] = [
  'H', 'He',
  'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne',
  'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
];

const NON_METALS = new Set(['H', 'He', 'C', 'N', 'O', 'F', 'Ne', 'P', 'S', 'Cl', 'Ar', 'Se', 'Br', 'Kr', 'I', 'Xe', 'Rn', 'Og']);
const METALLOIDS = new Set(['B', 'Si', 'Ge', 'As', 'Sb', 'Te', 'At', 'Ts']);

const SYMBOL_TO_Z = new Map(ELEMENT_SYMBOLS.map((s, i) => [s, i + 1]));

export type ElementClass = 'metal' | 'metalloid' | 'nonmetal';

export function atomicNumber(symbol: string): number | undefined {
  return SYMBOL_TO_Z.get(symbol);
}

export function isElementSymbol(symbol: string): boolean {
  return SYMBOL_TO_Z.has(symbol);
}

export function elementClass(symbol: string): ElementClass | undefined {
  if (!SYMBOL_TO_Z.has(symbol)) return undefined;
  if (NON_METALS.has(symbol)) return 'nonmetal';
  if (METALLOIDS.has(symbol)) return 'metalloid';
  return 'metal';
}

const NOBLE_GASES = new Set(['He', 'Ne', 'Ar', 'Kr', 'Xe', 'Rn', 'Og']);

/** Group 18: non-metals that no ligand of a metal cluster holds either. */
export function isNobleGas(symbol: string): boolean {
  return NOBLE_GASES.has(symbol);
}

export function isMetal(symbol: string): boolean {
  return elementClass(symbol) === 'metal';
}

/** The symbol written in any case (`AU`, `au` → `Au`), as XYZ files from other programs do. */
export function symbolIgnoringCase(text: string): string | undefined {
  const lower = text.toLowerCase();
  return ELEMENT_SYMBOLS.find((s) => s.toLowerCase() === lower);
}
