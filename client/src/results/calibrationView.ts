/** What the extension shows of a calibration: the status-bar text, and of suggestions their panel order and why recipes are missing. Pure. */
import type { CalibrationStatus, SuggestParams } from '../../../report/src/protocol';
import { num } from '../../../report/src/numbers';
import { unrankedText } from '../../../report/src/unranked';
import type { Suggestions } from './answerRecords';
import type { SortState } from './sorting';

/** The status-bar text of a calibration, or undefined to hide the item. */
export function statusText(status: CalibrationStatus | null): { text: string; tooltip: string } | undefined {
  if (!status || status.labels + status.siteLabels === 0) return undefined;
  const mae = status.cvMae === null ? '' : ` · CV MAE ${num(status.cvMae)}`;
  return {
    text: `$(beaker) Bimetal: ${status.labels} labels${mae}`,
    tooltip: `Calibrated on ${status.labels} of your results${status.siteLabels ? ` and ${status.siteLabels} site energies` : ''} (calibration ${status.id}). Click for the report.`,
  };
}

/** Which acquisition the panel sorts by, so it opens in the suggestion's own order. */
export function suggestionSort(objective: SuggestParams['objective']): SortState {
  return objective === 'stable' ? { column: 'lowerBound', descending: false } : { column: 'interval', descending: true };
}


/**
 * What Suggest Next Candidates says beside its ranking, or undefined when no recipe is missing
 * from it: that nothing ranks, and how many recipes an unbounded interval kept out (BM405).
 */
export function suggestionMessage({ records, unbounded, coverage }: Suggestions): string | undefined {
  const unranked = unbounded > 0 ? ` ${unrankedText(unbounded, coverage)}; a lower bimetal.coverage setting may bound them.` : '';
  if (records.length === 0) return `Bimetal: no unlabelled recipe without errors and with a bounded E_form interval to suggest.${unranked}`;
  return unranked ? `Bimetal:${unranked}` : undefined;
}
