// The V8 flags (pipeline/src/v8Flags.ts) are set by launch.ts, this bundle's starter, before it is compiled.
import { type EventEmitter } from 'node:events';
import { accessSync, constants, statSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { describeFileError } from '../../engine/src/fileErrors';
import { DEFAULT_COVERAGE, DEFAULT_MAX_FAMILY_SIZE, DEFAULT_PHI_THRESHOLD } from '../../pipeline/src/index';
import { OBJECTIVES } from '../../pipeline/src/calibration/suggest';
import { runCalibrate, type CalibrateOptions } from './commands/calibrate';
import { runCheck, type CheckOptions } from './commands/check';
import { runImport } from './commands/import';
import { runSuggest, type SuggestOptions } from './commands/suggest';
import { runLsp } from './commands/lsp';
import { runScore, SCORE_FORMATS, type ScoreOptions } from './commands/score';
import { runFeaturize } from './featurize';
import { distinctInputs, identifyInputs, InputError, openInputStream } from './inputs';
import { handleStandardOutputErrors } from './outputs';
import { parseShard } from './shard';

/**
 * The `bimetal` command line. Exit codes (LANGUAGE.md §5): 0 ok, 1 diagnostics with errors,
 * 2 usage or I/O error.
 */
const USAGE_ERROR = 2;

function parseCoverage(value: string): number {
  const n = Number(value);
  // Below 0.5 the reported point (the median of the fold models) may fall outside its own interval.
  if (!Number.isFinite(n) || n < 0.5 || n >= 1) throw new InvalidArgumentError('expected a number from 0.5 up to (not including) 1, e.g. 0.9');
  return n;
}

function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** A file an option names: an empty name (a shell variable left unset) would otherwise mean none, and change the run unsaid. */
function parseFileName(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a file name, got an empty one');
  return value;
}

/**
 * A file to write: `-`, which names standard input among the inputs, is no file here (a file of
 * that name was written). `instead` says how to reach standard output, where the command can.
 */
function outputFile(instead?: string): (value: string) => string {
  return (value) => {
    if (value === '-') throw new InvalidArgumentError(`expected a file name ('-' would be a file of that name${instead ? `; ${instead}` : ''})`);
    return parseFileName(value);
  };
}

/**
 * A folder an option names (`--models`, `--structure-root`), which this process can read. A
 * mistyped `--models` scored every recipe without a prediction and exited 0 with one BM401 warning,
 * which a pipeline reads as success (an existing folder without models is still a run of
 * descriptors only, BM401); a mistyped root showed only as every structure file under it refused
 * (BM310).
 */
function readableFolder(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a folder name, got an empty one');
  const problem = unreadableFolderProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

const calibrationFileOption = (help: string) => new Option('--calibration <file>', help).argParser(parseFileName);
const modelsOption = () => new Option('--models <dir>', 'folder holding the shipped models (default: the bundled models/)').argParser(readableFolder);
const phiOption = () =>
  new Option('--phi-threshold <phi>', 'flag recipes whose accessibility index φ is below this').argParser(parseNumber).default(DEFAULT_PHI_THRESHOLD);
const familyOption = () =>
  new Option('--max-family-size <n>', 'largest family one recipe may expand to').argParser(parsePositiveInteger).default(DEFAULT_MAX_FAMILY_SIZE);
/** Repeatable: each use adds a folder. */
function collectFolder(value: string, previous: string[]): string[] {
  return [...previous, readableFolder(value)];
}

/** Why `dir` is no folder this process can read, or undefined. */
function unreadableFolderProblem(dir: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return 'not a folder';
    accessSync(dir, constants.R_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    return describeFileError(error, 'folder');
  }
}
const structureRootOption = () =>
  new Option('--structure-root <dir>', "also read structure files under DIR (repeatable); by default only the recipe file's own folder")
    .argParser(collectFolder)
    .default([], 'none');
const coverageOption = () => new Option('--coverage <c>', 'coverage of the conformal interval').argParser(parseCoverage).default(DEFAULT_COVERAGE);
const filesArgument = '<files...>';
const filesHelp = '.bimetal files, or - for standard input';

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('bimetal')
    .description('Check and score .bimetal recipes of bimetallic nanoclusters, zeolites and supported metal pairs.')
    .exitOverride()
    // Commands made below inherit it: `bimetal import a.csv b.csv` imported a.csv alone, and said nothing of b.csv.
    .allowExcessArguments(false)
    .showHelpAfterError('(run `bimetal help` for usage)');

  program
    .command('check')
    .description('print every diagnostic as file:line:col: severity code message; exit 1 if any is an error')
    .argument(filesArgument, filesHelp)
    .addOption(coverageOption())
    .addOption(phiOption())
    .addOption(familyOption())
    .addOption(modelsOption())
    .addOption(structureRootOption())
    .action(async (files: string[], opts: CheckOptions) => {
      setExitCode(await runCheck(distinctInputs(identifyInputs(files)), opts));
    });

  program
    .command('score')
    .description('print one record per expanded recipe: composition, descriptors, E_form with its interval, site preference')
    .argument(filesArgument, filesHelp)
    .addOption(new Option('--format <format>', 'output format').choices(SCORE_FORMATS).default('json'))
    .addOption(coverageOption())
    .addOption(phiOption())
    .addOption(familyOption())
    .addOption(modelsOption())
    .addOption(structureRootOption())
    .option('--explain', 'also print how each descriptor and prediction was obtained')
    .addOption(calibrationFileOption('apply a calibration written by bimetal calibrate'))
    .addOption(new Option('--shard <K/N>', 'score only part K of N of the expanded recipes (for cluster job arrays; docs/cli.md)').argParser(parseShard))
    .action(async (files: string[], opts: ScoreOptions) => {
      setExitCode(await runScore(distinctInputs(identifyInputs(files)), opts));
    });

  program
    .command('import')
    .description('turn a CSV table of DFT results into labelled recipes (columns: docs/cli.md)')
    .argument('<table>', 'CSV file with a header row')
    .addOption(new Option('--out <file>', 'write the recipes here instead of standard output').argParser(outputFile('import writes to standard output when --out is left out')))
    .action(async (table: string, opts: { out?: string }) => {
      setExitCode(await runImport(table, opts));
    });

  program
    .command('calibrate')
    .description('fit a calibration of the shipped models on the energy / siteEnergy labels of the files')
    .argument(filesArgument, filesHelp)
    .addOption(new Option('--out <file>', 'where to write the calibration (JSON)').argParser(outputFile()).makeOptionMandatory())
    .addOption(coverageOption())
    .addOption(familyOption())
    .addOption(modelsOption())
    .addOption(structureRootOption())
    .action(async (files: string[], opts: CalibrateOptions) => {
      setExitCode(await runCalibrate(identifyInputs(files), opts));
    });

  program
    .command('suggest')
    .description('rank the unlabelled recipes to compute next: lowest E_form bound (stable) or widest interval (uncertain)')
    .argument(filesArgument, filesHelp)
    .addOption(new Option('--n <n>', 'how many to list').argParser(parsePositiveInteger).default(10))
    .addOption(new Option('--objective <objective>', 'acquisition function').choices(OBJECTIVES).default('stable'))
    .addOption(new Option('--format <format>', 'output format').choices(SCORE_FORMATS).default('table'))
    .addOption(coverageOption())
    .addOption(calibrationFileOption("rank with this calibration instead of one fitted on the files' own labels"))
    .addOption(phiOption())
    .addOption(familyOption())
    .addOption(modelsOption())
    .addOption(structureRootOption())
    .action(async (files: string[], opts: SuggestOptions) => {
      setExitCode(await runSuggest(distinctInputs(identifyInputs(files)), opts));
    });

  program
    .command('featurize')
    .description('read RecipeSpec JSON lines, write feature vectors as JSON lines (the input format of training/)')
    .argument('[file]', 'JSONL file of recipes; standard input when absent or -')
    .action(async (file: string | undefined) => {
      setExitCode(await runFeaturize(await openInputStream(file ?? '-', 'a JSON-lines file'), process.stdout));
    });

  const lsp = program
    .command('lsp')
    .description('run the language server for editors other than VS Code')
    .option('--stdio', 'talk LSP over standard input and output (the only transport offered here)')
    .addOption(modelsOption())
    .action(async (opts: { stdio?: true; models?: string }) => {
      // Required here, not by requiredOption: Commander checks those before unknown options, so `--socket=5000` was told only that --stdio is missing.
      if (!opts.stdio) lsp.error("error: required option '--stdio' not specified");
      await runLsp(opts);
    });

  for (const command of program.commands) refuseRepeatedOptions(command);
  return program;
}

/** The options that may be given more than once, each use adding to the others. */
const REPEATABLE = new Set(['--structure-root']);

/**
 * An option of one value given twice (`--out a.bimetal --out b.bimetal`, `--n 3 --n 5`) is a usage
 * error (exit 2): Commander keeps the last silently, so `import … --out o1 --out o2` wrote o2 alone
 * and said nothing of o1. Checked as each use is read, before its value is.
 */
function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (option.isBoolean() || (option.long !== undefined && REPEATABLE.has(option.long))) continue;
    let first: string | undefined;
    // Commander's Command is an EventEmitter, though its types declare `on` alone.
    (command as unknown as EventEmitter).prependListener(`option:${option.name()}`, (value: string) => {
      if (first !== undefined) {
        command.error(`error: option '${option.flags}' given more than once (${JSON.stringify(first)}, then ${JSON.stringify(value)}); give it once`, {
          exitCode: USAGE_ERROR,
          code: 'bimetal.repeatedOption',
        });
      }
      first = value;
    });
  }
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  handleStandardOutputErrors();
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    // Commander has already printed its message; help and --version end with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(error instanceof InputError ? `bimetal: ${message}\n` : `bimetal: internal error: ${message}\n`);
    return USAGE_ERROR;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
