/**
 * `bimetal score`: the records of every expanded recipe in the format asked for (JSON, JSON lines,
 * CSV or a terminal table), optionally with how each number was obtained (`--explain`), streamed
 * a chunk of members at a time so that memory stays bounded whatever the family size.
 */
import type { BimetalDiagnostic } from '../../../engine/src/diagnostic';
import { isModelFailure } from '../../../engine/src/inference/diagnostics';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { analyzeFamilies } from '../../../grammar/src/index';
import { labelledRecords } from '../../../pipeline/src/calibration/apply';
import { createScorer, explainMember, type StreamedDocument } from '../../../pipeline/src/index';
import { loadCalibration, shippedModels } from '../calibrationFile';
import { recordsToCsv } from '../../../report/src/csv';
import { recordOutput, recordWriter, type ScoreFormat } from '../formats/recordStream';
import { InputError, readInput, type InputDocument } from '../inputs';
import { startProgress } from '../progress';
import { diagnosticLines, recipeNotUtf8Note, reportUnreadable, runStatus } from '../scoreInputs';
import { ShardSelector, type ShardSpec } from '../shard';

export { SCORE_FORMATS, type ScoreFormat } from '../formats/recordStream';

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
  /** `--shard K/N`: score only this part of the members (shard.ts). */
  shard?: ShardSpec;
}

/** A document read, parsed and validated, with this shard's members, made a chunk at a time as they are scored. */
interface AnalysedInput extends InputDocument {
  analysis: StreamedDocument;
}

/**
 * `bimetal score FILE…`: one record per expanded recipe on stdout. Error diagnostics also go to
 * stderr in the `check` form, because a recipe with a syntax error yields no record to carry them;
 * so does a model that could not be used (a wrong `--models` folder), the one reason for every
 * record's null prediction, which no record carries either.
 *
 * A reader that closes the output early (`bimetal score family.bimetal | head`) has taken what it
 * wanted, and no record made after that can be read: no member is scored after that, instead of
 * every member of the family (986,000 of them took 20–30 s after `head` had gone). Every file is
 * still checked as far as it is without its members (its text, its ligand declarations, the models,
 * its structure files), and the errors found, with those of the members scored, are reported with
 * the exit status they give; the members never scored are not looked at.
 */
export async function runScore(files: string[], options: ScoreOptions, stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  // Read first: models a calibration cannot sit on, or a wrong calibration file, should stop the run before any scoring work.
  const shipped = options.calibration ? await shippedModels(options.models) : undefined;
  const calibrator = options.calibration && shipped ? await loadCalibration(options.calibration, shipped) : undefined;
  const scorer = createScorer({
    modelDir: options.models,
    models: shipped?.stage,
    coverage: options.coverage,
    phiThreshold: options.phiThreshold,
    maxFamilySize: options.maxFamilySize,
    batch: true,
  });
  const shard = new ShardSelector(options.shard);
  const inputs: AnalysedInput[] = [];
  /** Every input's analysis, all its members, before the shard takes its part. */
  const unsharded: StreamedDocument[] = [];
  const unreadable: string[] = [];
  for (const arg of files) {
    try {
      const input = await readInput(arg);
      const analysis = analyzeFamilies(input.text, { maxFamilySize: options.maxFamilySize });
      const whole: StreamedDocument = { ...analysis, text: input.text };
      unsharded.push(whole);
      inputs.push({ ...input, analysis: { ...whole, members: shard.take(analysis.members) } });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable.push(error.message);
    }
  }
  // A CSV names its columns before the first row, so the ligands of every input are needed up
  // front. They come from every member, not this shard's, so that every shard has the columns of
  // the unsharded run and the parts concatenate into its CSV; ligandLabels reads one head per
  // recipe (members.families), so no member is made for this.
  const ligands = options.format === 'csv' ? [...new Set((await Promise.all(unsharded.map((d) => scorer.ligandLabels(d)))).flat())] : [];
  const rows = inputs.reduce((n, i) => n + i.analysis.members.length, 0);
  const output = recordOutput({ format: options.format, explain: options.explain === true, ligands, coverage: options.coverage, showFile: files.length > 1 }, rows, stdout);
  let readerGone = false;
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') readerGone = true;
  };
  stdout.on('error', onOutputError);
  const progress = startProgress(rows);
  const stderrLines: string[] = [];
  let anyErrors = false;
  try {
    for (const input of inputs) {
      const diagnostics = await scorer.scoreStream(
        input.analysis,
        { file: input.name, baseDir: input.baseDir, allowedRoots: options.structureRoot },
        {
          summarise: (d) => d.severity === 'error',
          enough: () => readerGone,
          onChunk: async (members) => {
            const records = labelledRecords(members, calibrator, options.coverage);
            await output.write({ records, explanations: options.explain ? members.map((m, i) => explainMember(m, records[i], calibrator)) : undefined });
            progress.advance(members.length);
          },
        },
      );
      anyErrors ||= diagnostics.some((d) => d.severity === 'error');
      stderrLines.push(...recipeNotUtf8Note(input), ...diagnosticLines(input.name, input.text, diagnostics.filter(reportedOnStderr)));
    }
    await (readerGone ? output.abandon() : output.close());
  } catch (error) {
    await output.abandon();
    throw error;
  } finally {
    progress.stop();
    stdout.off('error', onOutputError);
  }
  for (const line of stderrLines) process.stderr.write(line + '\n');
  reportUnreadable(unreadable);
  return runStatus(unreadable.length > 0, anyErrors);
}

/** What `score` prints on stderr besides its records: see runScore. */
function reportedOnStderr(diagnostic: BimetalDiagnostic): boolean {
  return diagnostic.severity === 'error' || isModelFailure(diagnostic);
}

/** Records already in memory (`bimetal suggest`'s short list) in one of the score formats. */
export function formatRecords(records: ScoreRecord[], options: Pick<ScoreOptions, 'format' | 'coverage'>, manyFiles: boolean): string {
  if (options.format === 'csv') return recordsToCsv(records);
  const writer = recordWriter({ format: options.format, explain: false, ligands: [], coverage: options.coverage, showFile: manyFiles });
  return [...writer.chunk({ records }), ...writer.end()].join('');
}
