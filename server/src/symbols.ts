/**
 * Document symbols (outline: ligand declarations, recipes with their properties) and workspace
 * symbols (recipes and ligands of the workspace's files, matched by a fuzzy subsequence).
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { keywordOf, type BimetalFile, type Property, type RecipeDecl } from '../../grammar/src/ast';
import { formulaOf } from '../../pipeline/src/formula';
import type { AnalysedDocument } from './documentModel';
import { toRange } from './ranges';

/**
 * A document with more symbols than this (declarations and their properties together) lists its
 * declarations without their properties. Editors ask for the outline after every edit (VS Code's
 * outline, breadcrumbs and sticky scroll), and the full outline of the server bench's
 * 10,000-recipe mixed file was 10.4 MB of JSON that took the server over half a second to make.
 * The limit is VS Code's JSON language server's (`json.maxItemsComputed`).
 */
export const MAX_SYMBOLS_WITH_PROPERTIES = 5_000;

export function documentSymbols(analysed: AnalysedDocument): DocumentSymbol[] {
  const { document, ast } = analysed;
  const symbols: DocumentSymbol[] = [];
  let count = ast.declarations.length;
  for (const recipe of ast.recipes) count += recipe.properties.length;
  const withProperties = count <= MAX_SYMBOLS_WITH_PROPERTIES;
  for (const decl of ast.declarations) {
    if (!decl.name) continue;
    if (decl.kind === 'ligand') {
      symbols.push({
        name: decl.name.text,
        detail: decl.smiles?.value ?? '',
        kind: SymbolKind.Constant,
        range: toRange(document, decl),
        selectionRange: toRange(document, decl.name),
      });
    } else {
      symbols.push({
        name: decl.name.text,
        detail: recipeDetail(analysed, decl),
        kind: SymbolKind.Struct,
        range: toRange(document, decl),
        selectionRange: toRange(document, decl.name),
        ...(withProperties ? { children: propertySymbols(analysed, decl) } : {}),
      });
    }
  }
  return symbols;
}

function propertySymbols(analysed: AnalysedDocument, recipe: RecipeDecl): DocumentSymbol[] {
  return recipe.properties.map((p) => ({
    name: p.keyword,
    detail: propertyText(analysed, p),
    kind: SymbolKind.Property,
    range: toRange(analysed.document, p),
    selectionRange: toRange(analysed.document, keywordOf(p)),
  }));
}

/** The formula for a single recipe, the member count for a family. */
function recipeDetail(analysed: AnalysedDocument, recipe: RecipeDecl): string {
  const members = analysed.membersOf(recipe);
  if (members.length === 1) return formulaOf(members[0]);
  return members.length > 1 ? `family of ${members.length}` : '';
}

function propertyText(analysed: AnalysedDocument, property: Property): string {
  const text = analysed.document.getText();
  return text.slice(keywordOf(property).end, property.end).replace(/\s+/g, ' ').trim();
}

/** A parsed file: an open document's analysis, or a closed file read from disk. */
export interface ParsedFile {
  document: TextDocument;
  ast: BimetalFile;
}

/** The named declarations of a file (recipes and ligands) matching `query` (all for ''), as workspace symbols. */
export function declaredSymbols({ document, ast }: ParsedFile, query = ''): SymbolInformation[] {
  return ast.declarations.flatMap((decl) =>
    decl.name && matchesQuery(decl.name.text, query)
      ? [{ name: decl.name.text, kind: decl.kind === 'ligand' ? SymbolKind.Constant : SymbolKind.Struct, location: { uri: document.uri, range: toRange(document, decl.name) } }]
      : [],
  );
}

/**
 * The symbols matching `query`, of the open documents and among the closed files' declarations:
 * the best matches first (matchRank), then by file and position. Listed as found, they came in the
 * order the documents were opened, so two editors on the same files answered in different orders,
 * and a client that shows them as given (not VS Code, which ranks them itself) put an exact name
 * after any subsequence that happened to come first.
 */
export function workspaceSymbols(query: string, open: readonly ParsedFile[], closedDeclared: readonly SymbolInformation[]): SymbolInformation[] {
  const found = [...open.flatMap((file) => declaredSymbols(file, query)), ...closedDeclared.filter((symbol) => matchesQuery(symbol.name, query))];
  const ranked = found.map((symbol) => ({ symbol, rank: matchRank(symbol.name, query) }));
  ranked.sort((a, b) => a.rank - b.rank || compareLocations(a.symbol.location, b.symbol.location));
  return ranked.map(({ symbol }) => symbol);
}

/** How well a name that matches `query` matches it, best first: the name itself, a prefix of it, a run inside it, its characters apart (case ignored). */
function matchRank(name: string, query: string): number {
  const haystack = name.toLowerCase();
  const needle = query.toLowerCase();
  if (haystack === needle) return 0;
  if (haystack.startsWith(needle)) return 1;
  return haystack.includes(needle) ? 2 : 3;
}

/** By URI, compared by code unit (no locale, so every server orders alike), then by position. */
function compareLocations(a: SymbolInformation['location'], b: SymbolInformation['location']): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** Editors' usual rule: the query's characters appear in order, ignoring case. */
export function matchesQuery(name: string, query: string): boolean {
  const haystack = name.toLowerCase();
  let at = 0;
  for (const c of query.toLowerCase()) {
    at = haystack.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}
