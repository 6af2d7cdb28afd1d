import { collectLabels } from '../../../pipeline/src/calibration/labels';
import { createScorer } from '../../../pipeline/src/index';
import { diagnosticLines, hasErrors, recipeNotUtf8Note, reportUnreadable, runStatus, scoreKeepingLabels } from '../scoreInputs';

export interface CheckOptions {
  /** The intervals' coverage, which decides BM405 (unbounded) and BM412 (a label outside its interval), as in `score`. */
  coverage: number;
  models?: string;
  maxFamilySize?: number;
  phiThreshold?: number;
  /** Folders besides each recipe file's own that structure files may lie in (--structure-root). */
  structureRoot?: string[];
}

/** `bimetal check FILE…`: every diagnostic as `file:line:col: severity code message`, those between the files' labels included. */
export async function runCheck(files: string[], options: CheckOptions): Promise<number> {
  const scorer = createScorer({
    modelDir: options.models,
    coverage: options.coverage,
    maxFamilySize: options.maxFamilySize,
    phiThreshold: options.phiThreshold,
    batch: true,
  });
  const { read, unreadable } = await scoreKeepingLabels(scorer, files, { maxFamilySize: options.maxFamilySize, structureRoots: options.structureRoot });
  // Labels that conflict across the files (BM420) or cannot be used (BM421), as calibrate and the editor find them.
  const { conflicts } = collectLabels(read.map((r) => ({ file: r.name, document: r.document })));
  let anyErrors = false;
  for (const r of read) {
    const diagnostics = [...r.diagnostics, ...(conflicts.get(r.name) ?? [])];
    anyErrors ||= hasErrors(diagnostics);
    const lines = diagnosticLines(r.name, r.text, diagnostics);
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  }
  for (const r of read) for (const note of recipeNotUtf8Note(r)) process.stderr.write(`${note}\n`);
  reportUnreadable(unreadable);
  return runStatus(unreadable.length > 0, anyErrors);
}
