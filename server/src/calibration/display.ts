/**
 * How the editor shows its calibration: a hover line on calibrated recipes, and a code lens with
 * the residual on each labelled recipe.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { RecordCalibrator } from '../../../pipeline/src/calibration/apply';
import type { ScoredMember } from '../../../pipeline/src/index';
import { SHOW_CALIBRATION } from '../../../report/src/protocol';
import { coveragePercent, num, percent, signedNum, spanText } from '../../../report/src/numbers';
import { QUANTITIES } from '../../../report/src/quantities';
import type { AnalysedDocument, DocumentScores } from '../documentModel';
import { toRange } from '../ranges';

const eFormSymbol = QUANTITIES.eForm.symbol;

/** "calibrated on 12 of your results (CV MAE 0.08 eV/atom)" */
export function calibrationPhrase(calibrator: RecordCalibrator): string | undefined {
  const q = calibrator.file.targets.eForm?.quality;
  return q && `calibrated on ${q.labels} of your results (CV MAE ${num(q.cvMae, 2)} eV/atom)`;
}

/** Hover lines for a member under a calibration: the calibrated E_form and how much of the calibration reaches it. */
export function calibrationHoverLines(member: ScoredMember, calibrator: RecordCalibrator | undefined, coverage: number): string[] {
  const phrase = calibrator && calibrationPhrase(calibrator);
  if (!calibrator || !phrase || !member.record.prediction) return [];
  const p = calibrator.apply(member.record, member.spec, coverage).prediction;
  if (!p?.calibration) return [];
  const reach = p.calibration.weight < 0.99 ? `; this recipe is far from them, so ${percent(p.calibration.weight)} of the calibration applies` : '';
  return [`Calibrated E_form **${num(p.eForm)} eV/atom**, ${coveragePercent(coverage)} interval ${spanText(p)} — ${phrase}${reach}`];
}

/** A lens on each labelled single recipe: its residual (label − prediction), calibrated when a calibration exists. */
export function calibrationLenses(analysed: AnalysedDocument, scored: DocumentScores | undefined, calibrator: RecordCalibrator | undefined, coverage: number): CodeLens[] {
  const lenses: CodeLens[] = [];
  if (!scored) return lenses;
  for (const { start, end } of scored.analysed.spans.values()) {
    if (end - start !== 1) continue;
    const member = scored.members[start];
    const range = member.spec.ranges?.energy ?? member.spec.ranges?.siteEnergy;
    if (!range) continue;
    const record = calibrator ? calibrator.apply(member.record, member.spec, coverage) : member.record;
    const parts: string[] = [];
    // The residuals the (calibrated) record carries, read with the registry's decimals and units.
    const { residual, siteDeltaE } = QUANTITIES;
    if (record.residual !== undefined) parts.push(`${eFormSymbol} ${residual.symbol} ${signedNum(record.residual, residual.decimals)} ${residual.unit}`);
    if (record.site?.residual !== undefined) parts.push(`${siteDeltaE.symbol} ${residual.symbol} ${signedNum(record.site.residual, siteDeltaE.decimals)} ${siteDeltaE.unit}`);
    if (parts.length === 0) continue;
    const against = calibrator ? `calibration ${calibrator.file.id}` : 'shipped model';
    lenses.push({ range: toRange(analysed.document, range), command: { title: `${parts.join(' · ')} (${against})`, command: SHOW_CALIBRATION, arguments: [] } });
  }
  return lenses;
}

