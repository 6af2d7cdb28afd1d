/**
 * How the editor shows its calibration: hover lines on calibrated recipes saying what the shown
 * E_form and ΔE were calibrated on, where their intervals come from and what the shipped model
 * alone says, and a code lens with the residual on each labelled recipe. All read the member as
 * shown (shown.ts).
 */
import type { CodeLens } from 'vscode-languageserver';
import type { CalibrationTarget } from '../../../engine/src/calibration/file';
import type { Prediction } from '../../../engine/src/inference/runtime';
import type { CalibrationSummary, ScoreRecord } from '../../../engine/src/scoreRecord';
import { heldOutPhrase, type RecordCalibrator } from '../../../pipeline/src/calibration/apply';
import { calibratedIntervalMethod } from '../../../pipeline/src/calibration/intervalSource';
import { maeAgainstShipped } from '../../../pipeline/src/calibration/report';
import type { ScoredMember } from '../../../pipeline/src/index';
import { SHOW_CALIBRATION } from '../../../report/src/protocol';
import { maeAgainstShippedText } from '../../../report/src/calibrationQuality';
import { coveragePercent, percent, signedNum, spanText } from '../../../report/src/numbers';
import { QUANTITIES, quantityText, type Quantity } from '../../../report/src/quantities';
import type { AnalysedDocument, DocumentScores } from '../documentModel';
import { toRange } from '../ranges';
import { shownMember, type ActiveCalibration } from './shown';

const eFormSymbol = QUANTITIES.eForm.symbol;

/** What the hover shows of each target: its quantity, the member's estimate of it, and the record's summary of the calibration behind it. */
const SHOWN: Record<CalibrationTarget, { quantity: Pick<Quantity, 'symbol' | 'unit' | 'decimals'>; estimate: (m: ScoredMember) => Prediction | null; summary: (r: ScoreRecord) => CalibrationSummary | undefined }> = {
  eForm: { quantity: QUANTITIES.eForm, estimate: (m) => m.prediction, summary: (r) => r.prediction?.calibration },
  siteEnergy: { quantity: QUANTITIES.siteDeltaE, estimate: (m) => m.site, summary: (r) => r.site?.calibration },
};

/** "calibrated on 12 of your results (CV MAE 0.08 against the shipped model's 0.31 eV/atom)", if the calibration has labels of `target`. */
export function calibrationPhrase(calibrator: RecordCalibrator, target: CalibrationTarget): string | undefined {
  const q = calibrator.file.targets[target]?.quality;
  return q && `calibrated on ${q.labels} of your results (${maeAgainstShippedText(maeAgainstShipped(q), SHOWN[target].quantity.unit, 2)})`;
}

/**
 * The hover line of a member (`shown`, its calibrated view) whose `target` the calibration
 * reaches: what the calibration was fitted on, whether the value shown is the label's held-out
 * one, how much of it applies here, and the shipped model's own value.
 */
export function calibrationHoverLines(target: CalibrationTarget, member: ScoredMember, shown: ScoredMember, active: ActiveCalibration | undefined): string[] {
  const { quantity: q, estimate, summary } = SHOWN[target];
  const phrase = active && calibrationPhrase(active.calibrator, target);
  const reached = summary(shown.record);
  const base = estimate(member);
  if (!phrase || !reached || !base) return [];
  const reach = reached.weight < 0.99 ? `; this recipe is far from them, so ${percent(reached.weight)} of the calibration applies` : '';
  return [
    `${q.symbol} above ${phrase}${heldOutNote(active.calibrator, reached.heldOut ? target : undefined)}${reach}. The shipped model alone: ${q.symbol} ${quantityText(q, base.point)} ${q.unit}, ${coveragePercent(base.coverage)} interval ${spanText(base, q.decimals)}`,
  ];
}

/**
 * The method the interval of `target` shown for `member` comes from: the shipped model's CV+, or
 * under a calibration that reaches it the calibration's own (or why it is no calibrated interval).
 */
export function intervalMethodText(target: CalibrationTarget, member: ScoredMember, shown: ScoredMember, active: ActiveCalibration | undefined): string {
  const reached = SHOWN[target].summary(shown.record);
  const t = active?.calibrator.file.targets[target];
  const residuals = active?.calibrator.residualCount(member, target);
  if (!active || !reached || !t || residuals === undefined) return 'CV+';
  // The coverage the calibrated interval was made at (shownMember), which its residuals are counted against.
  return calibratedIntervalMethod({ target: t, residuals, heldOut: reached.heldOut === true, coverage: active.coverage, bounds: active.calibrator.boundsInterval(member, target) });
}

/**
 * ", held out: fitted without this label" for a target whose shown value is a label's held-out
 * one (RecordCalibrator.apply), so a residual is not read as one against a fit to that very label.
 */
function heldOutNote(calibrator: RecordCalibrator | undefined, target: CalibrationTarget | undefined): string {
  const t = target && calibrator?.file.targets[target];
  return t ? `, held out: ${heldOutPhrase(t)}` : '';
}

/**
 * A lens on each labelled single recipe: its residuals (label − prediction), calibrated when a
 * calibration is active, each then said held out by its own target's fit (E_form's and ΔE's may
 * differ: CV+ on many labels, jackknife+ on few).
 */
export function calibrationLenses(analysed: AnalysedDocument, scored: DocumentScores | undefined, active: ActiveCalibration | undefined): CodeLens[] {
  const lenses: CodeLens[] = [];
  if (!scored) return lenses;
  for (const { start, end } of scored.analysed.spans.values()) {
    if (end - start !== 1) continue;
    const member = scored.members[start];
    const range = member.spec.ranges?.energy ?? member.spec.ranges?.siteEnergy;
    if (!range) continue;
    const record = shownMember(member, active).record;
    const parts: string[] = [];
    // The residuals the (calibrated) record carries, read with the registry's decimals and units.
    const { residual, siteDeltaE } = QUANTITIES;
    const calibrator = active?.calibrator;
    if (record.residual !== undefined) {
      const note = heldOutNote(calibrator, record.prediction?.calibration?.heldOut ? 'eForm' : undefined);
      parts.push(`${eFormSymbol} ${residual.symbol} ${signedNum(record.residual, residual.decimals)} ${residual.unit}${note}`);
    }
    if (record.site?.residual !== undefined) {
      const note = heldOutNote(calibrator, record.site.calibration?.heldOut ? 'siteEnergy' : undefined);
      parts.push(`${siteDeltaE.symbol} ${residual.symbol} ${signedNum(record.site.residual, siteDeltaE.decimals)} ${siteDeltaE.unit}${note}`);
    }
    if (parts.length === 0) continue;
    const against = calibrator ? `calibration ${calibrator.file.id}` : 'shipped model';
    lenses.push({ range: toRange(analysed.document, range), command: { title: `${parts.join(' · ')} (${against})`, command: SHOW_CALIBRATION, arguments: [] } });
  }
  return lenses;
}

