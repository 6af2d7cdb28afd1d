import { analyzeFamilies } from '../../../grammar/src/index';
import { collectLabels, hasLabel, type LabelledDocument } from '../../../pipeline/src/calibration/labels';
import { createScorer, type ScoredMember } from '../../../pipeline/src/index';
import type { BimetalDiagnostic } from '../../../engine/src/diagnostic';
import { InputError, readInput } from '../inputs';
import { diagnosticLines, hasErrors, runStatus } from '../scoreInputs';

export interface CheckOptions {
  /** The intervals' coverage, which decides BM405 (unbounded) and BM412 (a label outside its interval), as in `score`. */
  coverage: number;
  models?: string;
  maxFamilySize?: number;
  phiThreshold?: number;
  /** Folders besides each recipe file's own that structure files may lie in (--structure-root). */
  structureRoot?: string[];
}

/** A file checked: its diagnostics, and its members with labels, for the labels' checks across files. */
interface Checked {
  name: string;
  text: string;
  diagnostics: BimetalDiagnostic[];
  labelled: LabelledDocument;
}

/**
 * `bimetal check FILE…`: every diagnostic as `file:line:col: severity code message`, those between
 * the files' labels included. Members are scored a chunk at a time, as `score` does, and only those
 * with labels are kept: keeping every member made a family raised with --max-family-size run out of
 * memory (905 MB at 200,000 members).
 */
export async function runCheck(files: string[], options: CheckOptions): Promise<number> {
  const scorer = createScorer({
    modelDir: options.models,
    coverage: options.coverage,
    maxFamilySize: options.maxFamilySize,
    phiThreshold: options.phiThreshold,
    batch: true,
  });
  const checked: Checked[] = [];
  const unreadable: string[] = [];
  for (const arg of files) {
    try {
      const input = await readInput(arg);
      const labelled: ScoredMember[] = [];
      const analysis = analyzeFamilies(input.text, { maxFamilySize: options.maxFamilySize });
      const diagnostics = await scorer.scoreStream(
        { ...analysis, text: input.text },
        { file: input.name, baseDir: input.baseDir, allowedRoots: options.structureRoot },
        { onChunk: (members) => void labelled.push(...members.filter((m) => hasLabel(m.spec))) },
      );
      checked.push({ name: input.name, text: input.text, diagnostics, labelled: { file: input.name, document: { members: labelled } } });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable.push(error.message);
    }
  }
  // Labels that conflict across the files (BM420) or cannot be used (BM421), as calibrate and the editor find them.
  const { conflicts } = collectLabels(checked.map((c) => c.labelled));
  let anyErrors = false;
  for (const c of checked) {
    const diagnostics = [...c.diagnostics, ...(conflicts.get(c.name) ?? [])];
    anyErrors ||= hasErrors(diagnostics);
    const lines = diagnosticLines(c.name, c.text, diagnostics);
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  }
  for (const message of unreadable) process.stderr.write(`bimetal: ${message}\n`);
  return runStatus(unreadable.length > 0, anyErrors);
}
