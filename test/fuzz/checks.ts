/**
 * What every analysis of any input must satisfy, whatever the input: no internal-error safety net
 * (BM198) and every range (diagnostics, related locations, AST, members) inside the document.
 * Returns the problems as sentences, so the grammar test can assert on them and the fuzzer can
 * report and minimise them.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { CODES } from '../../grammar/src/index';
import { rangesIn } from '../grammar/helpers';

export interface AnalysisToCheck {
  diagnostics: readonly BimetalDiagnostic[];
  /** Anything holding ranges: an AST, or nothing when the caller has none. */
  ast?: unknown;
  members: readonly { name: string; ranges?: unknown }[];
}

function outside(text: string, range: OffsetRange): boolean {
  return !(Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= text.length);
}

export function analysisProblems(text: string, analysis: AnalysisToCheck): string[] {
  const problems: string[] = [];
  const check = (range: OffsetRange, what: string) => {
    if (outside(text, range)) problems.push(`${what} range ${JSON.stringify(range)} outside a document of ${text.length} characters`);
  };
  for (const d of analysis.diagnostics) {
    if (d.code === CODES.internalError.code) problems.push(`internal error: ${d.message}`);
    check(d.range, d.code);
    for (const related of d.related ?? []) check(related.range, `${d.code} related`);
  }
  for (const range of rangesIn(analysis.ast)) check(range, 'AST node');
  for (const member of analysis.members) for (const range of rangesIn(member.ranges)) check(range, `member ${member.name}`);
  return problems;
}
