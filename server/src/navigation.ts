/**
 * Go to definition, find references and rename, for ligands (declared in the file) and recipes.
 * Built-in ligands have no declaration to go to; renaming one would change which ligand the
 * recipe means, so rename is refused for them.
 */
import { ResponseError, type Location, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { OffsetRange } from '../../engine/src/recipe';
import type { AnalysedDocument } from './documentModel';
import { toRange } from './ranges';
import { ligandDeclaration, ligandOccurrences, targetAt } from './targets';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

interface Symbol {
  name: string;
  kind: 'ligand' | 'recipe';
  declarations: OffsetRange[];
  uses: OffsetRange[];
  /** The occurrence under the cursor. */
  at: OffsetRange;
}

function symbolAt(analysed: AnalysedDocument, position: Position): Symbol | undefined {
  const target = targetAt(analysed, analysed.document.offsetAt(position));
  if (!target) return undefined;
  if (target.kind === 'recipeName') {
    const name = target.word.text;
    const declarations = analysed.ast.recipes.filter((r) => r.name?.text === name).map((r) => r.name!);
    return { name, kind: 'recipe', declarations, uses: [], at: target.word };
  }
  if ((target.kind === 'ligandName' && target.decl.name) || target.kind === 'ligandRef') {
    const name = target.word.text;
    return { name, kind: 'ligand', ...ligandOccurrences(analysed.ast, name), at: target.word };
  }
  return undefined;
}

export function definition(analysed: AnalysedDocument, position: Position): Location[] | null {
  const symbol = symbolAt(analysed, position);
  if (!symbol || symbol.declarations.length === 0) return null;
  return symbol.declarations.map((range) => location(analysed, range));
}

export function references(analysed: AnalysedDocument, position: Position, includeDeclaration: boolean): Location[] | null {
  const symbol = symbolAt(analysed, position);
  if (!symbol) return null;
  const ranges = includeDeclaration ? [...symbol.declarations, ...symbol.uses] : symbol.uses;
  return ranges.sort((a, b) => a.start - b.start).map((range) => location(analysed, range));
}

export function prepareRename(analysed: AnalysedDocument, position: Position): { range: Range; placeholder: string } | null {
  const symbol = symbolAt(analysed, position);
  if (!symbol) return null;
  if (symbol.kind === 'ligand' && !ligandDeclaration(analysed.ast, symbol.name)) {
    throw new ResponseError(0, `${symbol.name} is a built-in ligand; declare it in this file to rename it.`);
  }
  return { range: toRange(analysed.document, symbol.at), placeholder: symbol.name };
}

export function rename(analysed: AnalysedDocument, position: Position, newName: string): WorkspaceEdit | null {
  const symbol = symbolAt(analysed, position);
  if (!symbol) return null;
  if (!IDENTIFIER.test(newName)) throw new ResponseError(0, `"${newName}" is not a valid name (letters, digits, _ and -, not starting with a digit).`);
  if (symbol.kind === 'ligand' && !ligandDeclaration(analysed.ast, symbol.name)) {
    throw new ResponseError(0, `${symbol.name} is a built-in ligand; declare it in this file to rename it.`);
  }
  const edits = [...symbol.declarations, ...symbol.uses].map((range) => ({ range: toRange(analysed.document, range), newText: newName }));
  return { changes: { [analysed.uri]: edits } };
}

function location(analysed: AnalysedDocument, range: OffsetRange): Location {
  return { uri: analysed.uri, range: toRange(analysed.document, range) };
}
