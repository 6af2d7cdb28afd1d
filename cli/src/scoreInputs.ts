/**
 * What the commands that read recipe files share: reading and scoring each argument keeping the
 * labelled members (check, calibrate, suggest), printing diagnostics as `file:line:col: severity
 * code message`, and the exit status of LANGUAGE.md §5.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import path from 'node:path';
import { analyzeFamilies, capDiagnostics, LineIndex, type FamilyHead } from '../../grammar/src/index';
import { hasLabel } from '../../pipeline/src/calibration/labels';
import type { ScoredMember, Scorer } from '../../pipeline/src/index';
import { toRecordDiagnostic } from '../../pipeline/src/records';
import { InputError, notUtf8Note, readInput, type InputDocument } from './inputs';
import { terminalText } from './terminalText';

/** A file read and scored: its diagnostics, and of its members only those with labels. */
export interface LabelledInput extends InputDocument {
  diagnostics: BimetalDiagnostic[];
  /** As collectLabels reads a file. */
  document: { members: ScoredMember[] };
}

/**
 * Reads and scores each argument in turn, a chunk of members at a time as `score` does, keeping
 * only the members with labels: what `check` and `calibrate` need of them. Keeping every member
 * made a family raised with --max-family-size run out of memory (681 MB for 200,000 members).
 * `unreadable`: the messages of the arguments that could not be read. `options.structures`, when
 * given, is handed each document's structure file paths (structurePaths) after it is parsed and
 * before it is scored; what it throws ends the run (calibrate refuses an --out that is one of them).
 */
export async function scoreKeepingLabels(
  scorer: Scorer,
  args: readonly string[],
  options: { maxFamilySize?: number; structureRoots?: readonly string[]; structures?: (paths: string[]) => void },
): Promise<{ read: LabelledInput[]; unreadable: string[] }> {
  const read: LabelledInput[] = [];
  const unreadable: string[] = [];
  for (const arg of args) {
    let input: InputDocument;
    try {
      input = await readInput(arg);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable.push(error.message);
      continue;
    }
    const labelled: ScoredMember[] = [];
    const diagnostics = await streamInput(scorer, input, options, (members) => {
      for (const m of members) if (hasLabel(m.spec)) labelled.push(m);
    });
    read.push({ ...input, diagnostics, document: { members: labelled } });
  }
  return { read, unreadable };
}

/**
 * The structure files a document's recipes name, as paths resolved against its folder the way the
 * structure stage resolves them (structureAccess.ts), once each: the members of one recipe share
 * their head's file.
 */
export function structurePaths(input: Pick<InputDocument, 'baseDir'>, families: readonly FamilyHead[]): string[] {
  const paths = new Set<string>();
  for (const { first } of families) if (first.structure !== undefined && first.structure.trim() !== '') paths.add(path.resolve(input.baseDir, first.structure));
  return [...paths];
}

/** Scores a document read from the command line a chunk of members at a time; resolves to its diagnostics. */
export function streamInput(
  scorer: Scorer,
  input: InputDocument,
  options: { maxFamilySize?: number; structureRoots?: readonly string[]; structures?: (paths: string[]) => void },
  onChunk: (members: readonly ScoredMember[]) => void,
): Promise<BimetalDiagnostic[]> {
  const analysis = analyzeFamilies(input.text, { maxFamilySize: options.maxFamilySize });
  options.structures?.(structurePaths(input, analysis.members.families));
  return scorer.scoreStream({ ...analysis, text: input.text }, { file: input.name, baseDir: input.baseDir, allowedRoots: options.structureRoots }, { onChunk });
}

/** `file:line:col: severity code message`, 1-based, in source order; at most MAX_DIAGNOSTICS and a summary of the rest. */
export function diagnosticLines(name: string, text: string, diagnostics: readonly BimetalDiagnostic[]): string[] {
  const positions = new LineIndex(text);
  const sorted = [...diagnostics].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return capDiagnostics(sorted).map((d) => {
    const r = toRecordDiagnostic(d, positions);
    return terminalText(`${name}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}`);
  });
}

/** Where a recipe file read is not UTF-8 (notUtf8Note): a line for standard error, or none. */
export function recipeNotUtf8Note(input: Pick<InputDocument, 'name' | 'text'>): string[] {
  return notUtf8Note(input, 'the file', 'saved in another encoding, such as Windows-1252', 'save it as UTF-8 (in VS Code: Save with Encoding)').map(terminalText);
}

export function hasErrors(diagnostics: readonly BimetalDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Exit status of a run (LANGUAGE.md §5): 2 for unreadable input, 1 for error diagnostics, else 0. */
export function runStatus(unreadable: boolean, errors: boolean): number {
  if (unreadable) return 2;
  return errors ? 1 : 0;
}

/** A file read, with the diagnostics scoring found in it. */
export interface DiagnosedFile {
  name: string;
  text: string;
  diagnostics: readonly BimetalDiagnostic[];
}

/**
 * The error diagnostics of each file read, and `more` of a file's (by its name), on standard
 * error in the `check` form: why `calibrate` and `suggest` left a recipe or a label out.
 */
export function reportErrors(read: readonly DiagnosedFile[], more: ReadonlyMap<string, readonly BimetalDiagnostic[]> = new Map()): void {
  for (const r of read) {
    const lines = [...recipeNotUtf8Note(r), ...diagnosticLines(r.name, r.text, [...r.diagnostics.filter((d) => d.severity === 'error'), ...(more.get(r.name) ?? [])])];
    if (lines.length) process.stderr.write(lines.join('\n') + '\n');
  }
}

/** Why each unreadable argument could not be read, on standard error. */
export function reportUnreadable(messages: readonly string[]): void {
  for (const message of messages) process.stderr.write(`bimetal: ${terminalText(message)}\n`);
}
