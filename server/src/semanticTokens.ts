/**
 * Semantic tokens: what the TextMate grammar cannot know — which identifiers are element
 * symbols, declared vs built-in ligands, recipe names, and the value words of topology, site,
 * support and units. Built from the AST, so it follows the parser's reading of the text.
 */
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver';
import { choiceItems, keywordOf, type CountItem, type LigandDecl, type Property, type RecipeDecl, type Word } from '../../grammar/src/ast';
import { builtinLigand } from '../../engine/src/ligands';
import type { LineIndex } from '../../grammar/src/lineIndex';
import { isElementSymbol } from '../../engine/src/periodicTable';
import type { OffsetRange } from '../../engine/src/recipe';
import type { AnalysedDocument } from './documentModel';

const TOKEN_TYPES = ['keyword', 'struct', 'variable', 'type', 'enumMember', 'string', 'number', 'comment', 'operator'] as const;
const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** A token as LSP encodes it: its type's index in the legend and its modifiers' bits. */
interface Span {
  start: number;
  end: number;
  type: number;
  modifiers: number;
}

/**
 * Each open document's last tokens, kept so that the editor's request after an edit
 * (`semanticTokens/full/delta`) is answered with what changed: the 10,000-recipe mixed file's
 * tokens are 1.3 MB of JSON, and an edit changes a few of them.
 *
 * The tokens are encoded into an array made at its final length, not through
 * vscode-languageserver's SemanticTokensBuilder, which grows its array a token at a time: for the
 * mixed file's 129,000 tokens (647,000 numbers) that growth took about half of each request's time.
 */
export class DocumentTokens {
  private readonly last = new Map<string, SemanticTokens>();
  private results = 0;

  full(analysed: AnalysedDocument): SemanticTokens {
    const tokens: SemanticTokens = { resultId: String(++this.results), data: encodedTokens(analysed) };
    this.last.set(analysed.uri, tokens);
    return tokens;
  }

  /** The edits from `previousResultId`'s tokens, or all of them when that result is not the one kept. */
  delta(analysed: AnalysedDocument, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const previous = this.last.get(analysed.uri);
    if (previous?.resultId !== previousResultId) return this.full(analysed);
    const tokens = this.full(analysed);
    return { resultId: tokens.resultId, edits: tokenEdits(previous.data, tokens.data) };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/**
 * What turns `before` into `after`: one edit of the numbers between their common start and their
 * common end, or none when they are equal. An edit of a document changes the tokens of one place,
 * and those after it keep their numbers, which are relative to the token before each.
 */
export function tokenEdits(before: readonly number[], after: readonly number[]): SemanticTokensEdit[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let common = 0;
  while (common < before.length - start && common < after.length - start && before[before.length - 1 - common] === after[after.length - 1 - common]) common++;
  if (start === before.length && start === after.length) return [];
  const data = after.slice(start, after.length - common);
  const edit: SemanticTokensEdit = { start, deleteCount: before.length - start - common };
  if (data.length > 0) edit.data = data;
  return [edit];
}

function encodedTokens(analysed: AnalysedDocument): number[] {
  const spans: Span[] = [];
  const add = (range: OffsetRange | undefined, type: TokenType, modifier?: TokenModifier) => {
    if (range && range.end > range.start) {
      spans.push({ start: range.start, end: range.end, type: TOKEN_TYPES.indexOf(type), modifiers: modifier ? 1 << TOKEN_MODIFIERS.indexOf(modifier) : 0 });
    }
  };
  const declared = new Set(analysed.ast.ligands.map((d) => d.name?.text).filter((n): n is string => !!n));

  for (const range of analysed.ast.comments) add(range, 'comment');
  for (const decl of analysed.ast.ligands) ligandSpans(decl, add);
  for (const recipe of analysed.ast.recipes) recipeSpans(recipe, declared, add);
  return encode(analysed.lines, spans.sort((a, b) => a.start - b.start));
}

type Add = (range: OffsetRange | undefined, type: TokenType, modifier?: TokenModifier) => void;

function ligandSpans(decl: LigandDecl, add: Add): void {
  add(keywordOf(decl), 'keyword');
  add(decl.name, 'variable', 'declaration');
  add(decl.smiles, 'string');
  if (decl.binds) {
    add(keywordOf(decl.binds), 'keyword');
    for (const atom of decl.binds.atoms) add(atom, 'type');
  }
  if (decl.logP) {
    add(keywordOf(decl.logP), 'keyword');
    add(decl.logP.value, 'number');
  }
}

function recipeSpans(recipe: RecipeDecl, declaredLigands: ReadonlySet<string>, add: Add): void {
  add(keywordOf(recipe), 'keyword');
  add(recipe.name, 'struct', 'declaration');
  for (const property of recipe.properties) propertySpans(property, declaredLigands, add);
}

function propertySpans(property: Property, declaredLigands: ReadonlySet<string>, add: Add): void {
  if (property.kind === 'unknown') return; // a typo: leave it to the diagnostic
  add(keywordOf(property), 'keyword');
  const word = (w: Word | undefined, type: TokenType) => add(w, type);
  switch (property.kind) {
    case 'host':
    case 'dopant':
      // A misspelt symbol keeps its diagnostic squiggle but no element colour.
      for (const element of choiceItems(property.element)) if (isElementSymbol(element.text)) add(element, 'type');
      for (const count of choiceItems(property.count)) countSpans(count, add);
      break;
    case 'topology':
      word(property.name, 'enumMember');
      word(property.shellsKeyword, 'keyword');
      add(property.shells, 'number');
      break;
    case 'site':
      word(property.value, 'enumMember');
      break;
    case 'ligands':
      for (const use of property.uses) {
        if (use.ref.kind === 'string') add(use.ref, 'string');
        else if (declaredLigands.has(use.ref.text)) add(use.ref, 'variable');
        else if (builtinLigand(use.ref.text)) add(use.ref, 'variable', 'defaultLibrary');
        word(use.times, 'operator');
        for (const count of choiceItems(use.count)) countSpans(count, add);
      }
      break;
    case 'support':
      word(property.supportKind, 'enumMember');
      add(property.name, property.name?.kind === 'string' ? 'string' : 'enumMember');
      break;
    case 'distance':
    case 'energy':
    case 'siteEnergy':
      add(property.value, 'number');
      word(property.unit, 'enumMember');
      break;
    case 'charge':
      add(property.value, 'number');
      break;
    case 'note':
      add(property.text, 'string');
      break;
    case 'structure':
      add(property.path, 'string');
      break;
  }
}

function countSpans(count: CountItem, add: Add): void {
  if (count.kind === 'number') add(count, 'number');
  else {
    add(count.from, 'number');
    add(count.to, 'number');
  }
}

/**
 * `spans`, sorted by start, as LSP's numbers: five per token, its line and start relative to the
 * token before it (the start only on the same line), its length, type and modifiers. Every span
 * lies on one line (strings and comments cannot span lines; one that runs past its line's end is
 * cut there). The line moves forward with the spans instead of being looked up for each (a binary
 * search over the lines, twice per span).
 */
function encode(lines: LineIndex, spans: readonly Span[]): number[] {
  const data = new Array<number>(spans.length * 5);
  let length = 0;
  let line = 0;
  let previousLine = 0;
  let previousChar = 0;
  let previousEnd = -1;
  for (const span of spans) {
    if (span.start < previousEnd) continue; // overlapping spans are not allowed; keep the first
    while (line + 1 < lines.lineCount && lines.lineStart(line + 1) <= span.start) line++;
    const char = span.start - lines.lineStart(line);
    data[length++] = line - previousLine;
    data[length++] = line === previousLine ? char - previousChar : char;
    data[length++] = Math.min(span.end, lines.lineEnd(line)) - span.start;
    data[length++] = span.type;
    data[length++] = span.modifiers;
    previousLine = line;
    previousChar = char;
    previousEnd = span.end;
  }
  data.length = length;
  return data;
}
