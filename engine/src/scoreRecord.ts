import type { BimetalDiagnostic } from './diagnostic';

/**
 * One record of `bimetal score` (LANGUAGE.md §5), also returned by the language server's
 * `bimetal/scoreDocument` and `bimetal/scoreWorkspace` requests. Numbers are in the units stated;
 * `null` where not applicable.
 */
export interface DescriptorRecord {
  /** H_mix, kJ/mol (Takeuchi–Inoue table, or Miedema-computed). */
  hMix: number | null;
  chiEnv: number | null;
  deltaChi: number | null;
  /** g/mol */
  deltaM: number | null;
  /** Å */
  deltaR: number | null;
  /** Å */
  distance: number | null;
  reducedDistance: number | null;
  phi: number | null;
  /** The φ verdict, decided once by the engine against `phiThreshold` (views never re-decide it). */
  phiVerdict: PhiVerdict;
  /** The threshold `phiVerdict` was decided against (`--phi-threshold`, `bimetal.phiThreshold`). */
  phiThreshold: number;
  /** Crippen logP per ligand name (inline SMILES use the canonical SMILES as the key). */
  logP: Record<string, number>;
}

/**
 * `accessible`: φ ≥ threshold, potentially synthesizable (first paper); `inaccessible`: below it;
 * `undefined`: φ has no meaning here, because the recipe has no environment (no ligands, no
 * support: χ_env = 0 by definition) or an input of φ is unknown (`phi` is then null).
 */
export type PhiVerdict = 'accessible' | 'inaccessible' | 'undefined';

/** One additive part of E_form (size, mixing, environment, ordering, and a user calibration's shift); the values sum to `eForm`. */
export interface TermRecord {
  key: 'size' | 'mixing' | 'environment' | 'ordering' | 'calibration';
  /** eV per metal atom. */
  value: number;
  unit: string;
  source: string;
  /** False when no data stands behind the value (an estimate, or 0 for an unknown environment). */
  supported: boolean;
  /** The term's own inputs (EnergyTerm.inputs), shared with it: read-only. */
  inputs: Readonly<Record<string, number | string>>;
}

export interface PredictionRecord {
  /** E_form, eV per metal atom (first paper's eq. 1). */
  eForm: number;
  lower: number;
  upper: number;
  coverage: number;
  model: string;
  inDomain: boolean;
  /** The parts of E_form, in the order size, mixing, environment, ordering (then calibration). */
  terms: TermRecord[];
  /** The calibration applied (`bimetal score --calibration`, or the editor's own), when one is. */
  calibration?: CalibrationSummary;
}

/** What a record says about the calibration behind its numbers. */
export interface CalibrationSummary {
  /** Number of the user's labels it was fitted on. */
  labels: number;
  /** Its cross-validated MAE on those labels (eV/atom for E_form, eV for ΔE). */
  cvMae: number;
  /** Its measured coverage on those labels, at `coverage`'s level. */
  coverage: number;
  /** How much of it applies to this recipe: 1 among the labels it was fitted on, towards 0 far from them (for a label shown held out, measured to the labels outside its fold). */
  weight: number;
  /**
   * On a recipe that is one of the calibration's own labels: its value is the label's held-out
   * prediction, from the calibration's fold model that never saw the label (jackknife+: fitted
   * without it; CV+: without its cross-validation fold), so its residual is not flattered by a fit to the
   * label itself. Absent where the whole calibration applies.
   */
  heldOut?: true;
}

/** `undetermined` when the interval of ΔE contains zero or is unbounded. */
export type SitePreference = 'core' | 'surface' | 'undetermined';

/**
 * One term of the site ΔE (models/site-v2.terms.json): the column the site model reads, its weight in
 * the fold model the point comes from (the mean of two where the point is the mean of two), and its
 * contribution, positive towards the surface and negative towards the core.
 */
export interface SiteTermRecord {
  /** The term's key in the terms file: the column, with `>0` or `<0` for one side of a column split at 0. */
  key: string;
  /** How it is written for people: `H_mix`, `Δγ`, `ΔR/R`. */
  symbol: string;
  /**
   * The feature column the term reads, its value in this recipe's row and its unit; for a column that
   * is θ times its full shell's value (the ligands' pull, a `_ligated` copy), `coverage` says what θ is
   * made of and what the column is under a full shell.
   */
  input: { name: string; value: number; unit: string; coverage?: CoverageRecord };
  /** eV per unit of the input. */
  weight: number;
  /** weight · input (its positive or negative part for a split column; 0 where a gate does not hold), eV. */
  value: number;
  /** A gated term's rule (`dopant_group < host_group`) and whether it holds for this recipe. */
  gate?: { rule: string; open: boolean };
}

/**
 * θ = `ligand_coverage` = min(1, bindingSites / surfaceSites), the share of the core's surface sites the
 * ligands bind (1 where the recipe puts its ligand on the dopant's own site, `onDopant`), and the
 * column's value under a full shell (θ = 1): the value shown is θ times it.
 */
export interface CoverageRecord {
  theta: number;
  /** Each ligand's count times its binding atoms. */
  bindingSites: number;
  /** The core's surface metal atoms (its template's or structure file's; a composition-only core's stand-in share of N_metal). */
  surfaceSites: number;
  onDopant: boolean;
  /** The column's value under a full shell, value / θ; absent where θ is 0. */
  fullShell?: number;
}

export interface SiteRecord {
  preferred: SitePreference;
  /** ΔE = E(core) − E(surface), eV; negative means the dopant prefers the core. */
  deltaE: number;
  lower: number;
  upper: number;
  /**
   * Whether the recipe lies in the site model's applicability domain, as `prediction.inDomain` for
   * E_form: decided with the site prediction (the same verdict as its BM404), never by a view.
   */
  inDomain: boolean;
  calibration?: CalibrationSummary;
  /**
   * The terms the site model's ΔE is the sum of, in the terms file's order; their values sum to the
   * shipped model's ΔE (`deltaE` without a calibration). Absent where the site model ships no terms
   * file, or the terms did not add up to the model's output.
   */
  terms?: SiteTermRecord[];
  /** The recipe's `siteEnergy` label, and label − deltaE, when it has one. */
  reference?: number;
  residual?: number;
}

export interface RecordDiagnostic {
  line: number;
  column: number;
  severity: BimetalDiagnostic['severity'];
  code: string;
  message: string;
}

export interface ScoreRecord {
  file: string;
  recipe: string;
  formula: string;
  host: string;
  dopant: string;
  nHost: number;
  nDopant: number;
  nMetal: number;
  ratio: number;
  descriptors: DescriptorRecord | null;
  prediction: PredictionRecord | null;
  site: SiteRecord | null;
  diagnostics: RecordDiagnostic[];
  /** The recipe's core template (`icosahedron`, `none`, …), written or derived from the counts where unique; null for composition only. */
  topology: string | null;
  /** Where the recipe puts the dopant (`core`, `surface`, `mixed`): its input, not the site model's call. */
  dopantSite: string;
  /** The recipe's overall charge in e (`charge`), 0 unless stated; the formula writes it when it is not 0. */
  charge: number;
  /** The recipe's `energy` label (E_form, eV per metal atom), when it has one. */
  reference?: number;
  /** reference − prediction.eForm, eV per metal atom. */
  residual?: number;
  /** Whether `reference` lies inside the E_form interval [lower, upper]; with `residual`. */
  referenceInInterval?: boolean;
}
