/**
 * `bimetal score`: the records of every expanded recipe in the format asked for (JSON, CSV or a
 * terminal table), optionally with how each number was obtained (`--explain`).
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { labelledRecords } from '../../../pipeline/src/calibration/apply';
import { createScorer, explainMember } from '../../../pipeline/src/index';
import { loadCalibration } from '../calibrationFile';
import { recordsToCsv } from '../formats/csv';
import { recordsToTable } from '../formats/table';
import { diagnosticLines, exitStatus, reportUnreadable, scoreInputs } from '../scoreInputs';

export type ScoreFormat = 'json' | 'csv' | 'table';
export const SCORE_FORMATS: readonly ScoreFormat[] = ['json', 'csv', 'table'];

export interface ScoreOptions {
  format: ScoreFormat;
  coverage: number;
  phiThreshold?: number;
  maxFamilySize?: number;
  models?: string;
  explain?: boolean;
  /** A `bimetal calibrate` file to apply on top of the shipped models. */
  calibration?: string;
  structureRoot?: string[];
}

/** Explanation lines per record, when `--explain` asked for them. */
type Explanations = Map<ScoreRecord, string[]>;

/**
 * `bimetal score FILE…`: one record per expanded recipe on stdout. Error diagnostics also go to
 * stderr in the `check` form, because a recipe with a syntax error yields no record to carry them.
 */
export async function runScore(files: string[], options: ScoreOptions): Promise<number> {
  // Read first: a wrong calibration file should stop the run before any scoring work.
  const calibrator = options.calibration ? await loadCalibration(options.calibration, options.models) : undefined;
  const scorer = createScorer({
    modelDir: options.models,
    coverage: options.coverage,
    phiThreshold: options.phiThreshold,
    maxFamilySize: options.maxFamilySize,
  });
  const results = await scoreInputs(scorer, files, options.structureRoot);
  const records: ScoreRecord[] = [];
  const explanations: Explanations | undefined = options.explain ? new Map() : undefined;
  for (const r of results) {
    if (!r.ok) continue;
    const own = labelledRecords(r.document.members, calibrator, options.coverage);
    records.push(...own);
    r.document.members.forEach((m, i) => explanations?.set(own[i], explainMember(m)));
    const errors = r.document.diagnostics.filter((d) => d.severity === 'error');
    const lines = diagnosticLines(r.name, r.text, errors);
    if (lines.length) process.stderr.write(lines.join('\n') + '\n');
  }
  reportUnreadable(results);
  process.stdout.write(formatRecords(records, options, files.length > 1, explanations));
  return exitStatus(results);
}

export function formatRecords(records: ScoreRecord[], options: ScoreOptions, manyFiles: boolean, explanations?: Explanations): string {
  switch (options.format) {
    case 'json': {
      const out = explanations ? records.map((r) => ({ ...r, explain: explanations.get(r) ?? [] })) : records;
      return JSON.stringify(out, null, 2) + '\n';
    }
    case 'csv':
      return recordsToCsv(records, explanations);
    case 'table': {
      const table = recordsToTable(records, { showFile: manyFiles, coverage: options.coverage });
      if (!explanations) return table;
      const blocks = records.map((r) => [`${r.file}: ${r.recipe} (${r.formula})`, ...(explanations.get(r) ?? [])].join('\n'));
      return `${table}\n${blocks.join('\n\n')}\n`;
    }
  }
}
