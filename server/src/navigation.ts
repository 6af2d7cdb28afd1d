/**
 * Go to definition, find references and rename, for ligands (declared in the file) and recipes.
 * Built-in ligands have no declaration to go to; renaming one would change which ligand the
 * recipe means, so rename is refused for them. A new name must read back as the same name (not a
 * reserved word, not `x8`) and must not be another declaration's or a built-in ligand's: a rename
 * never breaks the file, changes what a use refers to, or adds a diagnostic.
 */
import { ResponseError, type Location, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { builtinLigand } from '../../engine/src/ligands';
import type { OffsetRange } from '../../engine/src/recipe';
import { readAsName } from '../../grammar/src/names';
import type { AnalysedDocument } from './documentModel';
import { toRange } from './ranges';
import { ligandDeclaration, ligandOccurrences, targetAt } from './targets';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface Symbol {
  name: string;
  kind: 'ligand' | 'recipe';
  declarations: OffsetRange[];
  uses: OffsetRange[];
  /** The occurrence under the cursor. */
  at: OffsetRange;
}

/**
 * The symbol under the cursor. A name declared twice (BM215, BM222) names two symbols: the first
 * declaration with the uses (they mean the first), and each later declaration alone, so that a
 * rename mends the duplicate and references list what refers to the declaration asked about.
 */
export function symbolAt(analysed: AnalysedDocument, position: Position): Symbol | undefined {
  const target = targetAt(analysed, analysed.document.offsetAt(position));
  const symbol = (kind: Symbol['kind'], at: OffsetRange & { text: string }, declarations: OffsetRange[], uses: OffsetRange[]): Symbol => {
    const later = declarations.slice(1).some((d) => d.start === at.start);
    return { name: at.text, kind, declarations: later ? [at] : declarations.slice(0, 1), uses: later ? [] : uses, at };
  };
  if (target?.kind === 'recipeName') {
    const name = target.word.text;
    return symbol('recipe', target.word, analysed.ast.recipes.filter((r) => r.name?.text === name).map((r) => r.name!), []);
  }
  if ((target?.kind === 'ligandName' && target.decl.name) || target?.kind === 'ligandRef') {
    const { declarations, uses } = ligandOccurrences(analysed.ast, target.word.text);
    return symbol('ligand', target.word, declarations, uses);
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
  refuseUndeclaredLigand(analysed, symbol);
  return { range: toRange(analysed.document, symbol.at), placeholder: symbol.name };
}

/**
 * A ligand used but not declared here has no declaration to rename with its uses: a built-in, an
 * unknown name, or one no declaration could give (`4-MBA`, a locant glued on), whose BM212 fix is
 * the way out.
 */
function refuseUndeclaredLigand(analysed: AnalysedDocument, symbol: { kind: string; name: string }): void {
  if (symbol.kind !== 'ligand' || ligandDeclaration(analysed.ast, symbol.name)) return;
  if (builtinLigand(symbol.name)) throw new ResponseError(0, `${symbol.name} is a built-in ligand; declare it in this file to rename it.`);
  if (readAsName(symbol.name) !== 'name') throw new ResponseError(0, `${symbol.name} is no name a ligand can have (BM212); use its quick fix, or write a name.`);
  throw new ResponseError(0, `${symbol.name} is not declared in this file (BM212); declare it in this file to rename it.`);
}

export function rename(analysed: AnalysedDocument, position: Position, newName: string): WorkspaceEdit | null {
  const symbol = symbolAt(analysed, position);
  if (!symbol) return null;
  if (!IDENTIFIER.test(newName)) throw new ResponseError(0, `"${newName}" is not a valid name (letters, digits, _ and -, not starting with a digit).`);
  refuseUndeclaredLigand(analysed, symbol);
  const refusal = nameRefusal(newName, symbol.kind) ?? (newName === symbol.name ? undefined : collision(analysed, symbol.kind, newName));
  if (refusal) throw new ResponseError(0, refusal);
  const edits = [...symbol.declarations, ...symbol.uses].map((range) => ({ range: toRange(analysed.document, range), newText: newName }));
  return { changes: { [analysed.uri]: edits } };
}

/** Why `name` cannot name a recipe or ligand, by the lexer's own rules; undefined when it can. */
function nameRefusal(name: string, kind: Symbol['kind']): string | undefined {
  switch (readAsName(name)) {
    case 'name':
      return undefined;
    case 'reserved':
      return `"${name}" is a reserved word of the language, so it cannot name a ${kind}.`;
    case 'countOperator':
      return `"${name}" would read as the count operator x and a count (as in \`PET x8\`), so it cannot name a ${kind}.`;
    case 'notOneWord':
      return `"${name}" would not read as one name, so it cannot name a ${kind}.`;
  }
}

/** Why renaming a `kind` to `name` would make it another declaration's name; undefined when none is. */
function collision(analysed: AnalysedDocument, kind: Symbol['kind'], name: string): string | undefined {
  const lineOf = (range: OffsetRange) => analysed.document.positionAt(range.start).line + 1;
  if (kind === 'recipe') {
    const other = analysed.ast.recipes.find((r) => r.name?.text === name);
    return other && `a recipe named "${name}" already exists (line ${lineOf(other)}); recipe names are unique in a file.`;
  }
  const other = analysed.ast.ligands.find((l) => l.name?.text === name);
  if (other) return `a ligand named "${name}" is already declared (line ${lineOf(other)}).`;
  // Uses of the new name would come to mean this ligand: a rename must not change what they refer to.
  const used = ligandOccurrences(analysed.ast, name).uses.length;
  const uses = `${used} use${used === 1 ? '' : 's'}`;
  if (builtinLigand(name)) {
    // Unused, the built-in would still be shadowed: a rename adds no diagnostic, not even information (BM214).
    if (!used) return `"${name}" is a built-in ligand: a declaration named so would replace it in this file (BM214); choose a name no built-in has.`;
    return `"${name}" is a built-in ligand used here (${uses}): a declaration named so would replace it in this file (BM214), and those uses would mean this ligand instead.`;
  }
  if (!used) return undefined;
  return `"${name}" is used in this file without a declaration (${uses}); renamed so, this ligand would be what those uses mean.`;
}

function location(analysed: AnalysedDocument, range: OffsetRange): Location {
  return { uri: analysed.uri, range: toRange(analysed.document, range) };
}
