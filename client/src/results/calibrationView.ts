/** What the extension shows of a calibration: the status-bar text, its report's records, and of suggestions their panel order and why recipes are missing. Pure. */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import type { CalibrationReport, CalibrationStatus, SuggestParams } from '../../../report/src/protocol';
import { boundsIntervals, correctsShipped, maeAgainstShippedText, maeTexts, type MaeAgainstShipped } from '../../../report/src/calibrationQuality';
import { num } from '../../../report/src/numbers';
import { unrankedText } from '../../../report/src/unranked';
import type { Suggestions } from './answerRecords';
import type { SortState } from './sorting';

/** The E_form calibration's CV MAE, the shipped model's MAE on the same labels, how many and at which coverage; undefined without E_form labels. */
function eFormMae({ cvMae, shippedMae, labels, coverageLevel, labelsNeeded }: CalibrationStatus): MaeAgainstShipped | undefined {
  return cvMae === null || shippedMae === null || coverageLevel === null || labelsNeeded === null ? undefined : { cvMae, maeBefore: shippedMae, labels, coverageLevel, labelsNeeded };
}

/**
 * The records of the calibration's own labels, those its report has a point for: a recipe whose
 * label the fit left out (a conflict, BM420; no prediction to compare with, BM421; an error in its
 * file) or a second copy of a labelled material is none of its labels, and listed under the title
 * "N labels" it would be counted and its residual read as a held-out one. `recordUri` names a
 * record's file as the report does (its URI).
 */
export function calibrationLabelRecords(records: readonly ScoreRecord[], report: Pick<CalibrationReport, 'points'>, recordUri: (file: string) => string): ScoreRecord[] {
  const labels = new Set(report.points.map((p) => JSON.stringify([p.file, p.recipe])));
  return records.filter((r) => labels.has(JSON.stringify([recordUri(r.file), r.recipe])));
}

/** How the E_form calibration compares with the shipped model on its labels, for the tooltip and the report panel's title. */
export function calibrationMaeText(status: CalibrationStatus): string | undefined {
  const mae = eFormMae(status);
  return mae && maeAgainstShippedText(mae, 'eV/atom', 2);
}

/**
 * "CV MAE 0.08 (shipped 0.31)"; where no correction beat the shipped model "shipped points kept
 * (MAE 0.51)", or "shipped model kept (MAE 0.51)" where the labels bound no interval either.
 */
function maeBadge(mae: MaeAgainstShipped): string {
  if (!correctsShipped(mae)) return `shipped ${boundsIntervals(mae) ? 'points' : 'model'} kept (MAE ${num(mae.maeBefore, 2)})`;
  const texts = maeTexts(mae, 2);
  return `CV MAE ${texts.cv} (shipped ${texts.shipped})`;
}

/**
 * The status-bar text of a calibration, or undefined to hide the item: the E_form labels with their
 * CV MAE and the shipped model's MAE on them (or that the shipped points are kept), and the
 * site-energy labels, each only when the calibration has that target (one fitted on `siteEnergy`
 * labels alone says "14 site labels", not "0 labels").
 */
export function statusText(status: CalibrationStatus | null): { text: string; tooltip: string } | undefined {
  if (!status || status.labels + status.siteLabels === 0) return undefined;
  const mae = eFormMae(status);
  const [eFormCount, siteCount] = labelCounts(status);
  const parts: string[] = [];
  if (eFormCount) parts.push(`${eFormCount}${mae ? ` · ${maeBadge(mae)}` : ''}`);
  if (siteCount) parts.push(siteCount);
  const site = `${status.siteLabels} site energ${status.siteLabels === 1 ? 'y' : 'ies'}`;
  const on = status.labels === 0 ? `${status.siteLabels} of your site energies` : `${status.labels} of your results${status.siteLabels ? ` and ${site}` : ''}`;
  const compared = eFormComparison(status);
  return {
    text: `$(beaker) Bimetal: ${parts.join(' · ')}`,
    tooltip: `Calibrated on ${on} (calibration ${status.id})${compared ? `: ${compared}` : ''}. Click for the report.`,
  };
}

/** The calibration's labels of each target it has ("12 labels", "4 site labels"), undefined for a target without any. */
function labelCounts(status: Pick<CalibrationStatus, 'labels' | 'siteLabels'>): [string | undefined, string | undefined] {
  return [
    status.labels > 0 ? `${status.labels} label${status.labels === 1 ? '' : 's'}` : undefined,
    status.siteLabels > 0 ? `${status.siteLabels} site label${status.siteLabels === 1 ? '' : 's'}` : undefined,
  ];
}

/** The results panel's title for a calibration report: the calibration, its labels of each target and the E_form comparison. */
export function calibrationScope(status: CalibrationStatus): string {
  const compared = eFormComparison(status);
  return `calibration ${status.id} (${[...labelCounts(status), compared].filter((part) => part !== undefined).join(', ')})`;
}

/** calibrationMaeText, said to be E_form's where the calibration has site labels too. */
function eFormComparison(status: CalibrationStatus): string | undefined {
  const comparison = calibrationMaeText(status);
  return comparison && (status.siteLabels > 0 ? `for E_form, ${comparison}` : comparison);
}

/** Which acquisition the panel sorts by, so it opens in the suggestion's own order. */
export function suggestionSort(objective: SuggestParams['objective']): SortState {
  return objective === 'stable' ? { column: 'lowerBound', descending: false } : { column: 'interval', descending: true };
}


/**
 * What Suggest Next Candidates says beside its ranking, or undefined when no recipe is missing
 * from it: that nothing ranks, how many recipes an unbounded interval kept out (BM405), and which are already labelled.
 */
export function suggestionMessage({ records, unbounded, coverage, known }: Suggestions): string | undefined {
  const unranked = unbounded > 0 ? ` ${unrankedText(unbounded, coverage, 'a lower bimetal.coverage setting')}.` : '';
  const missing = unranked + (known ? ` ${known[0].toUpperCase()}${known.slice(1)}.` : '');
  if (records.length === 0) return `Bimetal: no unlabelled recipe without errors and with a bounded E_form interval to suggest.${missing}`;
  return missing ? `Bimetal:${missing}` : undefined;
}
