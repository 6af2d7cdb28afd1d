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
import { bimetalParser, parseTokens } from './parser';

export interface ParseResult {
  ast: BimetalFile;
  /** Syntax diagnostics (BM1xx, plus duplicate ligand clauses), sorted by position. */
  diagnostics: BimetalDiagnostic[];
}

/** Lexes, parses and builds the AST. Never throws: an internal failure becomes one diagnostic. */
export function parseDocument(text: string): ParseResult {
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
