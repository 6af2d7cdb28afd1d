/**
 * `bimetal calibrate FILE… --out FILE.json`: fits a calibration of the shipped models on the
 * labelled recipes of the files and prints how well it does, cross-validated on those labels.
 */
import { MODEL_FILES } from '../../../engine/src/inference/runtime';
import { buildCalibration, MIN_LABELS } from '../../../pipeline/src/calibration/build';
import { collectLabels, type CollectedLabel } from '../../../pipeline/src/calibration/labels';
import { calibrationReport } from '../../../pipeline/src/calibration/report';
import { createScorer } from '../../../pipeline/src/index';
import { defaultModelDir } from '../../../pipeline/src/runtimeAssets';
import { shippedModels } from '../calibrationFile';
import { distinctInputs, type IdentifiedInput } from '../inputs';
import { filesOfFolder, refuseFolderFileAsOutput, refuseInputAsOutput, refuseReadFileAsOutput, writeFileWhole } from '../outputs';
import { reportErrors, reportUnreadable, scoreKeepingLabels } from '../scoreInputs';

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
  // The models the calibration is fitted on, and (below, as each file is parsed) the structure files its recipes name, are read too.
  const models = options.models ?? defaultModelDir();
  refuseReadFileAsOutput(options.out, filesOfFolder(models), 'a file of the models folder');
  // A model file the folder lacks is looked for by every later run on it all the same.
  refuseFolderFileAsOutput(options.out, models, MODEL_FILES, 'a file of the models folder');
  const files = distinctInputs(inputs);
  // Before scoring: a calibration sits on the models, so a folder without them stops the run at once.
  const shipped = await shippedModels(options.models);
  // A batch scorer caches no members for a next edit, as an editor's does.
  const scorer = createScorer({ models: shipped.stage, coverage: options.coverage, maxFamilySize: options.maxFamilySize, batch: true });
  const structures = (paths: string[]) => refuseReadFileAsOutput(options.out, paths, 'a structure file a recipe names');
  const { read, unreadable } = await scoreKeepingLabels(scorer, files, { maxFamilySize: options.maxFamilySize, structureRoots: options.structureRoot, structures }).finally(
    () => shipped.stage.release(),
  );
  reportUnreadable(unreadable);
  const { labels, conflicts } = collectLabels(read.map((r) => ({ file: r.name, document: r.document })));
  reportErrors(read, conflicts);
  const file = buildCalibration(labels, shipped.hash, options.coverage);
  // A file that could not be read is an I/O error whatever else happened (docs/cli.md), not too few labels.
  const readAll = unreadable.length === 0;
  if (!file) {
    // Each kind counted: "3 usable label(s); at least 3 … are needed" read as a contradiction for 2 energy and 1 siteEnergy labels.
    const energy = labels.filter((label) => label.target === 'eForm').length;
    const site = labels.length - energy;
    process.stderr.write(
      `bimetal: no calibration: ${energy} usable energy label(s) and ${site} usable siteEnergy label(s); at least ${MIN_LABELS} of one kind are needed (${MIN_LABELS} energy or ${MIN_LABELS} siteEnergy labels)\n`,
    );
    return readAll ? 1 : 2;
  }
  await writeFileWhole(options.out, JSON.stringify(file) + '\n');
  process.stdout.write([...calibrationReport(file), ...uncalibratedTargets(labels), `written to ${options.out}`].join('\n') + '\n');
  return readAll ? 0 : 2;
}

/** A target with some labels, too few to be fitted on: said, or its predictions would pass as calibrated. */
function uncalibratedTargets(labels: readonly CollectedLabel[]): string[] {
  return (['eForm', 'siteEnergy'] as const).flatMap((target) => {
    const count = labels.filter((label) => label.target === target).length;
    if (count === 0 || count >= MIN_LABELS) return [];
    const [what, label] = target === 'eForm' ? ['E_form', 'energy'] : ['ΔE_site', 'siteEnergy'];
    return [`${what}: not calibrated: ${count} usable \`${label}\` label${count === 1 ? '' : 's'}, at least ${MIN_LABELS} are needed; its predictions stay the shipped model's`];
  });
}
