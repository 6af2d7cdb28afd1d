/**
 * How a prediction's model name says which calibration made it: `eform-v2+cal:1a2b3c`, the shipped
 * model and the calibration file's id. Written by the calibration step, read by the results panel
 * to tell records of another calibration; one home for both, so neither can drift from the other.
 */
const CALIBRATION_MARK = '+cal:';

/** The name of `base`'s predictions once calibration `id` is applied. */
export function calibratedModelName(base: string, id: string): string {
  return `${base}${CALIBRATION_MARK}${id}`;
}

/** The id of the calibration that made predictions of `model`, or null for a model as shipped. */
export function calibrationIdOf(model: string): string | null {
  const mark = model.lastIndexOf(CALIBRATION_MARK);
  return mark < 0 ? null : model.slice(mark + CALIBRATION_MARK.length);
}
