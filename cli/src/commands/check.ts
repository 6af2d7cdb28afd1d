import { createScorer } from '../../../pipeline/src/index';
import { diagnosticLines, exitStatus, reportUnreadable, scoreInputs } from '../scoreInputs';

export interface CheckOptions {
  models?: string;
  maxFamilySize?: number;
  phiThreshold?: number;
  /** Folders besides each recipe file's own that structure files may lie in (--structure-root). */
  structureRoot?: string[];
}

/** `bimetal check FILE…`: every diagnostic as `file:line:col: severity code message`. */
export async function runCheck(files: string[], options: CheckOptions): Promise<number> {
  const scorer = createScorer({
    modelDir: options.models,
    maxFamilySize: options.maxFamilySize,
    phiThreshold: options.phiThreshold,
  });
  const results = await scoreInputs(scorer, files, options.structureRoot);
  for (const r of results) {
    if (!r.ok) continue;
    const lines = diagnosticLines(r.name, r.text, r.document.diagnostics);
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  }
  reportUnreadable(results);
  return exitStatus(results);
}
