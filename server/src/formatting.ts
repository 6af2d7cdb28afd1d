/**
 * Formatting to the canonical layout of LANGUAGE.md §1: one declaration per line, a blank line
 * around each recipe, one property per line indented by two spaces with the keyword padded to a
 * column, single spaces between words, none inside brackets or around `..`, `;` dropped (except
 * before an unknown property, where it keeps the parse: keptSemicolons), comments kept where they
 * were (own line, or after the code on its line).
 *
 * It reprints the token stream rather than the AST, so no comment or token can be lost; where lines
 * break comes from the parsed tree: a line starts at each declaration and at each property the
 * parser read, known or not (an unknown word, `ligand` inside a recipe), and the tokens of one
 * property are joined. Joining is safe because the few words the parser only takes from the same
 * line (a unit, a support name, an unknown property's arguments) are part of a property only when
 * they were on its line already; a word the parser read as a property of its own stays on a line
 * of its own, so formatting never changes the tree or the diagnostics (test/server/formatting.test.ts).
 * A document with syntax errors is left alone (reformatting guessed structure would move text), and
 * the answer says why (FormattingRefusal), for the server to show: an empty edit list alone looks
 * like a Format command that did nothing.
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { BimetalFile } from '../../grammar/src/ast';
import type { ILexingResult, IToken, TokenType } from '../../grammar/src/chevrotain';
import { quoted } from '../../grammar/src/diagnostics';
import * as T from '../../grammar/src/lexer';
import { parseDocument } from '../../grammar/src/parse';
import type { AnalysedDocument } from './documentModel';
import { lineEndingOf } from './lineEnding';

/** `topology` is the longest common keyword; values line up one column after it. */
const KEYWORD_COLUMN = 9;
const NO_SPACE_BEFORE = new Set<TokenType>([T.Comma, T.RBracket, T.DotDot]);
const NO_SPACE_AFTER = new Set<TokenType>([T.LBracket, T.DotDot]);

/** Why a document is left as it is, in words for the user. */
export interface FormattingRefusal {
  refused: string;
}

export function formatDocument(analysed: AnalysedDocument, options: FormattingOptions): TextEdit[] | FormattingRefusal {
  const lexed = formattableTokens(analysed);
  if ('refused' in lexed) return lexed;
  const text = analysed.document.getText();
  // The canonical layout in the document's own line endings, and its byte order mark where the client kept one.
  const formatted = (text.startsWith('\uFEFF') ? '\uFEFF' : '') + layout(lexed, options, analysed.ast).replace(/\n/g, lineEndingOf(text));
  if (formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: analysed.document.positionAt(text.length) }, newText: formatted }];
}

/**
 * Formatting a selection (Format Selection, and `editor.formatOnSaveMode: modifications`, which
 * asks for the lines changed): each declaration the range touches is laid out as the whole
 * document's formatting lays it out; the text between declarations (blank lines, comments outside
 * a recipe) and every declaration the range does not touch stay as written. An empty range touches
 * the declaration it lies in.
 */
export function formatRange(analysed: AnalysedDocument, range: Range, options: FormattingOptions): TextEdit[] | FormattingRefusal {
  const lexed = formattableTokens(analysed);
  if ('refused' in lexed) return lexed;
  const { document, ast } = analysed;
  const text = document.getText();
  const from = document.offsetAt(range.start);
  const to = document.offsetAt(range.end);
  const touched = (start: number, end: number) => (from === to ? start <= from && from <= end : start < to && from < end);
  const edits: TextEdit[] = [];
  for (const declaration of ast.declarations) {
    if (!touched(declaration.start, declaration.end)) continue;
    const written = text.slice(declaration.start, declaration.end);
    // A declaration parses alone as it parses in the document: nothing at file level reaches into another.
    const formatted = formatText(written, options).replace(/\n$/, '').replace(/\n/g, lineEndingOf(text));
    if (formatted !== written) edits.push({ range: { start: document.positionAt(declaration.start), end: document.positionAt(declaration.end) }, newText: formatted });
  }
  return edits;
}

/**
 * The document's tokens, or why not where formatting would move text: a document with syntax
 * errors (reformatting guessed structure), or with characters no token reads (the layout is made of
 * tokens, so they would be dropped, even one whose own error is folded into another: the hyphen of
 * `ligands 4-MBA`, reported as the unknown ligand).
 */
function formattableTokens(analysed: AnalysedDocument): ILexingResult | FormattingRefusal {
  const lineOf = (offset: number) => analysed.document.positionAt(offset).line + 1;
  const syntax = analysed.diagnostics.filter((d) => d.code.startsWith('BM1'));
  if (syntax.length > 0) {
    const first = syntax.reduce((a, b) => (b.range.start < a.range.start ? b : a));
    const [count, them, which] = syntax.length === 1 ? ['a syntax error', 'it', 'Line'] : [`${syntax.length} syntax errors`, 'them', 'The first, line'];
    return { refused: `it has ${count}, and formatting around one could move text; correct ${them}, then format again. ${which} ${lineOf(first.range.start)}: ${first.code} ${first.message}` };
  }
  const text = analysed.document.getText();
  const lexed = T.bimetalLexer().tokenize(text);
  const [unread] = lexed.errors;
  if (!unread) return lexed;
  const what = quoted(text.slice(unread.offset, unread.offset + unread.length));
  return { refused: `line ${lineOf(unread.offset)} holds ${what}, which no word of the language reads, and formatting would drop it; correct the error there, then format again.` };
}

/** What starts a line: a declaration (`recipe` or `ligand` at file level) or a property, by the offset of its first token. */
type LineStart = 'recipe' | 'ligand' | 'property';

function lineStarts(ast: BimetalFile): Map<number, LineStart> {
  const starts = new Map<number, LineStart>();
  for (const declaration of ast.declarations) {
    starts.set(declaration.start, declaration.kind);
    if (declaration.kind === 'recipe') for (const property of declaration.properties) starts.set(property.start, 'property');
  }
  return starts;
}

/**
 * The offsets of the `;` that must stay: one between a property and an unknown property after it
 * (`distance 2.8; colour red`, `site core; str = "x"`). An unknown property starts with an
 * identifier, which without the `;` the parser tries as part of what comes before: as the unit on
 * the same line (a word on the next line starts a property: `optionalUnit` in grammar/src/parser.ts);
 * and `core str =` reads as a misspelled declaration, which ends the recipe.
 * Before a keyword, `}` or nothing, a `;` changes nothing and goes. `code` is the document's tokens
 * without comments, in order.
 */
function keptSemicolons(ast: BimetalFile, code: readonly IToken[]): Set<number> {
  const unknown = new Set<number>();
  for (const recipe of ast.recipes) for (const property of recipe.properties) if (property.kind === 'unknown') unknown.add(property.start);
  const kept = new Set<number>();
  if (unknown.size === 0) return kept;
  code.forEach((token, i) => {
    if (token.tokenType !== T.Semicolon || i === 0 || code[i - 1].tokenType === T.Semicolon || code[i - 1].tokenType === T.LCurly) return;
    let next = i + 1;
    while (code[next]?.tokenType === T.Semicolon) next++;
    if (next < code.length && unknown.has(code[next].startOffset)) kept.add(token.startOffset);
  });
  return kept;
}

/** The canonical text of a syntactically valid document; `ast` is its parse (parsed here when not given). */
export function formatText(text: string, options: Pick<FormattingOptions, 'tabSize' | 'insertSpaces'>, ast: BimetalFile = parseDocument(text).ast): string {
  return layout(T.bimetalLexer().tokenize(text), options, ast);
}

/** formatText with the document's tokens already read (formatDocument reads them once, to refuse text with lexing errors too). */
function layout(lexed: ILexingResult, options: Pick<FormattingOptions, 'tabSize' | 'insertSpaces'>, ast: BimetalFile): string {
  const starts = lineStarts(ast);
  const kept = keptSemicolons(ast, lexed.tokens);
  const tokens = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const indentUnit = options.insertSpaces === false ? '\t' : ' '.repeat(options.tabSize > 0 ? Math.min(options.tabSize, 8) : 2);
  const lines: string[] = [];
  let line = '';
  let depth = 0;
  let previous: IToken | undefined;
  let afterKeyword = false;

  const endLine = () => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
  };
  const blankLine = () => {
    endLine();
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
  };
  const startLine = () => {
    endLine();
    line = indentUnit.repeat(depth);
  };

  for (const token of tokens) {
    const type = token.tokenType;
    const starting = starts.get(token.startOffset);
    const sameSourceLine = previous !== undefined && previous.endLine === token.startLine;
    const blankBefore = previous !== undefined && (token.startLine ?? 0) - (previous.endLine ?? 0) > 1;

    if (type === T.Semicolon) {
      if (kept.has(token.startOffset)) {
        if (line.trim() === '') line = indentUnit.repeat(depth);
        line += ';';
        previous = token;
      }
      continue;
    }
    if (type === T.Comment) {
      if (sameSourceLine && line.trim() !== '') {
        line += `  ${token.image.trimEnd()}`;
        endLine();
      } else if (sameSourceLine && (previous?.tokenType === T.LCurly || previous?.tokenType === T.RCurly)) {
        // A brace ends its line at once; the comment written after it stays on that line (after a
        // `}`, on a line of its own it would read as the next recipe's documentation).
        // After `}` the blank line that follows it is already pushed; after `{` its line is the last.
        const braceLine = previous.tokenType === T.RCurly ? lines.length - 2 : lines.length - 1;
        lines[braceLine] += `  ${token.image.trimEnd()}`;
      } else {
        if (blankBefore) blankLine();
        startLine();
        line += token.image.trimEnd();
        endLine();
      }
      previous = token;
      continue;
    }

    if (starting === 'recipe') {
      // A comment on the line just above a recipe documents it and stays attached.
      const documentedBy = previous?.tokenType === T.Comment && !blankBefore && lines[lines.length - 1]?.startsWith('#');
      if (!documentedBy) blankLine();
      startLine();
    } else if (starting === 'ligand') {
      if (blankBefore || (lines.length > 0 && lines[lines.length - 1] === '}')) blankLine();
      startLine();
    } else if (type === T.RCurly) {
      depth = Math.max(0, depth - 1);
      startLine();
    } else if (starting === 'property') {
      if (blankBefore) blankLine();
      startLine();
    } else if (line.trim() !== '' && !NO_SPACE_BEFORE.has(type) && !(previous && NO_SPACE_AFTER.has(previous.tokenType))) {
      line += afterKeyword ? ' '.repeat(Math.max(1, KEYWORD_COLUMN - keywordLength(line))) : ' ';
    } else if (line.trim() === '') {
      line = indentUnit.repeat(depth);
    }

    line += token.image;
    afterKeyword = starting === 'property';
    if (type === T.LCurly) {
      depth++;
      endLine();
    } else if (type === T.RCurly) {
      endLine();
      lines.push('');
    }
    previous = token;
  }
  endLine();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function keywordLength(line: string): number {
  return line.trimStart().length;
}
