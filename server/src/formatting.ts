/**
 * Formatting to the canonical layout of LANGUAGE.md §1: one declaration per line, a blank line
 * around each recipe, one property per line indented by two spaces with the keyword padded to a
 * column, single spaces between words, none inside brackets or around `..`, `;` dropped,
 * comments kept where they were (own line, or after the code on its line).
 *
 * It reprints the token stream rather than the AST, so no comment or token can be lost; a
 * document with syntax errors is left alone (reformatting guessed structure would move text).
 */
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import type { IToken, TokenType } from '../../grammar/src/chevrotain';
import * as T from '../../grammar/src/lexer';
import type { AnalysedDocument } from './documentModel';

const PROPERTY_KEYWORDS = new Set<TokenType>(T.PROPERTY_TOKENS);
/** `topology` is the longest common keyword; values line up one column after it. */
const KEYWORD_COLUMN = 9;
const NO_SPACE_BEFORE = new Set<TokenType>([T.Comma, T.RBracket, T.DotDot]);
const NO_SPACE_AFTER = new Set<TokenType>([T.LBracket, T.DotDot]);

export function formatDocument(analysed: AnalysedDocument, options: FormattingOptions): TextEdit[] {
  if (analysed.diagnostics.some((d) => d.code.startsWith('BM1'))) return [];
  const text = analysed.document.getText();
  const formatted = formatText(text, options);
  if (formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: analysed.document.positionAt(text.length) }, newText: formatted }];
}

/** The canonical text of a syntactically valid document. */
export function formatText(text: string, options: Pick<FormattingOptions, 'tabSize' | 'insertSpaces'>): string {
  const lexed = T.bimetalLexer().tokenize(text);
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
    const sameSourceLine = previous !== undefined && previous.endLine === token.startLine;
    const blankBefore = previous !== undefined && (token.startLine ?? 0) - (previous.endLine ?? 0) > 1;

    if (type === T.Semicolon) continue;
    if (type === T.Comment) {
      if (sameSourceLine && line.trim() !== '') {
        line += `  ${token.image.trimEnd()}`;
        endLine();
      } else {
        if (blankBefore) blankLine();
        startLine();
        line += token.image.trimEnd();
        endLine();
      }
      previous = token;
      continue;
    }

    if (type === T.Recipe && depth === 0) {
      // A comment on the line just above a recipe documents it and stays attached.
      const documentedBy = previous?.tokenType === T.Comment && !blankBefore && lines[lines.length - 1]?.startsWith('#');
      if (!documentedBy) blankLine();
      startLine();
    } else if (type === T.Ligand && depth === 0) {
      if (blankBefore || (lines.length > 0 && lines[lines.length - 1] === '}')) blankLine();
      startLine();
    } else if (type === T.RCurly) {
      depth = Math.max(0, depth - 1);
      startLine();
    } else if (depth > 0 && PROPERTY_KEYWORDS.has(type)) {
      if (blankBefore) blankLine();
      startLine();
    } else if (line.trim() !== '' && !NO_SPACE_BEFORE.has(type) && !(previous && NO_SPACE_AFTER.has(previous.tokenType))) {
      line += afterKeyword ? ' '.repeat(Math.max(1, KEYWORD_COLUMN - keywordLength(line))) : ' ';
    } else if (line.trim() === '') {
      line = indentUnit.repeat(depth);
    }

    line += token.image;
    afterKeyword = depth > 0 && PROPERTY_KEYWORDS.has(type);
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
