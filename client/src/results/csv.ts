/**
 * CSV of a results panel: the command line's CSV format (`bimetal score --format csv`, so files
 * from the editor and from pipelines have the same columns), in the order the table shows.
 */
import { recordsToCsv } from '../../../cli/src/formats/csv';
import { sortRecords } from './sorting';
import type { ResultsState } from './state';

export function resultsCsv(state: Pick<ResultsState, 'records' | 'sort'>): string {
  return recordsToCsv(sortRecords(state.records, state.sort));
}

/** `bimetal-scores-workspace.csv`, `bimetal-scores-gold.csv`: a default name for the save dialog. */
export function csvFileName(scope: string): string {
  const stem = scope.replace(/\.bimetal$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '');
  return `bimetal-scores-${stem || 'results'}.csv`;
}
