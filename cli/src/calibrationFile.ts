/**
 * Reading `--calibration FILE.json` for `score` and `suggest`: a file that is missing, is not a
 * calibration, or was fitted on other model files is an InputError (exit 2) that says why. So is
 * a model folder without the models a calibration sits on.
 */
import { readFile } from 'node:fs/promises';
import { CalibrationFileError, parseCalibrationFile } from '../../engine/src/calibration/file';
import { describeFileError } from '../../engine/src/fileErrors';
import { ModelFileInvalidError, ModelFileMissingError } from '../../engine/src/inference/modelFiles';
import { baseModelHash } from '../../pipeline/src/calibration/baseModel';
import { RecordCalibrator } from '../../pipeline/src/calibration/apply';
import { InputError } from './inputs';

export async function loadCalibration(file: string, modelDir: string | undefined): Promise<RecordCalibrator> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read calibration ${file}: ${describeFileError(error, 'read')}`);
  }
  try {
    return new RecordCalibrator(parseCalibrationFile(text, await shippedModelHash(modelDir)));
  } catch (error) {
    if (error instanceof CalibrationFileError) throw new InputError(`cannot use calibration ${file}: ${error.message}`);
    throw error;
  }
}

/**
 * The identity of the models in `modelDir` (`--models`, or the bundled ones), which calibrating
 * needs; a folder without them is the user's to fix, so it is an InputError (exit 2), not a crash.
 */
export async function shippedModelHash(modelDir: string | undefined): Promise<string> {
  try {
    return await baseModelHash(modelDir);
  } catch (error) {
    if (error instanceof ModelFileMissingError || error instanceof ModelFileInvalidError) {
      throw new InputError(`the models cannot be read (${error.message}); --models names the folder that holds them`);
    }
    throw error;
  }
}
