/**
 * Generates engine/src/elements/elementData.generated.ts from the shared public data
 * (../shared/data, or $BIMETAL_DATA_DIR) plus the cited literature facts below.
 *
 *   npx tsx scripts/generate-elements.ts           # write the module
 *   npx tsx scripts/generate-elements.ts --check   # fail if the committed module is stale
 */
import { atomicNumber } from '../engine/src/periodicTable';
import type { Block, ElementColumn, ElementData } from '../engine/src/elements/types';
import { readDataCsv, readDataText, readMagpieTable, round, writeOrCheck } from './gen-common';

/** The metals recipes may use (Sc–Zn, Y–Cd, La–Lu, Hf–Hg, Al, Ga, In, Sn, Pb, Bi). */
const METALS = [
  'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn',
  'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd',
  'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg',
  'Al', 'Ga', 'In', 'Sn', 'Pb', 'Bi',
];
/**
 * Atoms through which ligands and supports coordinate the metal core (χ_env needs their Pauling χ):
 * hydride, boryl, carbon, amine and oxygen donors, halides, chalcogenolates (S, Se, Te), pnictogen
 * donors (phosphines, arsines, stibines) and silyl/germyl groups. A `binds` atom outside this list
 * is an error (BM305), so every donor element a real ligand uses belongs here.
 */
const COORDINATING_ATOMS = ['H', 'B', 'C', 'N', 'O', 'F', 'Si', 'P', 'S', 'Cl', 'Ge', 'As', 'Se', 'Br', 'Sb', 'Te', 'I'];

/**
 * Metallic radii for 12-fold coordination, pm. Literature facts: the CN12 column
 * (`metallic_radius_c12`) of the mendeleev element database (L. M. Mentel,
 * https://github.com/lmmentel/mendeleev), whose d-block values are those of N. N. Greenwood and
 * A. Earnshaw, Chemistry of the Elements, 2nd ed. (1997) (Au 144, Ag 144, Cu 128 pm).
 * It has no values for Ce–Lu; those are derived below from the measured density.
 */
const CN12_RADIUS_PM: Readonly<Record<string, number>> = {
  Sc: 162, Ti: 147, V: 134, Cr: 128, Mn: 127, Fe: 126, Co: 125, Ni: 124, Cu: 128, Zn: 134,
  Y: 180, Zr: 160, Nb: 146, Mo: 139, Tc: 136, Ru: 134, Rh: 134, Pd: 137, Ag: 144, Cd: 151,
  La: 187, Hf: 159, Ta: 146, W: 139, Re: 137, Os: 135, Ir: 136, Pt: 139, Au: 144, Hg: 151,
  Al: 143, Ga: 140, In: 158, Sn: 163, Pb: 170, Bi: 178,
};

const AVOGADRO = 6.02214076e23;
const CUBIC_CM_IN_CUBIC_ANGSTROM = 1e24;

/**
 * Radius of a sphere in a close-packed (CN12) lattice with the element's measured atomic volume:
 * a close-packed atom occupies 4√2·r³, so r = (V_atom / 4√2)^(1/3). This is how Teatum,
 * Gschneidner and Waber (LA-4003, 1968) define CN12 radii for close-packed metals; it reproduces
 * the tabulated values (La 187.9 pm, Au 144.2 pm), and it covers the divalent Eu and Yb.
 */
function closePackedRadius(atomicWeight: number, densityGramsPerMl: number): number {
  const atomVolume = ((atomicWeight / densityGramsPerMl) * CUBIC_CM_IN_CUBIC_ANGSTROM) / AVOGADRO;
  return Math.cbrt(atomVolume / (4 * Math.SQRT2));
}

function blockOf(z: number, group: number): Block {
  if (z >= 57 && z <= 71) return 'f';
  if (z >= 89 && z <= 103) return 'f';
  if (group <= 2 || z === 2) return 's';
  if (group >= 13) return 'p';
  return 'd';
}

function nullableNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export const SOURCES: Readonly<Record<ElementColumn, string>> = {
  name: 'crabnet-element-props/ptable.csv (CrabNet, MIT)',
  pauling:
    'matminer-magpie-elements/Electronegativity.table (Pauling scale, from Mathematica ElementData; Magpie sets Pm, Eu, Tb, Yb to the mean of their neighbours)',
  metallicRadius:
    'CN12 metallic radii, Greenwood & Earnshaw, Chemistry of the Elements, 2nd ed. (1997), via the mendeleev database (metallic_radius_c12); Ce–Lu: close-packed radius (V_atom/4√2)^(1/3) from crabnet-element-props/oliynyk.csv Density and Atomic_Weight (Teatum, Gschneidner & Waber, LA-4003, 1968). Metals only.',
  atomicWeight: 'matminer-magpie-elements/AtomicWeight.table (g/mol)',
  valenceElectrons:
    'crabnet-element-props/oliynyk.csv number_of_valence_electrons (s+d for d-block, s+p for p-block, 3 for lanthanides; filled f shells not counted, so Au = 11)',
  dElectrons: 'matminer-magpie-elements/NdValence.table (d electrons of the ground-state configuration, filled d shells included: Au 10, Pt 9, Ga 10)',
  group: 'matminer-magpie-elements/Column.table (lanthanides listed as 3)',
  period: 'matminer-magpie-elements/Row.table',
  block: 'derived from atomic number and group (La–Lu and Ac–Lr counted as f-block)',
  cohesiveEnergy: 'matminer-miedema/cohesive_energies.json (Kittel, Introduction to Solid State Physics, eV/atom)',
  miedema:
    'matminer-miedema/Miedema.csv (de Boer, Boom, Mattens, Miedema & Niessen, Cohesion in Metals, 1988): phiStar = electronegativity (V), nws13 = electron_density^(1/3), v23 = molar_volume^(2/3) (cm²)',
};

function buildElements(): ElementData[] {
  const names = new Map(readDataCsv('crabnet-element-props/ptable.csv').map((r) => [r.symbol, r.name]));
  const oliynyk = new Map(readDataCsv('crabnet-element-props/oliynyk.csv').map((r) => [r.element, r]));
  const miedema = new Map(readDataCsv('matminer-miedema/Miedema.csv').map((r) => [r.element, r]));
  const cohesive = JSON.parse(readDataText('matminer-miedema/cohesive_energies.json')) as Record<string, number>;
  const pauling = readMagpieTable('Electronegativity');
  const weight = readMagpieTable('AtomicWeight');
  const dValence = readMagpieTable('NdValence');
  const column = readMagpieTable('Column');
  const row = readMagpieTable('Row');

  const metals = new Set(METALS);
  return [...METALS, ...COORDINATING_ATOMS].map((symbol): ElementData => {
    const z = atomicNumber(symbol);
    if (z === undefined) throw new Error(`unknown symbol ${symbol}`);
    const atomicWeight = weight.get(z);
    const period = row.get(z);
    const group = column.get(z) ?? null;
    const name = names.get(symbol);
    if (atomicWeight === undefined || period === undefined || group === null || name === undefined) {
      throw new Error(`incomplete core data for ${symbol}`);
    }

    let metallicRadius: number | null = null;
    if (metals.has(symbol)) {
      const tabulated = CN12_RADIUS_PM[symbol];
      if (tabulated !== undefined) metallicRadius = tabulated / 100;
      else {
        const density = nullableNumber(oliynyk.get(symbol)?.['Density_(g/mL)']);
        const weightOliynyk = nullableNumber(oliynyk.get(symbol)?.Atomic_Weight);
        if (density === null || weightOliynyk === null) throw new Error(`no density for ${symbol}`);
        metallicRadius = round(closePackedRadius(weightOliynyk, density), 3);
      }
    }

    const m = miedema.get(symbol);
    const paulingValue = pauling.get(z);
    return {
      symbol,
      z,
      name,
      // Magpie writes 0 where Pauling gives no value; treat that as unknown.
      pauling: paulingValue !== undefined && paulingValue > 0 ? paulingValue : null,
      metallicRadius,
      atomicWeight,
      valenceElectrons: nullableNumber(oliynyk.get(symbol)?.number_of_valence_electrons),
      dElectrons: dValence.get(z) ?? null,
      group,
      period,
      block: blockOf(z, group),
      cohesiveEnergy: cohesive[symbol] ?? null,
      miedema: m
        ? {
            phiStar: Number(m.electronegativity),
            nws13: round(Math.cbrt(Number(m.electron_density)), 6),
            v23: round(Number(m.molar_volume) ** (2 / 3), 6),
          }
        : null,
    };
  });
}

function render(elements: ElementData[]): string {
  const rows = elements.map((e) => `  ${JSON.stringify(e)},`).join('\n');
  return `// GENERATED by scripts/generate-elements.ts from ../shared/data. Do not edit by hand;
// regenerate with \`npx tsx scripts/generate-elements.ts\`.
import type { ElementColumn, ElementData } from './types';

export const ELEMENT_DATA: readonly ElementData[] = [
${rows}
];

/** Where every column comes from. */
export const SOURCES: Readonly<Record<ElementColumn, string>> = ${JSON.stringify(SOURCES, null, 2)};
`;
}

process.exitCode = writeOrCheck('engine/src/elements/elementData.generated.ts', render(buildElements()), process.argv.slice(2));
