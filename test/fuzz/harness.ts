/**
 * Runs one fuzz input through every stage in process — lex, parse, validate and expand
 * (analyzeText), then ligands, structure files, descriptors, features and inference (the scorer) —
 * and says what went wrong: a throw, the internal-error safety net, or a range outside the text.
 */
import type { Scorer } from '../../pipeline/src/index';
import { analysisProblems } from './checks';

export interface InputOutcome {
  /** Undefined when the input was handled; else why it counts as a crash. */
  failure?: string;
  ms: number;
}

export async function runInput(scorer: Scorer, text: string, baseDir: string | undefined): Promise<InputOutcome> {
  const started = performance.now();
  try {
    const scored = await scorer.scoreText(text, { file: 'fuzz.bimetal', baseDir });
    const ms = performance.now() - started;
    const problems = analysisProblems(text, { diagnostics: scored.diagnostics, members: scored.members.map((m) => m.spec) });
    if (scored.records.length !== scored.members.length) problems.push(`${scored.members.length} members but ${scored.records.length} records`);
    for (const record of scored.records) for (const path of notANumberIn(record)) problems.push(`${record.recipe}: NaN at ${path}`);
    return { ms, ...(problems.length ? { failure: problems.join('; ') } : {}) };
  } catch (error) {
    const ms = performance.now() - started;
    const where = error instanceof Error ? (error.stack?.split('\n').slice(0, 3).join(' | ') ?? error.message) : String(error);
    return { ms, failure: `threw: ${where}` };
  }
}

/** Where a record holds NaN (a number that means nothing; an unbounded interval end is ±∞, not NaN). */
function notANumberIn(value: unknown, path = 'record'): string[] {
  if (typeof value === 'number') return Number.isNaN(value) ? [path] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => notANumberIn(inner, `${path}.${key}`));
}
