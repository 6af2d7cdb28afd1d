import type { OffsetRange } from './recipe';

/**
 * A diagnostic in editor-neutral form. The language server converts it to LSP; the command line
 * prints it as `file:line:col: severity code message`.
 *
 * Codes are stable: BM1xx syntax, BM2xx semantics (names, properties, counts, topology),
 * BM3xx chemistry (SMILES, ligands, structure files), BM4xx model and applicability domain.
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  message: string;
  range: OffsetRange;
}

export interface BimetalDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  related?: RelatedInformation[];
  /** Machine-readable data for quick fixes, e.g. `{ replacements: ['Au'] }`. */
  data?: Record<string, unknown>;
}

/**
 * Text from elsewhere (an exception's message, a library's log) made fit for a diagnostic's
 * message, which is one line: the command line prints each as `file:line:col: severity code
 * message`, and Node's own errors run over several (a `Require stack:` listing).
 */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]\s*/g, ' ').trim();
}
