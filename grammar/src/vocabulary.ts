import type { SiteName } from '../../engine/src/recipe';

/**
 * The words of the language, for validation, completion and the editor grammar.
 * Keep in step with the tokens in lexer.ts and with syntaxes/bimetal.tmLanguage.json
 * (a test checks both).
 */
export const DECLARATION_KEYWORDS = ['ligand', 'recipe'] as const;
export const LIGAND_CLAUSE_KEYWORDS = ['binds', 'logP'] as const;

export const PROPERTY_NAMES = [
  'host',
  'dopant',
  'topology',
  'site',
  'ligands',
  'support',
  'distance',
  'charge',
  'energy',
  'siteEnergy',
  'note',
  'structure',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** One-line descriptions of the properties, for completion and hover. */
export const PROPERTY_DOCS: Readonly<Record<PropertyName, string>> = {
  host: 'host ELEMENT [COUNT] — the host (majority) metal and its atom count (default 1)',
  dopant: 'dopant ELEMENT [COUNT] — the second metal and its atom count (default 1)',
  topology: 'topology NAME [shells N] — core template; derived from the counts when unique',
  site: 'site core | surface | mixed — where the dopant atoms sit (default mixed)',
  ligands: 'ligands USE[, USE…], USE = (NAME | "SMILES") [x COUNT] — protecting ligands',
  support: 'support KIND [NAME] — substrate: zeolite, nc, oxide, nitride, mof, none',
  distance: 'distance NUMBER [Å|A|angstrom|pm|nm] — average metal–metal distance, stored in Å',
  charge: 'charge INTEGER — overall charge (default 0)',
  energy: 'energy NUMBER eV — a known reference E_form (eV per metal atom): shown for comparison, and a calibration label',
  siteEnergy: 'siteEnergy NUMBER eV — a known site preference ΔE = E(core) − E(surface): shown for comparison, and a calibration label',
  note: 'note "TEXT" — free text shown in hover',
  structure: 'structure "path.xyz" — real core coordinates, relative to this file',
};

/** Words that only appear after another keyword. */
export const SUB_KEYWORDS = ['shells', 'x'] as const;

export const KEYWORDS: readonly string[] = [...DECLARATION_KEYWORDS, ...LIGAND_CLAUSE_KEYWORDS, ...PROPERTY_NAMES, ...SUB_KEYWORDS];

export { SITE_NAMES, SUPPORT_KINDS, TOPOLOGY_NAMES } from '../../engine/src/recipe';

/** Distance units and their factor to ångström (Å is accepted as U+00C5 and as the ANGSTROM SIGN U+212B). */
export const DISTANCE_UNITS: Readonly<Record<string, number>> = { '\u00C5': 1, '\u212B': 1, A: 1, angstrom: 1, pm: 0.01, nm: 10 };
/** The size in Å of the distance unit written `text`; undefined for a word that is none (only the table's own keys: `constructor` is no unit). */
export function distanceUnitInAngstrom(text: string): number | undefined {
  return Object.hasOwn(DISTANCE_UNITS, text) ? DISTANCE_UNITS[text] : undefined;
}
/** The distance units offered in messages and completion: the ANGSTROM SIGN is left out, as it looks exactly like Å. */
export const SUGGESTED_DISTANCE_UNITS: readonly string[] = Object.keys(DISTANCE_UNITS).filter((u) => u !== '\u212B');
export const ENERGY_UNITS = ['eV'] as const;

/**
 * Units that the language does not take, each with its size in the unit it takes: those of other
 * codes, a distance in Å (Bohr radius), an energy in eV (hartree, rydberg, kJ/mol and kcal/mol
 * per atom, meV), and metric units of another size, which are one letter from `nm`, `pm` or `eV`
 * (`mm`, `um` for µm, `fm`, `keV`). CODATA 2018: a0 = 0.529177210903 Å, Eh = 27.211386245988 eV,
 * Ry = Eh/2; 1 eV per particle = 96.485332 kJ/mol = 23.060548 kcal/mol. BM219's fix converts the
 * number with them, where swapping the word alone would keep a number of the wrong size.
 */
export const FOREIGN_DISTANCE_UNITS: Readonly<Record<string, number>> = {
  bohr: 0.529177210903,
  Bohr: 0.529177210903,
  au: 0.529177210903,
  a0: 0.529177210903,
  m: 1e10,
  cm: 1e8,
  mm: 1e7,
  um: 1e4,
  // The micro sign (U+00B5) and the Greek mu (U+03BC) it is often typed as.
  '\u00B5m': 1e4,
  '\u03BCm': 1e4,
  fm: 1e-5,
};
export const FOREIGN_ENERGY_UNITS: Readonly<Record<string, number>> = {
  Ha: 27.211386245988,
  Eh: 27.211386245988,
  hartree: 27.211386245988,
  Hartree: 27.211386245988,
  Ry: 13.605693122994,
  Rydberg: 13.605693122994,
  kJ: 1 / 96.485332,
  kcal: 1 / 23.060548,
  meV: 0.001,
  keV: 1000,
  MeV: 1e6,
};
/** The foreign energy units that are written per mole (`kJ/mol`): their value per atom is per mole of atoms. */
export const MOLAR_ENERGY_UNITS: readonly string[] = ['kJ', 'kcal'];
/**
 * Physically possible label values, eV. E_form per metal atom: the first paper's values lie in
 * −5.86…0.85 and no metal binds by more than ~9 eV/atom (W), so −15…+5 leaves room for ligand
 * shells while catching total energies and kJ/mol. ΔE = E(core) − E(surface) for one dopant: the
 * second paper's values are a few eV; ±20 eV catches only slips.
 */
export const LABEL_RANGES = { energy: { min: -15, max: 5 }, siteEnergy: { min: -20, max: 20 } } as const;

export const DEFAULT_SITE: SiteName = 'mixed';
export { DEFAULT_MAX_FAMILY_SIZE } from '../../report/src/defaults';
/** Plausible average metal–metal distances, Å (shortest metallic bonds ≈ 2.2 Å; 10 Å is far beyond any bond). */
export const PLAUSIBLE_DISTANCE_RANGE = { min: 1.5, max: 10 } as const;
