import { builtinLigand, type BuiltinLigand } from '../../engine/src/ligands/builtinLibrary';
import { convertUnit } from '../../engine/src/storedNumbers';
import { choiceItems, type BimetalFile, type Choice, type CountItem, type DistanceProperty, type EnergyProperty, type LigandDecl, type MetalProperty, type Property, type PropertyKind, type RecipeDecl, type Word } from './ast';
import { distanceUnitInAngstrom } from './vocabulary';

/**
 * Read-only helpers over the AST shared by validation, family expansion and the language server:
 * the first occurrence of each property, the alternatives of a family slot, and ligand name
 * resolution, so all three read a recipe by the same rules.
 */

type PropertyOf<K extends PropertyKind> = K extends MetalProperty['kind']
  ? MetalProperty
  : K extends EnergyProperty['kind']
    ? EnergyProperty
    : Extract<Property, { kind: K }>;

/** The first property of each kind (later duplicates are reported, not used). */
export function firstProperties(recipe: RecipeDecl): { [K in PropertyKind]?: PropertyOf<K> } {
  const found: { [K in PropertyKind]?: Property } = {};
  for (const property of recipe.properties) if (!found[property.kind]) found[property.kind] = property;
  return found as { [K in PropertyKind]?: PropertyOf<K> };
}

/** The first property of one kind, for callers that need only that one. */
export function propertyOf<K extends PropertyKind>(recipe: RecipeDecl, kind: K): PropertyOf<K> | undefined {
  return recipe.properties.find((p) => p.kind === kind) as PropertyOf<K> | undefined;
}

/**
 * A `distance` in Å, the one conversion of its unit that validation and family expansion both read;
 * `problem` when the number cannot be stored once in Å (`1e308 nm`, BM234). Undefined without a
 * number that can be read or a known unit: those are reported where they are written (BM234, BM219).
 */
export function distanceInAngstrom(property: DistanceProperty): { value: number } | { problem: string } | undefined {
  const unitInAngstrom = property.unit ? distanceUnitInAngstrom(property.unit.text) : 1;
  if (!property.value || property.value.problem || unitInAngstrom === undefined) return undefined;
  return convertUnit(property.value.value, unitInAngstrom);
}

/** How many integers a count item stands for (an unfinished or reversed range counts as one). */
export function countItemSize(item: CountItem): number {
  if (item.kind === 'number' || !item.to) return 1;
  return Math.max(1, Math.floor(item.to.value) - Math.ceil(item.from.value) + 1);
}

/** Number of alternatives in a slot before removing duplicates; an absent slot is one default. */
export function choiceSize(choice: Choice<CountItem> | Choice<Word> | undefined): number {
  if (!choice) return 1;
  let total = 0;
  for (const item of choiceItems<CountItem | Word>(choice)) total += item.kind === 'word' ? 1 : countItemSize(item);
  return Math.max(1, total);
}

/**
 * The distinct integer values of a count slot, in written order; `fallback` when the slot is absent.
 * A single number, the slot of almost every recipe, needs no set to make it distinct.
 */
export function countValues(choice: Choice<CountItem> | undefined, fallback: number): number[] {
  if (!choice) return [fallback];
  if (choice.kind === 'number') return [choice.value];
  const values = new Set<number>();
  for (const item of choiceItems(choice)) {
    if (item.kind === 'number') values.add(item.value);
    else if (item.to) for (let v = item.from.value; v <= item.to.value; v++) values.add(v);
    else values.add(item.from.value);
  }
  return [...values];
}

/** The distinct element symbols of an element slot, in written order. */
export function elementValues(choice: Choice<Word> | undefined): string[] {
  if (choice?.kind === 'word') return [choice.text];
  return [...new Set(choiceItems(choice).map((w) => w.text))];
}

export type LigandResolution =
  | { kind: 'declared'; declaration: LigandDecl }
  | { kind: 'builtin'; name: string; ligand: BuiltinLigand }
  | { kind: 'unknown' };

/**
 * Resolves a ligand name: a file-level declaration wins over the built-in library (it shadows
 * it). The first declaration of a name is the one used.
 */
export function resolveLigand(ast: BimetalFile, name: string): LigandResolution {
  const declaration = declarationsByName(ast).get(name);
  if (declaration) return { kind: 'declared', declaration };
  const ligand = builtinLigand(name);
  if (ligand) return { kind: 'builtin', name, ligand };
  return { kind: 'unknown' };
}

const declarationIndex = new WeakMap<BimetalFile, Map<string, LigandDecl>>();

/** First declaration of each ligand name, indexed once per AST. */
function declarationsByName(ast: BimetalFile): Map<string, LigandDecl> {
  let index = declarationIndex.get(ast);
  if (!index) {
    index = new Map();
    for (const decl of ast.ligands) if (decl.name && !index.has(decl.name.text)) index.set(decl.name.text, decl);
    declarationIndex.set(ast, index);
  }
  return index;
}
