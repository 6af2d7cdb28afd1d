/**
 * CSV of a results panel: the report layer's CSV (the columns of `bimetal score --format csv`, so
 * files from the editor and from pipelines are the same), in the order the table shows.
 */
import { csvLigands, recordsToCsv } from '../../../report/src/csv';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { sortRecords } from './sorting';
import type { ResultsState } from './state';

/**
 * The records as CSV in table order (sorting.ts `sortRecords`, the table's own ordering rule: full
 * ties keep the order of `records`). Given a panel's records in store order (the export command),
 * the rows come out as the unfiltered table shows them; given the rows the table shows, in its
 * order (the panel's Export button), they come out exactly as shown, since ordering rows already in
 * table order leaves them be. The logP columns are the whole panel's ligands in store order, so
 * exports of one panel line up column for column however it is sorted or filtered.
 */
export function resultsCsv(state: Pick<ResultsState, 'records' | 'sort'>, rows: readonly ScoreRecord[] = state.records): string {
  return recordsToCsv(sortRecords(rows, state.sort), csvLigands(state.records));
}

/**
 * Characters of the scope a suggested name keeps. A calibration report's scope is a sentence
 * (calibrationView.ts calibrationScope: 267 characters where no correction is kept), and a name may
 * have 255 bytes on Linux and macOS, a character up to 4 of them, with exportCsv.ts's temporary
 * `.NAME.xxxxxxxx.tmp` written first.
 */
const MAX_STEM = 48;

/** `bimetal-scores-workspace.csv`, `bimetal-scores-gold.csv`: a default name for the save dialog. */
export function csvFileName(scope: string): string {
  const stem = scope.replace(/\.bimetal$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '');
  return `bimetal-scores-${shortened(stem) || 'results'}.csv`;
}

/** `stem` cut to MAX_STEM characters, at the last word break past its middle where there is one. */
function shortened(stem: string): string {
  const characters = Array.from(stem);
  if (characters.length <= MAX_STEM) return stem;
  const kept = characters.slice(0, MAX_STEM).join('');
  const lastBreak = kept.lastIndexOf('-');
  return (lastBreak > kept.length / 2 ? kept.slice(0, lastBreak) : kept).replace(/[-.]+$/, '');
}
