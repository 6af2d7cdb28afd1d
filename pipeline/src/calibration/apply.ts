/**
 * A calibration applied to score records: the calibrated E_form (and ΔE) with intervals from the
 * user's residuals, the model named `eform-v2+cal:ID`, a `calibration` term so the terms still sum
 * to E_form, each label's reference and residual, and the reference finding (BM412) decided against
 * the calibrated interval. A recipe that is one of the calibration's labels gets that label's
 * held-out estimate (TargetCalibrator.predictHeldOut), so its residual is the one the CV MAE
 * counts, not one against a fit to that very label.
 */
import type { BimetalDiagnostic } from '../../../engine/src/diagnostic';
import { TargetCalibrator, type CalibratedEstimate } from '../../../engine/src/calibration/calibrator';
import { calibrationFeatures, type FeatureSource } from '../../../engine/src/calibration/features';
import type { CalibrationFile, CalibrationTarget, TargetCalibration } from '../../../engine/src/calibration/file';
import type { RecipeSpec } from '../../../engine/src/recipe';
import { SITE_MODEL } from '../../../engine/src/inference/runtime';
import { unboundedCauseIn } from '../../../engine/src/inference/diagnostics';
import type { EnergyTerm } from '../../../engine/src/inference/energyTerms';
import type { CalibrationSummary, PredictionRecord, ScoreRecord, SiteRecord, TermRecord } from '../../../engine/src/scoreRecord';
import { tidy } from '../../../engine/src/significant';
import { calibratedModelName } from '../../../report/src/calibratedModel';
import { isBounded } from '../../../report/src/numbers';
import { FINDING_CODES, overcrowding, placeFinding, referenceFinding } from '../findings';
import { recordComposition, referenceFields, tidyDescriptors, toTermRecord, withSiteReference } from '../records';
import { isSitePriced, orderingCost, orderingReach, orderingShare, pricedOrdering, swappedOrdering, termCoreSites, type Ordering, type SwappedEstimate } from '../orderingTerm';
import { sitePreference, type SwappedSiteCall } from '../siteCall';
import { basePoint, labelValue, materialKey, sitePricedBase, swappedFeatures, swappedShipped, type Material } from './labels';
import type { ScoredMember } from '../types';

/** The labels a record is compared with (a recipe's `energy` and `siteEnergy`). */
type RecordLabels = Pick<RecipeSpec, 'energy' | 'siteEnergy'>;

/** What a calibration reads of the member a record was scored from, besides the record. */
export type CalibratedMemberInput = Material & Pick<ScoredMember, 'diagnostics' | 'recordDiagnostic' | 'swappedSite' | 'unpricedSite'>;

/** A member as a calibration shows it: its record, and its own diagnostics with the same BM412 as the record's. */
export interface CalibratedScores {
  record: ScoreRecord;
  /** The member's own diagnostics (source offsets), its BM412 decided against the calibrated interval. */
  diagnostics: BimetalDiagnostic[];
}

const BM412 = FINDING_CODES.referenceOutsideInterval;

function summary(t: TargetCalibration, e: CalibrationEstimate): CalibrationSummary {
  const out: CalibrationSummary = { labels: t.quality.labels, cvMae: tidy(t.quality.cvMae), coverage: tidy(e.labelsCovered), weight: tidy(e.weight) };
  if (e.heldOut) out.heldOut = true;
  return out;
}

/** A calibrated estimate, and whether it is a label's held-out one. */
interface CalibrationEstimate extends CalibratedEstimate {
  heldOut: boolean;
  /** The labels' held-out coverage at the estimate's coverage, whatever coverage the calibration was fitted at. */
  labelsCovered: number;
}

/** A record with its labels' reference values and residuals (label − prediction). */
function withReference(record: ScoreRecord, labels: RecordLabels): ScoreRecord {
  const out: ScoreRecord = { ...record, ...referenceFields(labels.energy, record.prediction) };
  if (record.site) out.site = withSiteReference(record.site, labels.siteEnergy);
  return out;
}

export class RecordCalibrator {
  private readonly targets: Partial<Record<CalibrationTarget, TargetCalibrator>> = {};

  constructor(readonly file: CalibrationFile) {
    for (const [name, t] of Object.entries(file.targets)) if (t) this.targets[name as CalibrationTarget] = new TargetCalibrator(t);
  }

  /** `eform-v2+cal:1a2b3c`: which shipped model, and which calibration on top of it. */
  modelName(base: string): string {
    return calibratedModelName(base, this.file.id);
  }

  /**
   * The member's record (`record`: its shipped one, kept or built) under the calibration, and the
   * member's own diagnostics. Its labels and material say whether it is one of the calibration's
   * labels. A label's BM412 is decided once, against the calibrated interval, for both, so the
   * results panel's problems and `bimetal score --calibration`'s records say what the editor's
   * Problems say; where the calibration does not reach the E_form, both keep the shipped verdict.
   */
  apply(member: CalibratedMemberInput, record: ScoreRecord, coverage: number): CalibratedScores {
    const out: ScoreRecord = { ...record };
    if (record.site) out.site = this.calibrateSite(record, record.site, this.labelOf(member, 'siteEnergy'), coverage);
    // The stated site's cost is priced by the ΔE the record shows, or a majority dopant's by ΔE′ with the roles
    // swapped: the calibrated one where a calibration moved it.
    const swapped = member.swappedSite ? this.swappedCall(member.swappedSite, coverage) : undefined;
    let shipped = record.prediction;
    if (shipped && record.site && out.site) shipped = withSiteOrdering(member.spec, shipped, record.site, out.site, this.siteModelName());
    else if (shipped && swapped) shipped = withSwappedOrdering(member.spec, shipped, swapped);
    if (shipped) {
      const upperOpen = member.unpricedSite !== undefined;
      // The labels measure E_form's error, not what the stated site costs: the calibration takes the
      // interval without the ordering term's spread, and the spread goes back on its ends.
      const spread = swapped ? orderingReach(swappedOrdering(member.spec, swapped.calibrated)) : orderingSpread(member.spec, shipped, out.site);
      const unspread = { ...shipped, lower: withSpread(shipped.lower, spread.below, -1, false), upper: withSpread(shipped.upper, spread.above, 1, false) };
      const calibrated = this.calibratePrediction({ ...record, prediction: unspread }, unspread, this.labelOf(member, 'eForm'), coverage, !this.boundsInterval(member, 'eForm'), upperOpen);
      out.prediction =
        calibrated === unspread ? shipped : { ...calibrated, lower: withSpread(calibrated.lower, spread.below, -1, true), upper: withSpread(calibrated.upper, spread.above, 1, true) };
    }
    const p = out.prediction;
    // A shipped model's BM405 ("the interval is unbounded") is untrue of an interval the calibration bounds.
    const bounded = boundedByCalibration(record, out);
    let recordDiagnostics = record.diagnostics;
    let diagnostics = member.diagnostics;
    if (member.spec.energy !== undefined && p?.calibration) {
      const decided = referenceFinding(member.spec, calibratedInterval(p));
      const finding = decided && placeFinding(member.spec, decided);
      // The record's other diagnostics are the member's, already placed: only the new finding is placed here.
      recordDiagnostics = withReferenceFinding(recordDiagnostics, finding && member.recordDiagnostic(finding));
      diagnostics = withReferenceFinding(diagnostics, finding);
    }
    out.diagnostics = withoutUnboundedNotes(recordDiagnostics, bounded);
    return { record: withReference(out, member.spec), diagnostics: withoutUnboundedNotes(diagnostics, bounded) };
  }

  /**
   * A scored member's calibrated E_form point, as apply gives it to the member's record (from the
   * same rounded numbers), without building the record or the interval: a family's ranking reads
   * every member's, and through their records ranking the 98,600-member sweep took 1.7–1.9 s.
   */
  eFormPoint(member: Material & Pick<ScoredMember, 'descriptorRecord' | 'prediction' | 'site' | 'swappedSite'>): number | null {
    if (!member.prediction) return null;
    const source = { descriptors: tidyDescriptors(member.descriptorRecord()), ...recordComposition(member.spec) };
    const base = this.sitePricedPoint(member, source) ?? tidy(member.prediction.point);
    const calibrator = this.targets.eForm;
    const features = calibrator && calibrationFeatures(source, base);
    return features ? tidy(calibrator.point(features, base, this.labelOf(member, 'eForm'))) : base;
  }

  /**
   * The shipped E_form point with its ordering term priced by the calibrated ΔE (or ΔE′ with the
   * roles swapped), as apply gives it (withSiteOrdering, withSwappedOrdering, from the same rounded
   * numbers); undefined where no calibrated ΔE prices one.
   */
  private sitePricedPoint(member: Material & Pick<ScoredMember, 'prediction' | 'site' | 'swappedSite'>, source: FeatureSource): number | undefined {
    const calibrator = this.targets.siteEnergy;
    if (calibrator && member.prediction && member.swappedSite) {
      const shipped = swappedShipped(member.swappedSite);
      const features = swappedFeatures(member.swappedSite, shipped.point);
      if (!features) return undefined;
      const term = member.prediction.terms.find((t) => t.key === 'ordering')!;
      const calibrated = { ...member.swappedSite, site: { ...shipped, point: tidy(calibrator.point(features, shipped.point, undefined)) } };
      return sitePricedBase(tidy(member.prediction.point), tidy(term.value), swappedOrdering(member.spec, calibrated).term.value);
    }
    const term = member.prediction?.terms?.find(isSitePriced);
    if (!calibrator || !term || !member.site) return undefined;
    const shippedDeltaE = tidy(member.site.point);
    const features = calibrationFeatures(source, shippedDeltaE);
    if (!features) return undefined;
    const deltaE = tidy(calibrator.point(features, shippedDeltaE, this.labelOf(member, 'siteEnergy')));
    return sitePricedBase(tidy(member.prediction!.point), tidy(term.value), orderingCost(orderingShare(member.spec, termCoreSites(term)).share, member.spec.site, deltaE));
  }

  /**
   * A majority dopant's call with the roles swapped as its term's inputs show it (`shipped`), and as a
   * calibration of ΔE estimates it (`calibrated`, the shipped one where the calibration does not
   * reach it): a calibration of ΔE is of the site model, whichever recipe asks it, and this call is
   * the one the swapped recipe (Pt 7 with the dopant Au 6 at the core) would make of its own.
   */
  private swappedCall(call: SwappedSiteCall, coverage: number): SwappedPricing {
    const shipped = swappedShipped(call);
    // No label: a recipe's `siteEnergy` is its own dopant's ΔE (labelPoint), never ΔE′ of another, so the estimate is no held-out one.
    const features = this.targets.siteEnergy && swappedFeatures(call, shipped.point);
    const e = features && this.estimate(features, 'siteEnergy', shipped, undefined, coverage);
    const calibrated = e ? { point: tidy(e.point), lower: tidy(e.lower), upper: tidy(e.upper), model: this.siteModelName() } : shipped;
    return { shipped: { ...call, site: shipped }, calibrated: { ...call, site: calibrated } };
  }

  /** The calibrated site model's name (site-v2+cal:ID), which the repriced ordering term names as its source. */
  private siteModelName(): string {
    return this.modelName(SITE_MODEL);
  }

  /**
   * How many of the user's residuals the calibrated interval of `member` on `target` is made from:
   * the calibrator's own choice (its own fold left out where the recipe is a label); undefined
   * without such a target.
   */
  residualCount(member: Material, target: CalibrationTarget): number | undefined {
    return this.targets[target]?.residualsFor(this.labelOf(member, target)).n;
  }

  /**
   * Whether the calibration makes `target`'s interval for this recipe: not E_form's beyond what the
   * surface can bind (BM413), which the shipped model leaves unbounded at every coverage
   * (predictionStage.ts) and the user's labels cannot bound either (ligand count is no calibration
   * feature). apply, --explain and the hover read it here.
   */
  boundsInterval(member: Pick<Material, 'spec'>, target: CalibrationTarget): boolean {
    return target !== 'eForm' || overcrowding(member.spec) === undefined;
  }

  /** Which of the calibration's labels of `target` the recipe is, if any; the material key is made only for a labelled recipe (a family's 98,600 unlabelled members need none). */
  private labelOf(member: Material, target: CalibrationTarget): number | undefined {
    if (labelValue(member.spec, target) === undefined) return undefined;
    const key = materialKey(member);
    return key === undefined ? undefined : this.targets[target]?.labelOf(key);
  }

  /** The calibrated estimate of one target, from the calibration's `features` of the recipe; label `label`'s held-out one when the recipe is that label. */
  private estimate(
    features: number[],
    target: CalibrationTarget,
    base: { point: number; lower: number | null; upper: number | null },
    label: number | undefined,
    coverage: number,
  ): CalibrationEstimate | null {
    const calibrator = this.targets[target];
    if (!calibrator) return null;
    // JSON writes an unbounded CV+ bound as null.
    const shipped = { point: base.point, lower: base.lower ?? -Infinity, upper: base.upper ?? Infinity };
    const labelsCovered = calibrator.coverageAt(coverage);
    if (label === undefined) return { ...calibrator.predict(features, shipped, coverage), heldOut: false, labelsCovered };
    return { ...calibrator.predictHeldOut(label, features, shipped, coverage), heldOut: true, labelsCovered };
  }

  /**
   * `unbounded`: the recipe carries more ligands than its surface can bind (BM413), where no residual
   * measures the environment term (predictionStage.ts); the user's labels cannot bound it either,
   * since ligand count is no calibration feature, so only the point is calibrated. `upperOpen`: the
   * recipe states a site that nothing prices (BM405), a cost no calibration feature measures either,
   * so the calibrated interval keeps no upper end.
   */
  private calibratePrediction(record: ScoreRecord, p: PredictionRecord, label: number | undefined, coverage: number, unbounded: boolean, upperOpen: boolean): PredictionRecord {
    const features = recordFeatures(record, 'eForm');
    const calibrated = features && this.estimate(features, 'eForm', { point: p.eForm, lower: p.lower, upper: p.upper }, label, coverage);
    if (!calibrated) return p;
    const e = unbounded ? { ...calibrated, lower: -Infinity, upper: Infinity } : upperOpen ? { ...calibrated, upper: Infinity } : calibrated;
    const t = this.file.targets.eForm as TargetCalibration;
    const shift = e.point - p.eForm;
    return {
      ...p,
      eForm: tidy(e.point),
      lower: tidy(e.lower),
      upper: tidy(e.upper),
      coverage,
      model: this.modelName(p.model),
      terms: [
        ...p.terms,
        { key: 'calibration', value: tidy(shift), unit: 'eV/atom', source: calibrationSource(this.file.id, t, e), supported: true, inputs: { weight: tidy(e.weight) } },
      ],
      calibration: summary(t, e),
    };
  }

  private calibrateSite(record: ScoreRecord, s: SiteRecord, label: number | undefined, coverage: number): SiteRecord {
    const features = recordFeatures(record, 'siteEnergy');
    const e = features && this.estimate(features, 'siteEnergy', { point: s.deltaE, lower: s.lower, upper: s.upper }, label, coverage);
    if (!e) return s;
    const t = this.file.targets.siteEnergy as TargetCalibration;
    return {
      ...s,
      preferred: sitePreference({ lower: e.lower, upper: e.upper }),
      deltaE: tidy(e.point),
      lower: tidy(e.lower),
      upper: tidy(e.upper),
      calibration: summary(t, e),
    };
  }
}

/**
 * The shipped E_form with the ordering term of its stated site priced by the calibrated ΔE
 * (`calibrated`) instead of the shipped one (`shipped`): the point moves by the change of the term,
 * and each interval end by the change of the term's range over the site interval. Priced by the
 * shipped ΔE alone, a calibration that moved ΔE across 0 left E_form ranking the sites the other way
 * round from the ΔE shown beside it. An end left unbounded by the shipped site interval stays so:
 * what it would be without that range is not in the record.
 */
function withSiteOrdering(spec: RecipeSpec, p: PredictionRecord, shipped: SiteRecord, calibrated: SiteRecord, model: string): PredictionRecord {
  const at = p.terms.findIndex(isSitePriced);
  if (at < 0 || calibrated === shipped) return p;
  const coreSites = termCoreSites(p.terms[at]);
  const before = pricedOrdering(spec, { point: shipped.deltaE, lower: shipped.lower, upper: shipped.upper, model: SITE_MODEL }, coreSites);
  const after = pricedOrdering(spec, { point: calibrated.deltaE, lower: calibrated.lower, upper: calibrated.upper, model }, coreSites);
  return withRepricedOrdering(p, at, before, after);
}

/** `p` with its ordering term (term `at`) priced `after` instead of `before`: its point, its interval ends and the term itself. */
function withRepricedOrdering(p: PredictionRecord, at: number, before: Ordering, after: Ordering): PredictionRecord {
  const end = (value: number, from: number, to: number) => (Number.isFinite(value) ? tidy(value - from + to) : value);
  return {
    ...p,
    eForm: sitePricedBase(p.eForm, p.terms[at].value, after.term.value),
    lower: end(p.lower, before.lower, after.lower),
    upper: end(p.upper, before.upper, after.upper),
    terms: p.terms.map((t, i) => (i === at ? toTermRecord(after.term) : t)),
  };
}

/** A majority dopant's call with the roles swapped, shipped and as a calibration of ΔE prices it (RecordCalibrator.swappedCall). */
interface SwappedPricing {
  shipped: SwappedEstimate;
  calibrated: SwappedEstimate;
}

/**
 * The shipped E_form with a majority dopant's ordering term priced by the calibrated ΔE′ of its call
 * with the roles swapped instead of the shipped one, as withSiteOrdering prices a minority dopant's.
 */
function withSwappedOrdering(spec: RecipeSpec, p: PredictionRecord, { shipped, calibrated }: SwappedPricing): PredictionRecord {
  const at = p.terms.findIndex((t) => t.key === 'ordering');
  if (at < 0 || calibrated.site === shipped.site) return p;
  return withRepricedOrdering(p, at, swappedOrdering(spec, shipped), swappedOrdering(spec, calibrated));
}

/** The calibration's features of a record for `target`, at its shipped point; null without one. */
function recordFeatures(record: ScoreRecord, target: CalibrationTarget): number[] | null {
  const point = basePoint(record, target);
  return point === undefined ? null : calibrationFeatures(record, point);
}

/**
 * How far the ordering term of a stated site reaches below and above its point over the site
 * interval `site` shows (pricedOrdering's range): none where no site ΔE prices the term (a majority
 * dopant's call with the roles swapped has its own, RecordCalibrator.apply). Unbounded where the
 * site interval is.
 */
function orderingSpread(spec: RecipeSpec, p: PredictionRecord, site: SiteRecord | null | undefined): { below: number; above: number } {
  const term = p.terms.find(isSitePriced);
  if (!term || !site) return { below: 0, above: 0 };
  return orderingReach(pricedOrdering(spec, { point: site.deltaE, lower: site.lower, upper: site.upper, model: SITE_MODEL }, termCoreSites(term)));
}

/**
 * An interval end moved outward (`side` −1 for the lower, 1 for the upper) by the ordering term's
 * `spread` toward it, or, with `added` false, moved back by it. An unbounded spread leaves the end
 * unbounded: the shipped end already is, and the calibrated one must be.
 */
function withSpread(end: number, spread: number, side: -1 | 1, added: boolean): number {
  if (!Number.isFinite(spread)) return added ? side * Infinity : end;
  return tidy(added ? end + side * spread : end - side * spread);
}

/** The shipped models (`eform-v2`, `site-v2`) whose interval was unbounded and which the calibration bounds in `calibrated`. */
function boundedByCalibration(shipped: ScoreRecord, calibrated: ScoreRecord): string[] {
  const models: string[] = [];
  const p = calibrated.prediction;
  if (shipped.prediction && p?.calibration && isBounded(p) && !isBounded(shipped.prediction)) models.push(shipped.prediction.model);
  const s = calibrated.site;
  if (shipped.site && s?.calibration && isBounded(s) && !isBounded(shipped.site)) models.push(SITE_MODEL);
  return models;
}

/** Diagnostics without the BM405 of `models` (unboundedCauseIn, its writer's reading); the same array where none is left out. */
function withoutUnboundedNotes<D extends Pick<BimetalDiagnostic, 'code' | 'message'>>(diagnostics: D[], models: readonly string[]): D[] {
  if (models.length === 0) return diagnostics;
  return diagnostics.filter((d) => !models.some((model) => unboundedCauseIn([d], model) !== undefined));
}

/** Diagnostics with their reference finding (BM412) replaced by `finding`, placed after the others, or left out without one. */
function withReferenceFinding<D extends { code: string }>(diagnostics: readonly D[], finding: D | undefined): D[] {
  const others = diagnostics.filter((d) => d.code !== BM412);
  return finding ? [...others, finding] : others;
}

/** A calibrated record's `calibration` term as a term of E_form, with the symbol and definition the hover and --explain give it. */
export function calibrationTerm(shift: TermRecord): EnergyTerm {
  return { ...shift, symbol: 'ΔE_cal', definition: "ΔE_cal = calibrated E_form − the shipped model's: the calibration's shift of E_form towards your labels", supported: true };
}

/** A calibrated E_form as an interval: JSON writes an unbounded end as null, a calibrated record as ±Infinity. */
export function calibratedInterval(p: PredictionRecord): { point: number; lower: number; upper: number; coverage: number } {
  return { point: p.eForm, lower: p.lower ?? -Infinity, upper: p.upper ?? Infinity, coverage: p.coverage };
}

/** Whether the calibration chose no correction: its points are the shipped model's, and the labels set only the intervals. */
export function keepsShippedPoints(t: Pick<TargetCalibration, 'chosen'>): boolean {
  return t.chosen.kind === 'none';
}

/**
 * What a label's held-out estimate was made without: the label itself (jackknife+), or its
 * cross-validation fold (CV+: its element pair, or with one pair a fifth of the labels). Under no
 * correction nothing is fitted: only the label's interval is made without it.
 */
export function heldOutPhrase(t: Pick<TargetCalibration, 'method' | 'chosen'>): string {
  const jackknife = t.method === 'jackknife+';
  if (keepsShippedPoints(t)) return jackknife ? "its interval from the other labels' residuals" : "its interval from the other cross-validation folds' residuals";
  return jackknife ? 'fitted without this label' : "fitted without this label's cross-validation fold";
}

/** The calibration term's source: which calibration, on how many labels, and for a label that it is held out. */
function calibrationSource(id: string, t: TargetCalibration, e: CalibrationEstimate): string {
  return `calibration ${id} (${t.quality.labels} labels${e.heldOut ? `; held out: ${heldOutPhrase(t)}` : ''})`;
}

/**
 * The records of scored members for a request that reads each once, so none is kept on its member
 * (ScoredMember.buildRecord); calibrated when a calibration is given, always with their labels'
 * residuals: a member's own record already compares its labels with its prediction
 * (toScoreRecord), so only a calibrated record, whose prediction changed, is compared again.
 */
export function labelledRecords(members: readonly ScoredMember[], calibrator: RecordCalibrator | undefined, coverage: number): ScoreRecord[] {
  return members.map((m) => labelledRecord(m, calibrator, coverage));
}

/**
 * labelledRecords made one at a time as they are read, for a reader that keeps none of them (a
 * packed answer): the 98,600-member sweep's records, all alive at once, were 185 MB for the
 * garbage collector to move and mark in a server already holding the sweep.
 */
export function* eachLabelledRecord(members: readonly ScoredMember[], calibrator: RecordCalibrator | undefined, coverage: number): Generator<ScoreRecord> {
  for (const m of members) yield labelledRecord(m, calibrator, coverage);
}

function labelledRecord(member: ScoredMember, calibrator: RecordCalibrator | undefined, coverage: number): ScoreRecord {
  const record = member.buildRecord();
  return calibrator ? calibrator.apply(member, record, coverage).record : record;
}
