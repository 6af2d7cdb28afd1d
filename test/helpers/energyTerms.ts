import { SUPPORT_COLUMNS } from '../../engine/src/features/schema';
import { ENERGY_TERMS_SCHEMA, type EnergyTermsFile } from '../../engine/src/inference/energyTerms';
import { LIGAND_CLASSES } from '../../engine/src/ligands/ligandClass';
import { ELEMENT_SYMBOLS } from '../../engine/src/periodicTable';

/**
 * Energy terms files (models/FORMAT.md, `eform-v2.terms.json`) for tests: made-up coefficients
 * whose every consequence a test can compute by hand. Not the shipped anchor.
 */

/** Au, Ag, Pd, Pt and Cu have size laws; other elements take the cohesive-energy fallback. */
export const FIXTURE_TERMS: EnergyTermsFile = {
  schema: ENERGY_TERMS_SCHEMA,
  reference: 'test reference: binding energy per metal atom relative to the isolated atoms',
  sizeLaw: {
    form: 'E_el(N) = eBulk + a·N^(-1/3) + b·N^(-2/3)',
    definition: 'test size law',
    source: 'test fixture',
    elements: {
      Au: { eBulk: -3.81, a: 3.2, b: -1.1, fitted: 'fixture Au13–Au55', nMin: 13 },
      Ag: { eBulk: -2.95, a: 2.6, b: -0.9, fitted: 'fixture Ag13–Ag55', nMin: 13 },
      Pd: { eBulk: -3.89, a: 3.0, b: -0.5, fitted: 'fixture Pd13–Pd55', nMin: 13 },
      Pt: { eBulk: -5.84, a: 4.1, b: -1.0, fitted: 'fixture Pt13–Pt55', nMin: 13 },
      Cu: { eBulk: -3.49, a: 2.9, b: -0.8, fitted: 'fixture Cu13–Cu55', nMin: 13 },
    },
    fallback: { a: 3.0, b: -0.8, eCohScale: 0.95, eCohShift: 0.1, definition: 'test fallback' },
  },
  environment: {
    form: 'ΔE_env = …',
    definition: 'test environment',
    source: 'test fixture',
    perLigand: { thiolate: { value: -0.9, unit: 'eV per ligand per metal atom', fittedOn: ['Au23Pd(S-c-hex)17 −3.56', 'Au24Cd(nBuS)18 −3.58', 'Au24Hg(nBuS)18 −3.71'], n: 3 } },
    perSupport: { nc: { value: -0.4, unit: 'eV/atom', fittedOn: ['fixture'], n: 3 } },
  },
};

/** The fixture's own size law of `symbol` at N (eV/atom), written out as the contract states it. */
export function fixtureSizeLaw(symbol: keyof typeof FIXTURE_TERMS.sizeLaw.elements & string, n: number): number {
  const { eBulk, a, b } = FIXTURE_TERMS.sizeLaw.elements[symbol];
  return eBulk + a / Math.cbrt(n) + b / Math.cbrt(n) ** 2;
}

/**
 * A terms file whose anchor is exactly 0 for every recipe, with no unsupported part: the runtime
 * then returns the ONNX outputs unchanged, so tests of other behaviour keep their hand-computed numbers.
 */
export function neutralEnergyTerms(): EnergyTermsFile {
  const zero = { value: 0, fittedOn: ['neutral test terms'], n: 0 };
  return {
    ...FIXTURE_TERMS,
    sizeLaw: { ...FIXTURE_TERMS.sizeLaw, elements: Object.fromEntries(ELEMENT_SYMBOLS.map((s) => [s, { eBulk: 0, a: 0, b: 0, fitted: 'neutral test terms' }])) },
    environment: {
      ...FIXTURE_TERMS.environment,
      perLigand: Object.fromEntries(LIGAND_CLASSES.map((c) => [c, zero])),
      perSupport: Object.fromEntries(SUPPORT_COLUMNS.filter((s) => s !== 'none').map((s) => [s, zero])),
    },
  };
}
