/**
 * Score records (LANGUAGE.md §5) from a member's results: where numbers are rounded (the terms'
 * inputs excepted: their makers round them, EnergyTerm) and offsets become 1-based lines and
 * columns, so the CLI and the editor print the same records.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import { siteTermCounts, siteTermValue, type SiteBreakdown } from '../../engine/src/inference/siteTerms';
import type { CoverageRecord, DescriptorRecord, PredictionRecord, RecordDiagnostic, ScoreRecord, SiteRecord, SiteTermRecord, TermRecord } from '../../engine/src/scoreRecord';
import { COVERAGE_SCALED_COLUMNS } from '../../engine/src/features/schema';
import type { LigandCoverage } from '../../engine/src/features';
import { tidy } from '../../engine/src/significant';
import { formulaOf } from './formula';
import { sitePreference } from './siteCall';

/** The parts of an interval prediction a record needs (the inference engine's result has more). */
export interface IntervalEstimate {
  point: number;
  lower: number;
  upper: number;
  coverage: number;
  model: string;
  inDomain: boolean;
  /** The parts of the point (E_form); absent or empty for a model without terms. */
  terms?: readonly EnergyTerm[];
  /** The site point's terms (siteTerms.ts), or why it has none; absent without a site terms file. */
  siteTerms?: SiteBreakdown;
}

/** Converts an offset into 0-based line and character, as the grammar's LineIndex does. */
export interface PositionLookup {
  positionAt(offset: number): { line: number; character: number };
}

/**
 * Every number of the descriptors tidied, whatever fields they have (a new descriptor needs no
 * edit here), in place: the record's own copy (RecordParts.descriptors), so a batch does not build
 * a second one per member.
 */
export function tidyDescriptors(d: DescriptorRecord): DescriptorRecord {
  for (const name in d.logP) d.logP[name] = tidy(d.logP[name]);
  const fields = d as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'number') fields[key] = tidy(value);
  }
  return d;
}

/**
 * A label compared with its prediction, decided here once: the residual (label − point) and
 * whether the label lies inside the interval. An unbounded end (null through JSON) contains it.
 */
export function referenceFields(reference: number | undefined, prediction: { eForm: number; lower: number | null; upper: number | null } | null): Pick<ScoreRecord, 'reference' | 'residual' | 'referenceInInterval'> {
  if (reference === undefined) return {};
  // The label is the user's own: a record keeps it when no model answered, only the comparison goes.
  if (!prediction) return { reference };
  const aboveLower = prediction.lower === null || !Number.isFinite(prediction.lower) || reference >= prediction.lower;
  const belowUpper = prediction.upper === null || !Number.isFinite(prediction.upper) || reference <= prediction.upper;
  return { reference, residual: tidy(reference - prediction.eForm), referenceInInterval: aboveLower && belowUpper };
}

export function toRecordDiagnostic(diagnostic: BimetalDiagnostic, positions: PositionLookup): RecordDiagnostic {
  const { line, character } = positions.positionAt(diagnostic.range.start);
  return {
    line: line + 1,
    column: character + 1,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
  };
}

/**
 * The record of a term: its value and provenance; the symbol and definition are for `--explain`
 * and the hover. Its inputs are the term's own object, tidied where the term was made (EnergyTerm):
 * a copy tidied here was 3 % of a batch's CPU time (the sweep's CSV: 2,745 against 2,655 ms).
 */
export function toTermRecord(term: EnergyTerm): TermRecord {
  return { key: term.key, value: tidy(term.value), unit: term.unit, source: term.source, supported: term.supported, inputs: term.inputs };
}

function toPredictionRecord(estimate: IntervalEstimate): PredictionRecord {
  return {
    eForm: tidy(estimate.point),
    lower: tidy(estimate.lower),
    upper: tidy(estimate.upper),
    coverage: estimate.coverage,
    model: estimate.model,
    inDomain: estimate.inDomain,
    terms: (estimate.terms ?? []).map(toTermRecord),
  };
}

/** A site record with the recipe's `siteEnergy` label and its residual (label − ΔE), when it has one. */
export function withSiteReference(site: SiteRecord, reference: number | undefined): SiteRecord {
  return reference === undefined ? site : { ...site, reference, residual: tidy(reference - site.deltaE) };
}

/** The site terms as the record holds them: their numbers tidied; their definitions are for `--explain` and the hover. */
function toSiteTermRecords(b: SiteBreakdown, coverage: LigandCoverage | undefined): SiteTermRecord[] {
  const { layout } = b;
  return b.inputs.map((x, i) => ({
    key: layout.keys[i],
    symbol: layout.symbols[i],
    input: { name: layout.names[i], value: tidy(x), unit: layout.units[i], ...(coverage && COVERAGE_SCALED_COLUMNS.has(layout.names[i]) ? { coverage: coverageRecord(coverage, x) } : {}) },
    weight: tidy(b.weights[i]),
    value: tidy(siteTermValue(b, i)),
    ...(layout.gates[i] ? { gate: { rule: layout.gates[i], open: siteTermCounts(b, i) } } : {}),
  }));
}

/** θ and its inputs beside a column `x` that is θ times its full shell's value; the full shell's from the row's float32 θ, as the featuriser scaled it. */
function coverageRecord(coverage: LigandCoverage, x: number): CoverageRecord {
  const theta = Math.fround(coverage.theta);
  return {
    theta: tidy(coverage.theta),
    bindingSites: coverage.bindingSites,
    surfaceSites: tidy(coverage.surfaceSites),
    onDopant: coverage.onDopant,
    ...(theta > 0 ? { fullShell: tidy(x / theta) } : {}),
  };
}

/** ΔE = E(core) − E(surface): negative means the dopant prefers the core (second paper's sign). `coverage`: the recipe's ligand coverage θ, shown beside the terms it scales. */
export function toSiteRecord(estimate: IntervalEstimate, coverage?: LigandCoverage): SiteRecord {
  const site: SiteRecord = {
    preferred: sitePreference(estimate),
    deltaE: tidy(estimate.point),
    lower: tidy(estimate.lower),
    upper: tidy(estimate.upper),
    inDomain: estimate.inDomain,
  };
  const breakdown = estimate.siteTerms;
  if (breakdown && breakdown.problem === undefined && breakdown.inputs.length > 0) site.terms = toSiteTermRecords(breakdown, coverage);
  return site;
}

export interface RecordParts {
  file: string;
  spec: RecipeSpec;
  /** Each ligand use's molecule as the ligand stage described it (MemberAnalysis.ligandMolecules), for the formula. */
  ligandMolecules: readonly string[];
  /** This record's own copy (toDescriptorRecord): its numbers are tidied where they lie. */
  descriptors: DescriptorRecord | null;
  prediction: IntervalEstimate | null;
  site: IntervalEstimate | null;
  /** The recipe's ligand coverage θ with its inputs (featurize.ts ligandCoverageOf), for the site terms it scales; undefined without ligands. */
  ligandCoverage?: LigandCoverage;
  /** Already placed (ScoredMember.recordDiagnostic). */
  diagnostics: RecordDiagnostic[];
}

/**
 * A record's metal atom count and dopant ratio, as it states them: the ratio tidied to six
 * significant digits like every other number of the record. Four decimals, as it was, made a view's
 * three a second rounding: 4/21 = 0.190476 was kept as 0.1905 and shown as 0.191.
 */
export function recordComposition(spec: Pick<RecipeSpec, 'host' | 'dopant'>): { nMetal: number; ratio: number } {
  const nMetal = spec.host.count + spec.dopant.count;
  return { nMetal, ratio: tidy(spec.dopant.count / nMetal) };
}

/** The recipe's core template, or null for composition only, written (`topology none`) or not. */
export function coreTemplate(spec: Pick<RecipeSpec, 'topology'>): string | null {
  const name = spec.topology?.name;
  return name === undefined || name === 'none' ? null : name;
}

/** One `bimetal score` record (LANGUAGE.md §5). */
export function toScoreRecord(parts: RecordParts): ScoreRecord {
  const { spec } = parts;
  const { nMetal, ratio } = recordComposition(spec);
  const prediction = parts.prediction ? toPredictionRecord(parts.prediction) : null;
  return {
    file: parts.file,
    recipe: spec.name,
    formula: formulaOf(spec, parts.ligandMolecules),
    host: spec.host.element,
    dopant: spec.dopant.element,
    nHost: spec.host.count,
    nDopant: spec.dopant.count,
    nMetal,
    ratio,
    topology: coreTemplate(spec),
    dopantSite: spec.site,
    charge: spec.charge,
    descriptors: parts.descriptors && tidyDescriptors(parts.descriptors),
    prediction,
    site: parts.site ? withSiteReference(toSiteRecord(parts.site, parts.ligandCoverage), spec.siteEnergy) : null,
    diagnostics: parts.diagnostics,
    ...referenceFields(spec.energy, prediction),
  };
}
