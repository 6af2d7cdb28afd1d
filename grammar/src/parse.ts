/**
 * Text → AST with syntax diagnostics: lexing, the tolerant parse and the AST builder in one call
 * that never throws, so an editor always gets a tree to work with.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { BimetalFile } from './ast';
import { buildAst } from './astBuilder';
import type { IRecognitionException, IToken } from './chevrotain';
import { CODES } from './codes';
import { anyRangeWithin, compareDiagnostics, diagnostic, internalErrorDiagnostic } from './diagnostics';
import { bimetalLexer } from './lexer';
import { MAX_SYNTAX_ERRORS, PROBE_CHARS, PROBE_LINE_SLACK, stoppedParsingDiagnostic } from './limits';
import { bimetalParser, parseTokens } from './parser';

export interface ParseResult {
  ast: BimetalFile;
  /** Syntax diagnostics (BM1xx, plus duplicate ligand clauses), sorted by position. */
  diagnostics: BimetalDiagnostic[];
}

/**
 * Lexes, parses and builds the AST. Never throws: an internal failure becomes one diagnostic.
 * A long document is probed first: when its first megabyte already holds more syntax errors than
 * anyone will fix one by one (it is binary or not a recipe file), parsing stops there and one
 * diagnostic says so, so a 50 MB file of garbage costs as much as one megabyte of it.
 */
export function parseDocument(text: string): ParseResult {
  const cut = probeEnd(text);
  if (cut < text.length) {
    const probe = parseWhole(text.slice(0, cut));
    if (countErrors(probe.diagnostics) > MAX_SYNTAX_ERRORS) {
      probe.ast.range = { start: 0, end: text.length };
      probe.diagnostics.push(stoppedParsingDiagnostic(cut));
      return probe;
    }
  }
  return parseWhole(text);
}

/** Where the probe ends: the first line break after PROBE_CHARS (or there, on a file without lines). */
function probeEnd(text: string): number {
  if (text.length <= PROBE_CHARS) return text.length;
  const lineEnd = text.indexOf('\n', PROBE_CHARS);
  return lineEnd !== -1 && lineEnd - PROBE_CHARS < PROBE_LINE_SLACK ? lineEnd + 1 : PROBE_CHARS;
}

function countErrors(diagnostics: readonly BimetalDiagnostic[]): number {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return errors;
}

function parseWhole(text: string): ParseResult {
  const diagnostics: BimetalDiagnostic[] = [];
  try {
    const lexed = bimetalLexer.tokenize(text);
    for (const error of lexed.errors) {
      const start = error.offset;
      const end = Math.min(text.length, start + Math.max(1, error.length));
      const chars = text.slice(start, end);
      diagnostics.push(
        diagnostic('unexpectedCharacter', `unexpected character${chars.length > 1 ? 's' : ''} ${JSON.stringify(chars)}`, { start, end }, {
          data: { removable: true },
        }),
      );
    }
    const cst = parseTokens(lexed.tokens);
    for (const error of bimetalParser.errors) diagnostics.push(recognitionDiagnostic(error, text.length));
    const ast = buildAst(cst, text.length, (lexed.groups.comments ?? []) as IToken[], diagnostics);
    diagnostics.sort(compareDiagnostics);
    markSyntaxErrors(ast, diagnostics);
    return { ast, diagnostics };
  } catch (error) {
    // A safety net for parser bugs: the editor keeps working and the user sees where to report it.
    return { ast: emptyFile(text.length), diagnostics: [internalErrorDiagnostic('parser', error, text.length)] };
  }
}

/** Chevrotain's own errors; the tolerant grammar makes these rare, so the message stays generic. */
function recognitionDiagnostic(error: IRecognitionException, textLength: number): BimetalDiagnostic {
  const t = error.token;
  const real = t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && Number.isFinite(t.endOffset);
  const range = real ? { start: t.startOffset, end: (t.endOffset as number) + 1 } : { start: textLength, end: textLength };
  return diagnostic('parserError', `syntax error: ${error.message}`, range);
}

/** An unclosed `}` leaves the recipe's meaning intact, so it alone does not stop expansion. */
const HARMLESS_FOR_EXPANSION = new Set([CODES.unclosedRecipe.code]);

function markSyntaxErrors(ast: BimetalFile, sorted: BimetalDiagnostic[]): void {
  const errors = sorted.filter((d) => d.severity === 'error' && !HARMLESS_FOR_EXPANSION.has(d.code)).map((d) => d.range);
  for (const declaration of ast.declarations) declaration.hasSyntaxErrors = anyRangeWithin(errors, declaration.range);
}

/** A file with no declarations, spanning `length` characters: what a document that cannot be parsed holds. */
export function emptyFile(length: number): BimetalFile {
  return { kind: 'file', range: { start: 0, end: length }, declarations: [], ligands: [], recipes: [], comments: [] };
}
