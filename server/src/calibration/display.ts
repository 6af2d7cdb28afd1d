/**
 * How the editor shows its calibration: a hover line on calibrated recipes saying what the shown
 * E_form was calibrated on and what the shipped model alone says, and a code lens with the
 * residual on each labelled recipe. Both read the member as shown (shown.ts).
 */
import type { CodeLens } from 'vscode-languageserver';
import type { CalibrationQuality, CalibrationTarget } from '../../../engine/src/calibration/file';
import { heldOutPhrase, type RecordCalibrator } from '../../../pipeline/src/calibration/apply';
import { maeAgainstShipped } from '../../../pipeline/src/calibration/report';
import type { ScoredMember } from '../../../pipeline/src/index';
import { SHOW_CALIBRATION } from '../../../report/src/protocol';
import { maeAgainstShippedText } from '../../../report/src/calibrationQuality';
import { coveragePercent, num, percent, signedNum, spanText } from '../../../report/src/numbers';
import { QUANTITIES } from '../../../report/src/quantities';
import type { AnalysedDocument, DocumentScores } from '../documentModel';
import { toRange } from '../ranges';
import { shownMember, type ActiveCalibration } from './shown';

const eFormSymbol = QUANTITIES.eForm.symbol;

/** The E_form calibration's quality (CV MAE, the shipped model's MAE on the same labels, how many labels), if it has E_form labels. */
function eFormQuality(calibrator: RecordCalibrator): CalibrationQuality | undefined {
  return calibrator.file.targets.eForm?.quality;
}

/** "calibrated on 12 of your results (CV MAE 0.08 against the shipped model's 0.31 eV/atom)" */
export function calibrationPhrase(calibrator: RecordCalibrator): string | undefined {
  const q = eFormQuality(calibrator);
  return q && `calibrated on ${q.labels} of your results (${maeAgainstShippedText(maeAgainstShipped(q), 'eV/atom', 2)})`;
}

/**
 * The hover line of a member the calibration reaches (`shown`, its calibrated view): what the
 * calibration was fitted on, whether the E_form shown is the label's held-out one, how much of it
 * applies here, and the shipped model's own E_form.
 */
export function calibrationHoverLines(member: ScoredMember, shown: ScoredMember, active: ActiveCalibration | undefined): string[] {
  const phrase = active && calibrationPhrase(active.calibrator);
  const reached = shown.record.prediction?.calibration;
  if (!phrase || !reached || !member.prediction) return [];
  const reach = reached.weight < 0.99 ? `; this recipe is far from them, so ${percent(reached.weight)} of the calibration applies` : '';
  const base = member.prediction;
  return [
    `${eFormSymbol} above ${phrase}${heldOutNote(active.calibrator, reached.heldOut ? 'eForm' : undefined)}${reach}. The shipped model alone: ${eFormSymbol} ${num(base.point)} eV/atom, ${coveragePercent(base.coverage)} interval ${spanText(base)}`,
  ];
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

