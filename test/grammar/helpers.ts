import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { analyzeText } from '../../grammar/src/index';

/** The source text a range covers. */
export function textAt(source: string, range: OffsetRange): string {
  return source.slice(range.start, range.end);
}

/** Diagnostics of a full analysis as `CODE 'covered text'` strings, in position order. */
export function described(source: string, diagnostics: BimetalDiagnostic[] = analyzeText(source).diagnostics): string[] {
  return diagnostics.map((d) => `${d.code} '${textAt(source, d.range)}'`);
}

/** A recipe body wrapped in a recipe with a valid host and dopant unless the body gives them. */
export function recipe(body: string, name = 'R'): string {
  return `recipe ${name} {\n${body}\n}\n`;
}
