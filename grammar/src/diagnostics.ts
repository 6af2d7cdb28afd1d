/**
 * Building and ordering the grammar's diagnostics: codes and severities come from the registry
 * (codes.ts), so a message never carries a code by hand.
 */
import { byCodeUnit } from '../../engine/src/byCodeUnit';
import type { BimetalDiagnostic, RelatedInformation } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import { firstIndexWhere } from '../../engine/src/firstIndexWhere';
import { rangeOf } from './ast';
import { CODES, type CodeName } from './codes';

/** Builds a diagnostic from a code name, taking its code and severity from the registry. */
export function diagnostic(
  name: CodeName,
  message: string,
  range: OffsetRange,
  extra: { data?: Record<string, unknown>; related?: RelatedInformation[] } = {},
): BimetalDiagnostic {
  const info = CODES[name];
  const result: BimetalDiagnostic = { code: info.code, severity: info.severity, message, range: rangeOf(range) };
  // Related ranges are often nodes of the tree (ast.ts): copied, so that a diagnostic carries offsets only.
  if (extra.related && extra.related.length > 0) result.related = extra.related.map((r) => ({ ...r, range: rangeOf(r.range) }));
  if (extra.data) result.data = extra.data;
  return result;
}

/** At most this many characters (code points) of the user's text in one quote of a message. */
export const MAX_QUOTED_CHARS = 40;

/**
 * A word of the user's text as messages quote it: `'Au'`; past MAX_QUOTED_CHARS, its first ones and
 * `…`. Quoted whole, a 1 MB ligand name made a 2.1 MB message, sent again on every edit.
 */
export function quoted(text: string): string {
  return `'${shortened(text)}'`;
}

/** `text`, or its first MAX_QUOTED_CHARS characters (never half a surrogate pair) and `…` when it is longer. */
export function shortened(text: string): string {
  if (text.length <= MAX_QUOTED_CHARS) return text;
  let end = 0;
  for (let chars = 0; chars < MAX_QUOTED_CHARS && end < text.length; chars++) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  return end >= text.length ? text : `${text.slice(0, end)}…`;
}

/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes it. Not that
 * call itself: the first number a process formats through ICU costs it about 20 ms, and in the
 * language server that landed on the turn that publishes a large file's diagnostics.
 */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * Order for reporting: by position, then by code, so output is stable. Codes are all `BMnnn`
 * (codes.ts), so comparing code units orders them as a reader would, without localeCompare's
 * collator, which cost about a microsecond a call before the comparator is optimised.
 */
export function compareDiagnostics(a: BimetalDiagnostic, b: BimetalDiagnostic): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || byCodeUnit(a.code, b.code);
}

/** Whether any of `sorted` (ordered by start) lies entirely within `outer`. Binary search, so files with many errors stay fast. */
export function anyRangeWithin(sorted: readonly OffsetRange[], outer: OffsetRange): boolean {
  const first = firstIndexWhere(sorted.length, (i) => sorted[i].start >= outer.start);
  for (let i = first; i < sorted.length && sorted[i].start < outer.end; i++) {
    if (sorted[i].end <= outer.end) return true;
  }
  return false;
}

/** The safety-net diagnostic for an unexpected exception, ranged on the first character of the `document` analysed. */
export function internalErrorDiagnostic(stage: string, error: unknown, document: OffsetRange): BimetalDiagnostic {
  const message = error instanceof Error ? error.message : String(error);
  return diagnostic('internalError', `internal ${stage} error (please report it): ${message}`, {
    start: document.start,
    end: Math.min(document.end, document.start + 1),
  });
}
