/**
 * `bimetal calibrate FILE… --out FILE.json`: fits a calibration of the shipped models on the
 * labelled recipes of the files and prints how well it does, cross-validated on those labels.
 */
import { buildCalibration, MIN_LABELS } from '../../../pipeline/src/calibration/build';
import { collectLabels } from '../../../pipeline/src/calibration/labels';
import { calibrationReport } from '../../../pipeline/src/calibration/report';
import { createScorer } from '../../../pipeline/src/index';
import { shippedModelHash } from '../calibrationFile';
import { distinctInputs, type IdentifiedInput } from '../inputs';
import { refuseInputAsOutput, writeFileWhole } from '../outputs';
import { reportErrors, reportUnreadable, scoreInputs } from '../scoreInputs';

export interface CalibrateOptions {
  out: string;
  coverage: number;
  models?: string;
  maxFamilySize?: number;
  /** Folders besides each recipe file's own that structure files may lie in (--structure-root). */
  structureRoot?: string[];
}

export async function runCalibrate(inputs: readonly IdentifiedInput[], options: CalibrateOptions): Promise<number> {
  refuseInputAsOutput(options.out, inputs);
  const files = distinctInputs(inputs);
  // Before scoring: a calibration sits on the models, so a folder without them stops the run at once.
  const baseModel = await shippedModelHash(options.models);
  const scorer = createScorer({ modelDir: options.models, coverage: options.coverage, maxFamilySize: options.maxFamilySize });
  const results = await scoreInputs(scorer, files, options.structureRoot);
  await scorer.dispose();
  reportUnreadable(results);
  const read = results.flatMap((r) => (r.ok ? [r] : []));
  const { labels, conflicts } = collectLabels(read.map((r) => ({ file: r.name, document: r.document })));
  reportErrors(read, conflicts);
  const file = buildCalibration(labels, baseModel, options.coverage);
  if (!file) {
    process.stderr.write(`bimetal: no calibration: ${labels.length} usable label(s); at least ${MIN_LABELS} of one kind (energy or siteEnergy) are needed\n`);
    // A file that could not be read is an I/O error whatever else happened (docs/cli.md), not too few labels.
    return results.some((r) => !r.ok) ? 2 : 1;
  }
  await writeFileWhole(options.out, JSON.stringify(file) + '\n');
  process.stdout.write([...calibrationReport(file), `written to ${options.out}`].join('\n') + '\n');
  return results.some((r) => !r.ok) ? 2 : 0;
}
