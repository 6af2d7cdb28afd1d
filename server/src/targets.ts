/**
 * What is under the cursor: the one AST lookup shared by hover, navigation and completion, so
 * they agree on what a position means.
 */
import { choiceItems, keywordOf, type BimetalFile, type LigandDecl, type LigandUseNode, type MetalProperty, type Property, type RecipeDecl, type StringNode, type Word } from '../../grammar/src/ast';
import type { OffsetRange } from '../../engine/src/recipe';
import { resolveLigand } from '../../grammar/src/index';
import { recipeAt, type AnalysedDocument } from './documentModel';
import { contains } from './ranges';

export type Target =
  | { kind: 'recipeName'; recipe: RecipeDecl; word: Word }
  | { kind: 'ligandName'; decl: LigandDecl; word: Word }
  | { kind: 'ligandRef'; recipe: RecipeDecl; use: LigandUseNode; word: Word }
  | { kind: 'inlineSmiles'; recipe: RecipeDecl; use: LigandUseNode; string: StringNode }
  | { kind: 'declaredSmiles'; decl: LigandDecl; string: StringNode }
  | { kind: 'element'; recipe: RecipeDecl; property: MetalProperty; word: Word }
  | { kind: 'bindsAtom'; decl: LigandDecl; word: Word }
  | { kind: 'property'; recipe: RecipeDecl; property: Property }
  | { kind: 'recipeBody'; recipe: RecipeDecl };

export function targetAt(analysed: AnalysedDocument, offset: number): Target | undefined {
  const recipe = recipeAt(analysed, offset);
  if (recipe) return targetInRecipe(recipe, offset);
  const decl = ligandDeclAt(analysed.ast, offset);
  return decl ? targetInLigandDecl(decl, offset) : undefined;
}

function targetInRecipe(recipe: RecipeDecl, offset: number): Target {
  if (recipe.name && contains(recipe.name, offset)) return { kind: 'recipeName', recipe, word: recipe.name };
  const property = recipe.properties.find((p) => contains(p, offset));
  if (!property) return { kind: 'recipeBody', recipe };
  if (property.kind === 'host' || property.kind === 'dopant') {
    const word = choiceItems(property.element).find((w) => contains(w, offset));
    if (word) return { kind: 'element', recipe, property, word };
  }
  if (property.kind === 'ligands') {
    const use = property.uses.find((u) => contains(u.ref, offset));
    if (use?.ref.kind === 'word') return { kind: 'ligandRef', recipe, use, word: use.ref };
    if (use?.ref.kind === 'string') return { kind: 'inlineSmiles', recipe, use, string: use.ref };
  }
  return { kind: 'property', recipe, property };
}

function targetInLigandDecl(decl: LigandDecl, offset: number): Target | undefined {
  if (decl.name && contains(decl.name, offset)) return { kind: 'ligandName', decl, word: decl.name };
  if (decl.smiles && contains(decl.smiles, offset)) return { kind: 'declaredSmiles', decl, string: decl.smiles };
  const atom = decl.binds?.atoms.find((w) => contains(w, offset));
  if (atom) return { kind: 'bindsAtom', decl, word: atom };
  const keyword = keywordOf(decl);
  return contains(keyword, offset) ? { kind: 'ligandName', decl, word: decl.name ?? keyword } : undefined;
}

function ligandDeclAt(ast: BimetalFile, offset: number): LigandDecl | undefined {
  return ast.ligands.find((d) => contains(d, offset));
}

/** The declaration a ligand name resolves to in this file, if any (the grammar's rule: the first one). */
export function ligandDeclaration(ast: BimetalFile, name: string): LigandDecl | undefined {
  const resolution = resolveLigand(ast, name);
  return resolution.kind === 'declared' ? resolution.declaration : undefined;
}

/** Every place the ligand `name` is written: declaration names and uses in recipes. */
export function ligandOccurrences(ast: BimetalFile, name: string): { declarations: OffsetRange[]; uses: OffsetRange[] } {
  const declarations = ast.ligands.filter((d) => d.name?.text === name).map((d) => d.name!);
  const uses: OffsetRange[] = [];
  for (const ref of ligandNameUses(ast)) if (ref.text === name) uses.push(ref);
  return { declarations, uses };
}

/** The words that name a ligand in the recipes' `ligands`, in file order (inline SMILES left out). */
export function* ligandNameUses(ast: BimetalFile): Generator<Word> {
  for (const recipe of ast.recipes) {
    for (const property of recipe.properties) {
      if (property.kind !== 'ligands') continue;
      for (const use of property.uses) if (use.ref.kind === 'word') yield use.ref;
    }
  }
}
