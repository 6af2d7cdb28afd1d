/**
 * `bimetal suggest FILE… --n 10 --objective stable|uncertain`: the unlabelled recipes to compute
 * next, best first. With `--calibration` the ranking uses that calibration; otherwise the files'
 * own labels calibrate first when there are enough of them.
 */
import { labelledRecords, RecordCalibrator } from '../../../pipeline/src/calibration/apply';
import { buildCalibration } from '../../../pipeline/src/calibration/build';
import { collectLabels } from '../../../pipeline/src/calibration/labels';
import { knownText, suggest, type Objective } from '../../../pipeline/src/calibration/suggest';
import { createScorer } from '../../../pipeline/src/index';
import { unrankedText } from '../../../report/src/unranked';
import { loadCalibration, shippedModelHash } from '../calibrationFile';
import { exitStatus, reportErrors, reportUnreadable, scoreInputs } from '../scoreInputs';
import { formatRecords, type ScoreOptions } from './score';

export interface SuggestOptions extends ScoreOptions {
  n: number;
  objective: Objective;
}

export async function runSuggest(files: string[], options: SuggestOptions): Promise<number> {
  let calibrator = options.calibration ? await loadCalibration(options.calibration, options.models) : undefined;
  // Before scoring, as loadCalibration does: without the models there is nothing to rank by.
  const baseModel = calibrator ? undefined : await shippedModelHash(options.models);
  const scorer = createScorer({ modelDir: options.models, coverage: options.coverage, phiThreshold: options.phiThreshold, maxFamilySize: options.maxFamilySize });
  const results = await scoreInputs(scorer, files, options.structureRoot);
  await scorer.dispose();
  reportUnreadable(results.flatMap((r) => (r.ok ? [] : [r.message])));
  const read = results.flatMap((r) => (r.ok ? [r] : []));
  // A recipe with an error is never suggested: say which, and why.
  reportErrors(read.map((r) => ({ name: r.name, text: r.text, diagnostics: r.document.diagnostics })));
  if (baseModel !== undefined) {
    const { labels } = collectLabels(read.map((r) => ({ file: r.name, document: r.document })));
    const file = buildCalibration(labels, baseModel, options.coverage);
    if (file) calibrator = new RecordCalibrator(file);
  }
  const candidates = read.flatMap((r) => {
    const records = labelledRecords(r.document.members, calibrator, options.coverage);
    return r.document.members.map((m, i) => ({ member: m, record: records[i] }));
  });
  const { ranked, unbounded, known } = suggest(candidates, options.objective, options.n);
  if (unbounded > 0) {
    process.stderr.write(`bimetal suggest: ${unrankedText(unbounded, options.coverage, 'a lower --coverage')}\n`);
  }
  if (known.length > 0) process.stderr.write(`bimetal suggest: ${knownText(known)}\n`);
  if (ranked.length === 0) {
    process.stderr.write(`bimetal suggest: none of the ${candidates.length} recipes read is unlabelled, free of errors and predicted with a bounded E_form interval, so there is nothing to suggest\n`);
  }
  process.stdout.write(formatRecords(ranked, options, files.length > 1));
  return exitStatus(results) === 2 ? 2 : 0;
}
