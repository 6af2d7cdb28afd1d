/**
 * Reading `--calibration FILE.json` for `score` and `suggest`: a file that is missing, is not a
 * calibration, or was fitted on other model files is an InputError (exit 2) that says why, one that
 * cannot be read with the code every unreadable input has (BM123). So is
 * a model folder without the models a calibration sits on, or with one that cannot be used.
 */
import { readFile } from 'node:fs/promises';
import { CalibrationFileError, parseCalibrationFile } from '../../engine/src/calibration/file';
import { describeModelFailure } from '../../engine/src/inference/diagnostics';
import { ModelLoadError } from '../../engine/src/inference/errors';
import { ModelFileInvalidError, ModelFileMissingError } from '../../engine/src/inference/modelFiles';
import { baseModelHash } from '../../pipeline/src/calibration/baseModel';
import { RecordCalibrator } from '../../pipeline/src/calibration/apply';
import { ModelStage } from '../../pipeline/src/modelStage';
import { InputError, unreadableInputText } from './inputs';

export async function loadCalibration(file: string, models: ShippedModels): Promise<RecordCalibrator> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read calibration ${file}: ${unreadableInputText(error, 'a calibration file')}`);
  }
  try {
    return new RecordCalibrator(parseCalibrationFile(text, models.hash));
  } catch (error) {
    if (error instanceof CalibrationFileError) throw new InputError(`cannot use calibration ${file}: ${error.message}`);
    throw error;
  }
}

/** The models a calibration sits on: their identity, and the models loaded, for the scorer to use (ScorerOptions.models) and the caller to release. */
export interface ShippedModels {
  hash: string;
  stage: ModelStage;
}

/**
 * The models in `modelDir` (`--models`, or the bundled ones), which calibrating needs, loaded
 * before any scoring. A folder without them, or with one that cannot be used (a truncated
 * .onnx, a damaged card), is the user's to fix, so it is an InputError (exit 2): scored
 * regardless, every prediction would be null, and calibrate and suggest would blame the labels.
 */
export async function shippedModels(modelDir: string | undefined): Promise<ShippedModels> {
  let hash: string;
  try {
    hash = await baseModelHash(modelDir);
  } catch (error) {
    if (error instanceof ModelFileMissingError || error instanceof ModelFileInvalidError) {
      throw new InputError(`the models cannot be read (${error.message}); --models names the folder that holds them`);
    }
    throw error;
  }
  const stage = new ModelStage({ modelDir });
  const state = await stage.load();
  // The site model may be left out, as baseModelHash allows; a site model that is there must work.
  const failure = state.ok ? state.runtime.problems.find((p) => !(p instanceof ModelLoadError && p.kind === 'missing')) : state.error;
  if (failure !== undefined) {
    await stage.release();
    const why = failure instanceof Error ? failure.message : String(failure);
    throw new InputError(`the models cannot be used (${describeModelFailure(failure).code} ${why}); --models names the folder that holds them`);
  }
  return { hash, stage };
}
