/**
 * `bimetal suggest FILE… --n 10 --objective stable|uncertain`: the unlabelled recipes to compute
 * next, best first. With `--calibration` the ranking uses that calibration; otherwise the files'
 * own labels calibrate first when there are enough of them.
 */
import { labelledRecords, RecordCalibrator } from '../../../pipeline/src/calibration/apply';
import { buildCalibration } from '../../../pipeline/src/calibration/build';
import { collectLabels } from '../../../pipeline/src/calibration/labels';
import { knownText, Suggester, type Objective } from '../../../pipeline/src/calibration/suggest';
import { createScorer } from '../../../pipeline/src/index';
import { unrankedText } from '../../../report/src/unranked';
import { loadCalibration, shippedModels } from '../calibrationFile';
import { reportErrors, reportUnreadable, scoreKeepingLabels, streamInput } from '../scoreInputs';
import { formatRecords, type ScoreOptions } from './score';

export interface SuggestOptions extends ScoreOptions {
  n: number;
  objective: Objective;
}

/**
 * Two passes over the files, each a chunk of members at a time: the first reads the labels (for
 * the calibration, and the materials already computed), the second ranks every member under that
 * calibration, keeping only the best `--n`. Keeping every member made a family raised with
 * --max-family-size run out of memory.
 */
export async function runSuggest(files: string[], options: SuggestOptions): Promise<number> {
  // Before scoring: without the models there is nothing to rank by.
  const shipped = await shippedModels(options.models);
  let calibrator = options.calibration ? await loadCalibration(options.calibration, shipped) : undefined;
  const scorer = createScorer({ models: shipped.stage, coverage: options.coverage, phiThreshold: options.phiThreshold, maxFamilySize: options.maxFamilySize, batch: true });
  const { read, unreadable } = await scoreKeepingLabels(scorer, files, { maxFamilySize: options.maxFamilySize, structureRoots: options.structureRoot });
  reportUnreadable(unreadable);
  // A recipe with an error is never suggested: say which, and why.
  reportErrors(read);
  if (!calibrator) {
    const { labels } = collectLabels(read.map((r) => ({ file: r.name, document: r.document })));
    const file = buildCalibration(labels, shipped.hash, options.coverage);
    if (file) calibrator = new RecordCalibrator(file);
  }
  const labelled = read.flatMap((r) => r.document.members.map((member) => ({ member, record: member.record })));
  const suggester = new Suggester(labelled, options.objective, options.n);
  let candidates = 0;
  for (const r of read) {
    await streamInput(scorer, r, { maxFamilySize: options.maxFamilySize, structureRoots: options.structureRoot }, (members) => {
      const records = labelledRecords(members, calibrator, options.coverage);
      suggester.add(members.map((member, i) => ({ member, record: records[i] })));
      candidates += members.length;
    });
  }
  await shipped.stage.release();
  const { ranked, unbounded, known } = suggester.result();
  if (unbounded > 0) {
    process.stderr.write(`bimetal suggest: ${unrankedText(unbounded, options.coverage, 'a lower --coverage')}\n`);
  }
  if (known.length > 0) process.stderr.write(`bimetal suggest: ${knownText(known)}\n`);
  if (ranked.length === 0) {
    process.stderr.write(`bimetal suggest: none of the ${candidates} recipes read is unlabelled, free of errors and predicted with a bounded E_form interval, so there is nothing to suggest\n`);
  }
  process.stdout.write(formatRecords(ranked, options, files.length > 1));
  return unreadable.length > 0 ? 2 : 0;
}
