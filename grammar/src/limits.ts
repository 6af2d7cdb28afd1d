/**
 * Limits that keep any input, however large or broken, from freezing the editor or flooding the
 * terminal: a document over MAX_DOCUMENT_CHARS is not analysed at all (one error says why), and a
 * file's diagnostics are shown up to MAX_DIAGNOSTICS, with one summary counting the rest and, past
 * them, the one saying where parsing stopped, if it did. The command line and the language server
 * apply the same limits.
 */
import type { BimetalDiagnostic, Severity } from '../../engine/src/diagnostic';
import { CODES } from './codes';
import { compareDiagnostics, diagnostic, withThousands } from './diagnostics';
import { mebibytes } from '../../engine/src/numberText';

/**
 * 50 MiB (50 · 2^20 = 52,428,800) of recipes is about a million recipe blocks: far above any real
 * file, and what the editor can still hold. The command line compares a file's bytes with it, the
 * editor a document's characters.
 */
export const MAX_DOCUMENT_CHARS = 50 * 1024 * 1024;

/** Far more than anyone reads, and what an editor's problem list still shows without stalling. */
export const MAX_DIAGNOSTICS = 1000;

/**
 * More syntax errors than this in the first PROBE_CHARS of a document (or, in the editor, anywhere
 * before the end) and the rest is not parsed: the file is garbage, and only the first
 * MAX_DIAGNOSTICS would be shown anyway.
 */
export const MAX_SYNTAX_ERRORS = 10 * MAX_DIAGNOSTICS;
export const PROBE_CHARS = 1024 * 1024;
/** How far past PROBE_CHARS the probe looks for a line break to end on. */
export const PROBE_LINE_SLACK = 64 * 1024;

/** Says where parsing stopped, at `offset`. */
export function stoppedParsingDiagnostic(offset: number): BimetalDiagnostic {
  return diagnostic(
    'tooManySyntaxErrors',
    `More than ${withThousands(MAX_SYNTAX_ERRORS)} syntax errors so far: the rest of the file, from here on, is not analysed. Is this a .bimetal file? Fix the errors above first`,
    { start: offset, end: offset },
  );
}

/** The one diagnostic of a document that is too large to analyse, or undefined when it is within the limit. */
export function documentSizeDiagnostic(length: number, limit = MAX_DOCUMENT_CHARS): BimetalDiagnostic | undefined {
  if (length <= limit) return undefined;
  return diagnostic(
    'documentTooLarge',
    `This document is ${sizeAgainst(length, limit, 'characters')}, over the ${mebibytes(limit)} limit for a .bimetal file, so it is not analysed; split it into several files`,
    { start: 0, end: 0 },
  );
}

/**
 * The message of an input too large to read, for the command line: a file's size is known before
 * reading; a stream (standard input, a device) is only known to be longer than the limit. Sizes
 * are bytes, shown in MiB (2^20 bytes), the unit of the limit. `kind`: what the command reads
 * (import reads a CSV file). It carries the code the editor gives the same document (BM120), so
 * the refusal is looked up in docs/diagnostics.md as the editor's is.
 */
export function fileSizeMessage(size: number | 'unknown', limit = MAX_DOCUMENT_CHARS, kind = 'a .bimetal file'): string {
  const what = size === 'unknown' ? 'the input' : sizeAgainst(size, limit, 'bytes');
  return `${CODES.documentTooLarge.code} ${what} is over the ${mebibytes(limit)} limit for ${kind}; split it into several files`;
}

/** A size over `limit` in MiB, or exactly in `units` where that would read "50.0 MiB, over the 50.0 MiB limit". */
function sizeAgainst(size: number, limit: number, units: string): string {
  return mebibytes(size) === mebibytes(limit) ? `${withThousands(size)} ${units}` : mebibytes(size);
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/**
 * The diagnostics that say where analysis stopped (BM122) or that it never started (BM120). Each
 * comes at most once in a file, so showing them past the limit cannot flood anything; and BM122
 * stands after every diagnostic of the text that was read, where a file with that many errors
 * always has more than the limit before it: capped like the rest, it was never shown, and the
 * recipes after it were left out without a word.
 */
const NEVER_CAPPED = new Set<string>([CODES.tooManySyntaxErrors.code, CODES.documentTooLarge.code]);

/**
 * The first `limit` diagnostics in source order, then one summary in place of the rest, at the
 * first one left out, counting them by severity. Within the limit the list is returned as given.
 * A diagnostic saying that analysis stopped (NEVER_CAPPED) is shown beyond the limit, in its
 * place in source order, and is not counted in the summary.
 */
export function capDiagnostics(diagnostics: readonly BimetalDiagnostic[], limit = MAX_DIAGNOSTICS): BimetalDiagnostic[] {
  if (diagnostics.length <= limit) return [...diagnostics];
  const stops = diagnostics.filter((d) => NEVER_CAPPED.has(d.code));
  const capped = capOrdinary(stops.length === 0 ? diagnostics : diagnostics.filter((d) => !NEVER_CAPPED.has(d.code)), limit);
  // Each goes in by position; the capped list itself keeps its order, summary included.
  for (const stop of stops) {
    const after = capped.findIndex((d) => compareDiagnostics(d, stop) > 0);
    capped.splice(after === -1 ? capped.length : after, 0, stop);
  }
  return capped;
}

/** capDiagnostics for a list without NEVER_CAPPED diagnostics, sorted by compareDiagnostics. */
function capOrdinary(diagnostics: readonly BimetalDiagnostic[], limit: number): BimetalDiagnostic[] {
  if (diagnostics.length <= limit) return [...diagnostics].sort(compareDiagnostics);
  // A numeric sort of the start offsets says where the shown ones end, so only they are sorted by
  // compareDiagnostics: sorting a scored 10,000-recipe file's 21,000 warnings that way held the
  // language server for 20–30 ms, on the turn that publishes them.
  const starts = new Float64Array(diagnostics.length);
  /** By severity: every diagnostic, less those shown once they are known. */
  const leftOut = new Map<Severity, number>();
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i];
    starts[i] = d.range.start;
    leftOut.set(d.severity, (leftOut.get(d.severity) ?? 0) + 1);
  }
  starts.sort();
  const lastShownStart = starts[limit - 1];
  const shown = diagnostics
    .filter((d) => d.range.start <= lastShownStart)
    .sort(compareDiagnostics)
    .slice(0, limit);
  for (const d of shown) leftOut.set(d.severity, (leftOut.get(d.severity) ?? 0) - 1);
  const counts = SEVERITY_ORDER.map((severity) => [severity, leftOut.get(severity) ?? 0] as const).filter(([, n]) => n > 0);
  const breakdown = counts.map(([severity, n]) => `${withThousands(n)} ${severity === 'information' ? 'information' : `${severity}${n === 1 ? '' : 's'}`}`).join(', ');
  const firstLeftOut = starts[limit];
  const summary = diagnostic(
    'tooManyDiagnostics',
    `${withThousands(diagnostics.length - limit)} more diagnostics in this file are not shown (${breakdown}); only the first ${withThousands(limit)} are. Fix these first, or split the file`,
    { start: firstLeftOut, end: firstLeftOut },
  );
  return [...shown, summary];
}
