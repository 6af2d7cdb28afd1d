/**
 * Where the parts of each ligand declaration are written in the source, so chemistry errors found
 * on an expanded recipe can be placed on the declaration's SMILES or `binds` clause (or atom).
 */
import type { OffsetRange } from '../../engine/src/recipe';
import { rangeOf, type BimetalFile, type LigandDecl } from '../../grammar/src/ast';

/** Where a declared ligand's parts are written, so chemistry errors land on the right text. */
export interface DeclaredLigandSource {
  /** The SMILES string literal, quotes included. */
  smiles?: OffsetRange;
  /** The `binds …` clause. */
  binds?: OffsetRange;
  /** Each atom of the `binds` clause by its text (the first where one is written twice). */
  bindsAtoms?: ReadonlyMap<string, OffsetRange>;
}

/** Source locations of every file-level ligand declaration, by name (the first wins, as in the grammar). */
export function declaredLigandSources(ast: BimetalFile): Map<string, DeclaredLigandSource> {
  const sources = new Map<string, DeclaredLigandSource>();
  for (const decl of ast.ligands) {
    const name = decl.name?.text;
    if (name === undefined || sources.has(name)) continue;
    sources.set(name, ligandDeclarationSource(decl));
  }
  return sources;
}

/** Where the parts of one ligand declaration are written. */
export function ligandDeclarationSource(decl: LigandDecl): DeclaredLigandSource {
  // Copies: diagnostics take these ranges, and a range that is the tree's node would carry the node along.
  const bindsAtoms = decl.binds && new Map([...decl.binds.atoms].reverse().map((atom) => [atom.text, rangeOf(atom)]));
  return { smiles: decl.smiles && rangeOf(decl.smiles), binds: decl.binds && rangeOf(decl.binds), bindsAtoms };
}
