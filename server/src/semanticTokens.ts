/**
 * Semantic tokens: what the TextMate grammar cannot know — which identifiers are element
 * symbols, declared vs built-in ligands, recipe names, and the value words of topology, site,
 * support and units. Built from the AST, so it follows the parser's reading of the text.
 */
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import { choiceItems, keywordOf, type CountItem, type LigandDecl, type Property, type RecipeDecl, type Word } from '../../grammar/src/ast';
import { builtinLigand } from '../../engine/src/ligands';
import { isElementSymbol } from '../../engine/src/periodicTable';
import type { OffsetRange } from '../../engine/src/recipe';
import type { AnalysedDocument } from './documentModel';

const TOKEN_TYPES = ['keyword', 'struct', 'variable', 'type', 'enumMember', 'string', 'number', 'comment', 'operator'] as const;
const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

interface Span {
  range: OffsetRange;
  type: TokenType;
  modifiers: TokenModifier[];
}

export function semanticTokens(analysed: AnalysedDocument): SemanticTokens {
  const spans: Span[] = [];
  const add = (range: OffsetRange | undefined, type: TokenType, ...modifiers: TokenModifier[]) => {
    if (range && range.end > range.start) spans.push({ range, type, modifiers });
  };
  const declared = new Set(analysed.ast.ligands.map((d) => d.name?.text).filter((n): n is string => !!n));

  for (const range of analysed.ast.comments) add(range, 'comment');
  for (const decl of analysed.ast.ligands) ligandSpans(decl, add);
  for (const recipe of analysed.ast.recipes) recipeSpans(recipe, declared, add);
  return { data: encode(analysed, spans.sort((a, b) => a.range.start - b.range.start)) };
}

type Add = (range: OffsetRange | undefined, type: TokenType, ...modifiers: TokenModifier[]) => void;

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

/** LSP's relative encoding; every span lies on one line (strings and comments cannot span lines). */
function encode(analysed: AnalysedDocument, spans: readonly Span[]): number[] {
  const data: number[] = [];
  let previousLine = 0;
  let previousChar = 0;
  let previousEnd = -1;
  for (const span of spans) {
    if (span.range.start < previousEnd) continue; // overlapping spans are not allowed; keep the first
    const start = analysed.document.positionAt(span.range.start);
    const end = analysed.document.positionAt(span.range.end);
    const length = end.line === start.line ? end.character - start.character : lineLength(analysed, start.line) - start.character;
    const deltaLine = start.line - previousLine;
    data.push(deltaLine, deltaLine === 0 ? start.character - previousChar : start.character, length, TOKEN_TYPES.indexOf(span.type), modifierBits(span.modifiers));
    previousLine = start.line;
    previousChar = start.character;
    previousEnd = span.range.end;
  }
  return data;
}

function lineLength(analysed: AnalysedDocument, line: number): number {
  const text = analysed.document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$/, '').length;
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  return modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
}
