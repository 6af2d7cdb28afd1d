/**
 * The errors a results panel has no row for. A recipe whose error keeps it from being expanded or
 * scored (an unknown element, a dopant equal to the host) yields no record, so its error is not in
 * the table; the score answer carries records only, but the Problems view has every error of the
 * workspace's files. The panel names those that no record carries, as `bimetal score` prints them
 * on standard error. Pure.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { CALIBRATION_CODES } from '../../../report/src/calibrationCodes';
import { isRecipeDocument } from '../../../report/src/protocol';
import type { ResultsSource } from './state';

/** An error of the Problems view, at a 1-based line and column (as records give them). */
export interface Problem {
  uri: string;
  /** The file as the panel names it (relative to the workspace). */
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

/**
 * Whether a source's panel answers for the errors of the document `uri` (both URIs as
 * vscode.Uri.toString spells them): the workspace's for every recipe document, as the server
 * scores them (an untitled document, not a diff's `git:` original), a file's for the file. A
 * recipe's lens, the calibration report and a suggestion show a selection of records, so errors
 * elsewhere are no row they lack.
 */
export function answersFor(source: ResultsSource, uri: string): boolean {
  switch (source.kind) {
    case 'workspace':
      return isRecipeDocument(uri);
    case 'document':
      return uri === source.uri;
    default:
      return false;
  }
}

/** How many of them the panel's line names; the Problems view lists them all. */
const NAMED = 3;

/** A label's conflict (BM420) is found across files, so its scored recipe's record does not carry it. */
const LABEL_CODES: ReadonlySet<string> = new Set(Object.values(CALIBRATION_CODES));

/**
 * The problems no record carries, in the order given, but for findings on labels (LABEL_CODES),
 * which are no reason a recipe was not scored. `recordUri`: a record's `file` as a URI string.
 */
export function unlistedErrors(records: readonly ScoreRecord[], problems: readonly Problem[], recordUri: (file: string) => string): Problem[] {
  problems = problems.filter((p) => !LABEL_CODES.has(p.code));
  if (problems.length === 0) return [];
  const key = (uri: string, line: number, column: number, code: string) => `${uri}\u0000${line}:${column}\u0000${code}`;
  const carried = new Set<string>();
  const uris = new Map<string, string>();
  for (const r of records) {
    if (!r.diagnostics.some((d) => d.severity === 'error')) continue;
    let uri = uris.get(r.file);
    if (uri === undefined) uris.set(r.file, (uri = recordUri(r.file)));
    for (const d of r.diagnostics) if (d.severity === 'error') carried.add(key(uri, d.line, d.column, d.code));
  }
  return problems.filter((p) => !carried.has(key(p.uri, p.line, p.column, p.code)));
}

/** "2 errors are on no row of this table (their recipes were not scored): broken.bimetal:3 BM202 …", or '' when there are none. */
export function unlistedText(errors: readonly Problem[]): string {
  if (errors.length === 0) return '';
  const named = errors.slice(0, NAMED).map((e) => `${e.file}:${e.line} ${e.code} ${e.message}`);
  const more = errors.length > NAMED ? `; and ${errors.length - NAMED} more` : '';
  const n = errors.length === 1 ? '1 error is on no row of this table (its recipe was not scored)' : `${errors.length} errors are on no row of this table (their recipes were not scored)`;
  return `${n}: ${named.join('; ')}${more}.`;
}
