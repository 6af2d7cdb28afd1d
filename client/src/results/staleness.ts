/**
 * Whether a panel's records still say what the server computes now, as far as records show it.
 * Pure: the extension asks it after a settings change and when the calibration changes.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { calibrationIdOf } from '../../../report/src/calibratedModel';
import type { BimetalSettings } from '../../../report/src/settings';
import { recipeBlockName } from './recipeLocation';

/**
 * Whether the records can have been scored under `settings`: every E_form interval at the
 * configured coverage, every φ verdict against the configured threshold, and no family with more
 * members than the largest the editor accepts, nor a file whose families (recipes of more than one
 * member) together have more (BM235). The
 * server applies a settings change once it has pulled the new settings, which may be after a
 * request sent at once; an answer that fails this is asked for again.
 */
export function scoredUnder(records: readonly ScoreRecord[], settings: Pick<BimetalSettings, 'coverage' | 'phiThreshold' | 'maxFamilySize'>): boolean {
  if (records.some((r) => (r.prediction && r.prediction.coverage !== settings.coverage) || (r.descriptors && r.descriptors.phiThreshold !== settings.phiThreshold))) return false;
  const members = new Map<string, { file: string; count: number }>();
  for (const r of records) {
    const family = `${r.file}\u0000${recipeBlockName(r.recipe)}`;
    const seen = members.get(family) ?? { file: r.file, count: 0 };
    if (++seen.count > settings.maxFamilySize) return false;
    members.set(family, seen);
  }
  const familyMembers = new Map<string, number>();
  for (const { file, count } of members.values()) {
    if (count === 1) continue;
    const total = (familyMembers.get(file) ?? 0) + count;
    if (total > settings.maxFamilySize) return false;
    familyMembers.set(file, total);
  }
  return true;
}

/**
 * Whether the records show the calibration `id` (null: none): no prediction calibrated by another,
 * and, when there is one, some prediction calibrated by it. Records made before it was fitted, or
 * before it was switched off, fail.
 */
export function showsCalibration(records: readonly ScoreRecord[], id: string | null): boolean {
  let shown = false;
  for (const r of records) {
    const found = r.prediction && calibrationIdOf(r.prediction.model);
    if (!found) continue;
    if (found !== id) return false;
    shown = true;
  }
  return shown || id === null;
}
