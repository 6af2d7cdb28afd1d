/**
 * The one place that decides what the editor shows of a scored member: its scores as the shipped
 * models made them, or, while a calibration is active, as that calibration makes them
 * (RecordCalibrator, as `bimetal score --calibration` and the results panel's score requests apply
 * it). Hover, inlay hint, family ranking, the residual lens, the recipe detail and the reference
 * finding (BM412) all read a member through here, so the editor states one E_form, one interval
 * and one residual per recipe, wherever it shows them.
 */
import type { BimetalDiagnostic } from '../../../engine/src/diagnostic';
import type { Prediction } from '../../../engine/src/inference/runtime';
import type { ScoreRecord, SiteRecord } from '../../../engine/src/scoreRecord';
import { compareDiagnostics } from '../../../grammar/src/diagnostics';
import { MAX_DIAGNOSTICS, type FamilyHead } from '../../../grammar/src/index';
import { calibratedInterval, calibrationTerm, type CalibratedScores, type RecordCalibrator } from '../../../pipeline/src/calibration/apply';
import { FamilySummary } from '../../../pipeline/src/familyDiagnostics';
import { FINDING_CODES } from '../../../pipeline/src/findings';
import type { ScoredMember } from '../../../pipeline/src/index';
import type { DescriptorKey } from '../../../report/src/quantities';

/** A calibration in force, at the coverage its intervals are stated at. */
export interface ActiveCalibration {
  calibrator: RecordCalibrator;
  coverage: number;
}

const BM412 = FINDING_CODES.referenceOutsideInterval;

/**
 * A member as a calibration shows it. Its record (and so its prediction and site call) is made when
 * first read, from the member's own record, which the hover and lenses read anyway; a family's
 * ranking reads members through shownEForm instead, which keeps no record.
 */
class CalibratedMember implements ScoredMember {
  private calibrated: CalibratedScores | undefined;
  private shownPrediction: Prediction | null | undefined;
  private shownSite: Prediction | null | undefined;

  constructor(
    private readonly base: ScoredMember,
    private readonly active: ActiveCalibration,
  ) {}

  get spec() {
    return this.base.spec;
  }

  get descriptors() {
    return this.base.descriptors;
  }

  descriptorRecord() {
    return this.base.descriptorRecord();
  }

  descriptorValue(key: DescriptorKey) {
    return this.base.descriptorValue(key);
  }

  phiVerdict() {
    return this.base.phiVerdict();
  }

  ligandMolecules() {
    return this.base.ligandMolecules();
  }

  /**
   * The shipped site prediction with the calibrated ΔE, interval and model name; the shipped one
   * where the calibration does not reach. A site record names no model: the calibrated one is named
   * as `--explain` names it (RecordCalibrator.modelName: `site-v2+cal:ID`), so the hover does not
   * pass a calibrated ΔE off as the shipped model's.
   */
  get site(): Prediction | null {
    if (this.shownSite === undefined) this.shownSite = calibratedSite(this.base.site, this.record.site, this.active.calibrator);
    return this.shownSite;
  }

  get structureIdentity() {
    return this.base.structureIdentity;
  }

  get swappedSite() {
    return this.base.swappedSite;
  }

  get unpricedSite() {
    return this.base.unpricedSite;
  }

  /**
   * The shipped models' cards, each calibrated model's under its own name too: a calibration moves
   * predictions towards the user's labels but adds nothing to what the model was trained on.
   */
  get cards() {
    let cards = this.base.cards;
    for (const [base, shown] of [
      [this.base.prediction, this.prediction],
      [this.base.site, this.site],
    ]) {
      if (base && shown && shown.model !== base.model && cards[base.model]) cards = { ...cards, [shown.model]: cards[base.model] };
    }
    return cards;
  }

  /** The calibrated record and diagnostics, from the member's kept record, which the hover and lenses read anyway. */
  private scores(): CalibratedScores {
    this.calibrated ??= this.active.calibrator.apply(this.base, this.base.record, this.active.coverage);
    return this.calibrated;
  }

  /** With the shown diagnostics (BM412 against the calibrated interval), which the recipe summary counts, as the score requests give them. */
  get record(): ScoreRecord {
    return this.scores().record;
  }

  buildRecord(): ScoreRecord {
    return this.calibrated?.record ?? this.active.calibrator.apply(this.base, this.base.buildRecord(), this.active.coverage).record;
  }

  recordDiagnostic(diagnostic: BimetalDiagnostic) {
    return this.base.recordDiagnostic(diagnostic);
  }

  /** The shipped prediction with the calibrated point, interval, model name and `calibration` term; the shipped one where the calibration does not reach. */
  get prediction(): Prediction | null {
    if (this.shownPrediction === undefined) this.shownPrediction = calibratedPrediction(this.base.prediction, this.record);
    return this.shownPrediction;
  }

  /** The member's own diagnostics, with the reference finding (BM412) of the record: decided against the calibrated interval. */
  get diagnostics(): BimetalDiagnostic[] {
    return this.scores().diagnostics;
  }
}

function calibratedPrediction(base: Prediction | null, record: ScoreRecord): Prediction | null {
  const p = record.prediction;
  // A calibration of ΔE alone moves E_form too, through the ordering term it prices again (RecordCalibrator.apply).
  const ordering = p?.terms.find((t) => t.key === 'ordering');
  const repriced = ordering !== undefined && ordering.source !== base?.terms.find((t) => t.key === 'ordering')?.source;
  if (!base || !p || (!p.calibration && !repriced)) return base;
  const shift = p.terms.find((t) => t.key === 'calibration');
  const { point, lower, upper } = calibratedInterval(p);
  const terms = repriced ? base.terms.map((t) => (t.key === 'ordering' ? { ...t, value: ordering.value, source: ordering.source, inputs: ordering.inputs } : t)) : base.terms;
  return {
    ...base,
    point,
    lower,
    upper,
    bounded: Number.isFinite(lower) && Number.isFinite(upper),
    model: p.model,
    terms: shift ? [...terms, calibrationTerm(shift)] : terms,
  };
}

function calibratedSite(base: Prediction | null, s: SiteRecord | null, calibrator: RecordCalibrator): Prediction | null {
  if (!base || !s?.calibration) return base;
  const { deltaE: point, lower, upper } = s;
  return { ...base, point, lower, upper, bounded: Number.isFinite(lower) && Number.isFinite(upper), model: calibrator.modelName(base.model) };
}

/** Per member, what it was last shown as and under which calibration (a refit makes a new calibrator). */
const shownCache = new WeakMap<ScoredMember, { active: ActiveCalibration; shown: ScoredMember }>();

function cachedShown(member: ScoredMember, active: ActiveCalibration): ScoredMember | undefined {
  const cached = shownCache.get(member);
  return cached && cached.active.calibrator === active.calibrator && cached.active.coverage === active.coverage ? cached.shown : undefined;
}

/** The member as the editor shows it: calibrated while a calibration is active, else itself. */
export function shownMember(member: ScoredMember, active: ActiveCalibration | undefined): ScoredMember {
  if (!active) return member;
  const cached = cachedShown(member, active);
  if (cached) return cached;
  const shown = new CalibratedMember(member, active);
  shownCache.set(member, { active, shown });
  return shown;
}

/**
 * The shown E_form point of a member, for ranking a family: under a calibration the point alone,
 * without the member's record (a 98,600-member family's records, kept, were 160 MB; built and
 * dropped, ranking the family took 1.7–1.9 s).
 */
export function shownEForm(member: ScoredMember, active: ActiveCalibration | undefined): number | null {
  if (!member.prediction) return null;
  if (!active) return member.prediction.point;
  const cached = cachedShown(member, active);
  if (cached) return cached.prediction?.point ?? null;
  return active.calibrator.eFormPoint(member);
}

/**
 * A scoring run's diagnostics (an open document's or a closed file's) as the editor shows them:
 * under a calibration, each labelled member's BM412 compares its `energy` with the calibrated
 * interval, summarised per family as the pipeline summarises it, where the run compared it with
 * the shipped one. In source order either way (compareDiagnostics), where the run's own list has
 * the grammar's first and the findings after: a closed file without labels is not scored again
 * when a calibration is fitted or dropped (closedFiles.ts), and the same file scored before and
 * after came in two orders. Over MAX_DIAGNOSTICS the cap puts what it shows in source order.
 */
export function shownDocumentDiagnostics(
  diagnostics: readonly BimetalDiagnostic[],
  members: readonly ScoredMember[],
  families: readonly FamilyHead[],
  active: ActiveCalibration | undefined,
): readonly BimetalDiagnostic[] {
  if (!active) return diagnostics.length > MAX_DIAGNOSTICS ? diagnostics : [...diagnostics].sort(compareDiagnostics);
  const summary = new FamilySummary(families, (d) => d.code === BM412);
  summary.add(members.filter((m) => m.spec.energy !== undefined).map((m) => shownMember(m, active)));
  return [...diagnostics.filter((d) => d.code !== BM412), ...summary.diagnostics()].sort(compareDiagnostics);
}
